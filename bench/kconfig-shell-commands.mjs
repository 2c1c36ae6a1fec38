#!/usr/bin/env node
// Benchmark: the cost of each `$(shell)` command that runs one by one (when
// the parse reaches it, as conf runs it), against Linux 6.1 `conf`: a tree of
// N string symbols each with a `$(shell,echo <i>)` default, beside the same
// tree with plain defaults, `olddefconfig` with the tree cache off. The
// difference over N is what one command costs each tool: its wall time and
// its CPU time (GNU time: the tool and the processes it waited for, so
// conf's figure includes the shells it ran; ours runs the commands through
// one long-lived shell, reaped or not before it exits). Then ours' own CPU
// time per command, without any shell's, loading both trees in this process
// through the API (process.cpuUsage): the figure that spawning a shell from
// Node for each command made ~0.8 ms. All of it twice: for commands with a
// short output, and for commands whose output conf cuts at 4 KiB (a new
// shell for each of those made ours' own CPU time ~1.6 ms).
//
// Usage: node bench/kconfig-shell-commands.mjs [--commands N] [--reps N] [--json FILE]
// Needs kconfig/test/oracle/setup.sh (for conf) and npm run build. See bench/README.md.
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchOptions } from './lib/args.mjs';
import { HAVE_GNU_TIME, measure, median, rssPath, summarize } from './lib/measure.mjs';
import { loadManifest, REPO_ROOT, scratchDir, shebangNodeOptions } from './lib/oracle.mjs';
import { fmt, printTable } from './lib/table.mjs';

const opts = benchOptions('usage: node bench/kconfig-shell-commands.mjs [--commands N] [--reps N] [--json FILE]', {
  commands: { type: 'string', default: '3000' },
  reps: { type: 'string', default: '3' },
  json: { type: 'string' },
});
const N = Math.max(1, Number(opts.commands));
const REPS = Math.max(1, Number(opts.reps));
// Ours' own CPU time per command (ms): a Node spawnSync for each made it ~0.7-0.8 ms.
const TARGET_CPU_MS = 0.2;

const manifest = loadManifest();
const bin = join(REPO_ROOT, 'bin/ukconfig.js');
const TOOLS = [
  { name: 'conf', argv: [manifest.conf, '--olddefconfig', 'Kconfig'] },
  { name: 'ours', argv: [process.execPath, ...shebangNodeOptions(bin), bin, 'conf', '--olddefconfig', 'Kconfig'] },
];
const root = scratchDir('ukconfig-bench-shell-');
// `long`: 5,000 bytes of output (printf is a builtin of the shell: no more forks than for echo).
const TREES = { plain: (i) => `"${i}"`, shell: (i) => `"$(shell,echo ${i})"`, long: (i) => `"$(shell,printf '%5000s' ${i})"` };
const COMMAND_TREES = { shell: 'echo <i> (short output)', long: "printf '%5000s' <i> (cut at 4 KiB)" };
for (const [name, value] of Object.entries(TREES)) {
  mkdirSync(join(root, name));
  let text = '';
  for (let i = 0; i < N; i++) text += `config S${i}\n\tstring "s${i}"\n\tdefault ${value(i)}\n`;
  writeFileSync(join(root, name, 'Kconfig'), text);
}
const env = { PATH: process.env.PATH, HOME: root, LC_ALL: 'C', UKCONFIG_CACHE: '0' };

const samples = {};
for (let rep = 0; rep < REPS; rep++) {
  for (const tool of TOOLS) {
    for (const tree of Object.keys(TREES)) {
      const cwd = join(root, tree);
      rmSync(join(cwd, '.config'), { force: true });
      const r = await measure(tool.argv, { cwd, env, rssFile: rssPath(root, tool.name) });
      if (r.code !== 0) throw new Error(`${tool.name} on the ${tree} tree: exit ${r.code}: ${r.stderr}`);
      (samples[`${tool.name} ${tree}`] ??= []).push(r);
    }
  }
}
// Ours' own CPU time, in process.
const { loadKconfig } = await import(join(REPO_ROOT, 'kconfig/dist/index.js'));
const ownCpu = {};
for (let rep = 0; rep < REPS; rep++) {
  for (const tree of Object.keys(TREES)) {
    const before = process.cpuUsage();
    loadKconfig('Kconfig', { cwd: join(root, tree), env, output: { stdout: () => {}, stderr: () => {} } });
    const used = process.cpuUsage(before);
    (ownCpu[tree] ??= []).push((used.user + used.system) / 1000);
  }
}
rmSync(root, { recursive: true, force: true });

const result = { commands: N, reps: REPS, trees: {} };
const rows = [];
for (const [tree, label] of Object.entries(COMMAND_TREES)) {
  const r = (result.trees[tree] = { command: label, tools: {} });
  for (const tool of TOOLS) {
    const plain = summarize(samples[`${tool.name} plain`]);
    const shell = summarize(samples[`${tool.name} ${tree}`]);
    const perCommand = { wallMs: (shell.medianMs - plain.medianMs) / N, cpuMs: (shell.medianCpuMs - plain.medianCpuMs) / N };
    r.tools[tool.name] = { plain, shell, perCommand };
    rows.push([label, tool.name, fmt(plain.medianMs), fmt(shell.medianMs), fmt(perCommand.wallMs, 3), HAVE_GNU_TIME ? fmt(perCommand.cpuMs, 3) : '-']);
  }
  r.oursOwnCpuMsPerCommand = (median(ownCpu[tree]) - median(ownCpu.plain)) / N;
}
console.log(`$(shell) commands run one by one: ${fmt(N)} commands, ${REPS} runs each (medians)`);
printTable(['command', 'tool', 'no commands ms', 'with commands ms', 'wall ms/command', 'CPU ms/command'], rows);
console.log('');
for (const r of Object.values(result.trees)) {
  const own = r.oursOwnCpuMsPerCommand;
  console.log(`${r.command}: ours/conf, wall time per command ${fmt(r.tools.ours.perCommand.wallMs / r.tools.conf.perCommand.wallMs, 2)}x; ours' own CPU time per command (in process, no shell's) ${fmt(own, 3)} ms (target <= ${TARGET_CPU_MS} ms): ${own <= TARGET_CPU_MS ? 'met' : 'NOT met'}`);
}
if (opts.json) writeFileSync(opts.json, JSON.stringify(result, null, 2));
