// The peer of bench/real.mjs: secretlint's core and recommended preset (the AWS id check on, as
// agent-guard runs it; the profiler's per-call marks switched off, as agent-guard does) over every file
// git lists in the directory. Prints the number of findings. Usage: node secretlint-peer.mjs DIR
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';

const dir = process.argv[2];
Object.defineProperty(secretLintProfiler, 'mark', { value: () => {}, configurable: true, writable: true });
const config = {
  rules: [
    {
      id: '@secretlint/secretlint-rule-preset-recommend',
      rule: recommendedPreset,
      rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }],
    },
  ],
};
const files = execFileSync('git', ['ls-files', '-z'], { cwd: dir, maxBuffer: 1 << 30 })
  .toString()
  .split('\0')
  .filter(Boolean);
let findings = 0;
for (const file of files) {
  let content;
  try {
    content = readFileSync(join(dir, file), 'utf8');
  } catch {
    continue; // a submodule or a file deleted since it was listed
  }
  const result = await lintSource({
    source: { filePath: file, content, ext: extname(file), contentType: 'text' },
    options: { config, noPhysicFilePath: true, maskSecrets: true },
  });
  findings += result.messages.length;
}
console.log(JSON.stringify({ files: files.length, findings }));
