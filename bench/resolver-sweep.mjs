#!/usr/bin/env node
// Benchmark: the resolver's planner over the whole Linux 6.1 x86_64 tree,
// from the configuration `make x86_64_defconfig` gives (.config written and
// read back, as a user has it):
//   enable   every bool/tristate symbol with a prompt that is n and cannot be set to y: plan =y
//   disable  every one that is y and cannot be set to n: plan =n
// Each plan is verified on the engine by the planner itself; this script
// applies every plan offered once more through the public API and counts
// those that take (the target: 100%).
//
// Prints, per sweep: candidates, plans found / verified / proven smallest,
// impossible, too complex, unconfirmed (every model the planner found was
// refused by the engine: the model disagrees with it; target 0), and time per symbol p50 / p95 / max plus the
// total. Target: p95 <= 50 ms, no plan over 2 s. No other Kconfig tool plans
// at all, so there is nothing to compare with.
//
// Usage: node bench/resolver-sweep.mjs [--json FILE] [--every N] [--timeout MS]
// Needs kconfig/test/oracle/setup.sh to have run and `npm run build`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchOptions } from './lib/args.mjs';
import { kernelEnv, loadManifest, REPO_ROOT } from './lib/oracle.mjs';

const opts = benchOptions('usage: node bench/resolver-sweep.mjs [--json FILE] [--every N] [--timeout MS]', {
  json: { type: 'string' },
  every: { type: 'string', default: '1' },
  timeout: { type: 'string', default: '2000' },
});
const EVERY = Math.max(1, Number(opts.every));

const dist = (p) => import(join(REPO_ROOT, p));
const { loadKconfig, applyConfigs, trial } = await dist('kconfig/dist/index.js');
const { RecordedShell } = await dist('kconfig/dist/shell.js');
const { applyPlan } = await dist('dist/resolver/src/plan.js');
const { sweep, sweepCandidates } = await dist('dist/resolver/src/sweep.js');

const manifest = loadManifest();
const env = kernelEnv(manifest, 'x86_64');
const silent = { stdout() {}, stderr() {} };

let t = performance.now();
const kc = loadKconfig('Kconfig', { cwd: manifest.linux, env, output: silent, shell: new RecordedShell(manifest.probes.x86_64, env, manifest.linux) });
const loadMs = performance.now() - t;
applyConfigs(kc, 'arch/x86/configs/x86_64_defconfig');
const config = join(mkdtempSync(join(tmpdir(), 'resolver-bench-')), '.config');
kc.writeConfig(config);
kc.readConfig(config);
const before = kc.configText();

const results = {};
const allMs = [];
for (const direction of ['enable', 'disable']) {
  const value = direction === 'enable' ? 'y' : 'n';
  const symbols = sweepCandidates(kc, direction).filter((_, i) => i % EVERY === 0);
  let verified = 0;
  const slowest = [];
  const disagreements = [];
  const summary = sweep(kc, direction, {
    symbols,
    timeoutMs: Number(opts.timeout),
    onEntry: ({ symbol, result, ms }) => {
      slowest.push([ms, symbol.name]);
      allMs.push(ms);
      if (result.unconfirmed) disagreements.push({ symbol: symbol.name, reason: result.reason });
      if (!result.ok) return;
      const took = trial(kc, (snap) => {
        for (const c of result.changes) snap.keep(c.symbol);
        const ok = applyPlan(kc, result);
        kc.clearAllValid();
        return ok && symbol.strValue === value;
      });
      if (took) verified++;
    },
  });
  slowest.sort((a, b) => b[0] - a[0]);
  results[direction] = { ...summary, verified, disagreements, slowest: slowest.slice(0, 5).map(([ms, name]) => ({ symbol: name, ms: Math.round(ms) })) };
}
const restored = kc.configText() === before;

const f = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)).padStart(7);
console.log(`Linux 6.1 x86_64, from x86_64_defconfig (tree loaded in ${loadMs.toFixed(0)} ms${EVERY > 1 ? `, every ${EVERY}th symbol` : ''})`);
console.log('');
console.log('sweep      candidates   plans  verified  smallest  impossible  too-complex  unconfirmed    p50 ms   p95 ms   max ms   total s');
for (const [name, r] of Object.entries(results)) {
  console.log(
    `${name.padEnd(10)} ${String(r.candidates).padStart(10)} ${String(r.plans).padStart(7)} ${String(r.verified).padStart(9)} ${String(r.smallest).padStart(9)} ${String(r.impossible).padStart(11)} ${String(r.tooComplex).padStart(12)} ${String(r.unconfirmed).padStart(12)}   ${f(r.p50)}  ${f(r.p95)}  ${f(r.max)}  ${(r.totalMs / 1000).toFixed(1).padStart(8)}`,
  );
}
allMs.sort((a, b) => a - b);
const pct = (p) => allMs[Math.min(allMs.length - 1, Math.floor((p / 100) * allMs.length))];
const both = { candidates: allMs.length, p50: pct(50), p95: pct(95), max: allMs.at(-1) };
console.log(`${'both'.padEnd(10)} ${String(both.candidates).padStart(10)} ${''.padStart(7)} ${''.padStart(9)} ${''.padStart(9)} ${''.padStart(11)} ${''.padStart(12)} ${''.padStart(12)}   ${f(both.p50)}  ${f(both.p95)}  ${f(both.max)}`);
console.log('');
for (const [name, r] of Object.entries(results)) {
  console.log(`${name}: verified ${r.verified}/${r.plans} plans (${r.plans ? ((100 * r.verified) / r.plans).toFixed(1) : '100.0'}%); ${r.unconfirmed} unconfirmed (the model disagreeing with the engine; target 0); p95 ${r.p95 <= 50 ? '<=' : '>'} 50 ms target; max ${r.max <= 2000 ? '<=' : '>'} 2 s bound`);
  console.log(`  slowest: ${r.slowest.map((s) => `${s.symbol} ${s.ms} ms`).join(', ')}`);
  for (const d of r.disagreements) console.log(`  unconfirmed: ${d.symbol}: ${d.reason}`);
}
console.log(`configuration unchanged after both sweeps: ${restored ? 'yes' : 'NO'}`);
if (opts.json) writeFileSync(opts.json, JSON.stringify({ loadMs, every: EVERY, restored, results, both }, null, 2) + '\n');
