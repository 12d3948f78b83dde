#!/usr/bin/env node
// agent-guard CLI: runs the committed bundle, so it needs no build step and no dev dependencies.
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  process.stderr.write(`agent-guard: Node.js >= 20 is required (this is ${process.version})\n`);
  process.exit(2);
}
await import('../dist/cli.js');
