#!/usr/bin/env node
// Records what the real Linux 6.1 conf does for every case of catalog.mjs
// into expected.json. Usage: node record.mjs /path/to/linux/scripts/kconfig/conf
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './catalog.mjs';
import { caseEnv, collectOutputs, materialize } from './harness.mjs';

const conf = process.argv[2];
if (!conf) {
  console.error('usage: node record.mjs <path to Linux 6.1 scripts/kconfig/conf>');
  process.exit(2);
}
const expected = {};
for (const c of CASES) {
  const dir = materialize(c);
  const r = spawnSync(conf, c.args, {
    cwd: dir,
    env: caseEnv(c),
    input: Buffer.from(c.stdin ?? '', 'latin1'),
    argv0: 'conf',
  });
  expected[c.name] = {
    rc: r.status,
    stdout: r.stdout.toString('latin1'),
    stderr: r.stderr.toString('latin1'),
    files: collectOutputs(c, dir),
  };
  console.log(`${String(r.status).padStart(3)}  ${c.name}`);
}
const out = join(dirname(fileURLToPath(import.meta.url)), 'expected.json');
writeFileSync(out, JSON.stringify(expected, null, 1) + '\n');
console.log(`wrote ${out}`);
