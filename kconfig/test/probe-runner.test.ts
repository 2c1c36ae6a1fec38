/**
 * ProbeRunner's bookkeeping stays linear in the number of commands: a tree
 * can run tens of thousands of `$(shell)` commands (conf runs them all, so
 * we must too), and each live command stops the runner, which once went back
 * over every earlier command's result (quadratic: 160,000 commands took more
 * than 30 s of our own CPU time). Counted, not timed: how often a result is
 * looked up while commands run one after another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { ProbeRunner } from '../src/probe-runner.js';

let dir: string | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it.each([
  { name: 'each when asked', policy: { ahead: false, allConcurrent: false } },
  { name: 'ahead allowed', policy: { ahead: true, allConcurrent: false } },
])('looks up each earlier result a bounded number of times over many live commands ($name)', ({ policy }) => {
  dir = mkdtempSync(join(tmpdir(), 'kconfig-probe-runner-'));
  const runner = new ProbeRunner({ PATH: process.env.PATH, TMPDIR: dir }, dir, policy);
  const lookups = vi.spyOn(ProbeRunner.prototype, 'result');
  const n = 150;
  try {
    for (let i = 0; i < n; i++) expect(runner.run(`echo ${i}`).stdout).toBe(`${i}\n`);
  } finally {
    runner.close();
  }
  // One pass over all earlier results per command would be n * (n - 1) / 2 = 11,175.
  expect(lookups.mock.calls.length).toBeLessThanOrEqual(n);
});
