/**
 * Benchmark of the tool-payload validator on generated OpenAI fine-tuning JSONL (1% bad records).
 *
 *   npm run bench:payload
 *   # = npx esbuild bench/payload.ts --bundle --platform=node --format=esm --main-fields=module,main \
 *   #     --outfile=/tmp/payload-bench.mjs && node /tmp/payload-bench.mjs
 *   # (--main-fields: jsonc-parser's default entry is a UMD build esbuild cannot bundle as ESM)
 *   node /tmp/payload-bench.mjs --sizes 10,100      # MB per generated file (default 10,100)
 *
 * For each size it writes /tmp/agent-guard-payload-<N>MB.jsonl (streamed; reused if present), then
 * validates it in a fresh child process so that each peak RSS is its own, and prints MB/s, peak RSS and
 * the counts. Memory must not grow with file size: the validator holds one line at a time.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { validateJsonl } from '../src/families/tool-payload/stream.js';

const TOOL_NAMES = [
  'get_weather',
  'isolate_device',
  'run_hunting_query',
  'get_alert',
  'list_incidents',
  'block_indicator',
  'get_machine',
  'quarantine_file',
  'search_users',
  'send_email',
  'create_ticket',
  'update_ticket',
  'get_file_info',
  'list_devices',
  'collect_package',
  'run_av_scan',
  'restrict_app',
  'get_vulns',
  'get_user_logons',
  'stop_and_quarantine',
];

function tool(name: string, i: number) {
  return {
    type: 'function',
    function: {
      name,
      description: `Tool ${name}: performs operation ${i} against the security API and returns JSON.`,
      parameters: {
        type: 'object',
        properties: {
          target_id: { type: 'string', pattern: '^[a-z0-9-]{3,64}$', description: 'Identifier of the target object.' },
          comment: { type: 'string', description: 'Audit comment.' },
          mode: { type: 'string', enum: ['Full', 'Selective', 'Quick'] },
          limit: { type: 'integer', minimum: 1, maximum: 1000 },
          [`opt_${i}`]: { type: 'boolean' },
        },
        required: ['target_id', 'comment'],
        additionalProperties: false,
      },
    },
  };
}
const TOOLS = TOOL_NAMES.map(tool);

/** A deterministic generator (LCG), so the data and the counts are the same every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function record(n: number, rand: () => number, bad: boolean): string {
  const picks = new Set<number>();
  while (picks.size < 6) picks.add(Math.floor(rand() * TOOLS.length));
  const tools = [...picks].sort((a, b) => a - b).map((i) => TOOLS[i]);
  const t = tools[Math.floor(rand() * tools.length)].function.name;
  let args: Record<string, unknown> = {
    target_id: `dev-${n.toString(36)}`,
    comment: `ticket ${n} containment for host ${(n * 7919) % 100000}`,
    mode: 'Full',
    limit: 1 + (n % 1000),
  };
  let argText: string | undefined;
  let name = t;
  if (bad) {
    switch (Math.floor(n / 100) % 5) {
      case 0:
        args = { ...args, mode: 'Partial' };
        break;
      case 1:
        args = { ...args, limit: String(args.limit) };
        break;
      case 2:
        argText = `{"target_id": "dev-${n}", "comment": "x",}`;
        break;
      case 3:
        name = 'delete_everything';
        break;
      default:
        delete args.comment;
    }
  }
  const id = `call_${n.toString(36)}`;
  return JSON.stringify({
    messages: [
      { role: 'system', content: 'You are a security operations assistant. Produce tool calls for the Defender API only when asked.' },
      { role: 'user', content: `Please handle incident ${n}: contain device dev-${n.toString(36)} and leave an audit comment referencing the ticket.` },
      { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name, arguments: argText ?? JSON.stringify(args) } }] },
      { role: 'tool', tool_call_id: id, content: '{"status":"Succeeded","actionId":"0b1e6f0c"}' },
      { role: 'assistant', content: `Done: the action for incident ${n} succeeded.` },
    ],
    tools,
  });
}

async function generate(path: string, mb: number): Promise<void> {
  const target = mb * 1024 * 1024;
  const out = createWriteStream(path);
  const rand = rng(42);
  let written = 0;
  let n = 0;
  while (written < target) {
    const line = `${record(n, rand, n % 100 === 37)}\n`;
    written += Buffer.byteLength(line);
    n++;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function validateChild(path: string): Promise<void> {
  const started = performance.now();
  const counts: Record<string, number> = {};
  const stats = await validateJsonl(path, {
    onFinding: (f) => {
      counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const bytes = statSync(path).size;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ bytes, seconds, mbPerSecond: bytes / 1024 / 1024 / seconds, peakRssMb, ...stats, byRule: counts }) + '\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--validate') return validateChild(args[1]);
  const sizes = (args[args.indexOf('--sizes') + 1] && args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : '10,100').split(',').map(Number);
  console.log(`node ${process.version}; validator: src/families/tool-payload/stream.ts (one line at a time, schemas compiled once)`);
  console.log('size      MB/s   peak RSS   records   invalid  findings  schemas compiled');
  for (const mb of sizes) {
    const path = `/tmp/agent-guard-payload-${mb}MB.jsonl`;
    if (!existsSync(path) || Math.abs(statSync(path).size - mb * 1024 * 1024) > 1024 * 1024) await generate(path, mb);
    const r = spawnSync(process.execPath, [process.argv[1], '--validate', path], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(r.stderr);
    const s = JSON.parse(r.stdout.trim().split('\n').pop()!);
    console.log(
      `${String(mb).padStart(4)} MB ${s.mbPerSecond.toFixed(1).padStart(7)} ${`${s.peakRssMb.toFixed(0)} MB`.padStart(10)} ${String(s.records).padStart(9)} ${String(s.invalidRecords).padStart(9)} ${String(s.findings).padStart(9)} ${String(s.schemasCompiled).padStart(9)}   ${JSON.stringify(s.byRule)}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
