// Locates the Linux 6.1 oracle prepared by kconfig/test/oracle/setup.sh and
// describes the two tools under comparison: the real conf ("conf") and ours.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const ORACLE_SCRIPTS = join(REPO_ROOT, 'kconfig/test/oracle');
export const ARCHS = ['x86_64', 'arm64'] as const;
export type Arch = (typeof ARCHS)[number];

export interface OracleManifest {
  format: number;
  linux: string;
  kernelversion: string;
  conf: string;
  shim: string;
  archs: Arch[];
  probes: Record<Arch, string>;
  randconfigSeeds: number;
  randconfigs: Record<Arch, string>;
}

/** DIR given to setup.sh: env UKCONFIG_ORACLE_DIR, else <repo>/.cache/linux-6.1. */
export function oracleDir(): string {
  return resolve(process.env.UKCONFIG_ORACLE_DIR || join(REPO_ROOT, '.cache/linux-6.1'));
}

export const SETUP_HINT = `run kconfig/test/oracle/setup.sh${process.env.UKCONFIG_ORACLE_DIR ? ' "$UKCONFIG_ORACLE_DIR"' : ''} first (set UKCONFIG_SKIP_ORACLE=1 to skip these tests on purpose)`;

/** The manifest, or a reason why the oracle is unusable. */
export function loadOracle(): { manifest: OracleManifest } | { problem: string } {
  const dir = oracleDir();
  const file = join(dir, 'oracle.json');
  if (!existsSync(file)) return { problem: `Linux 6.1 oracle not found (${file} is missing): ${SETUP_HINT}` };
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as OracleManifest;
  for (const p of [manifest.conf, manifest.shim, ...Object.values(manifest.probes)]) {
    if (!existsSync(p)) return { problem: `Linux 6.1 oracle in ${dir} is incomplete (${p} is missing): ${SETUP_HINT}` };
  }
  return { manifest };
}

export function skipOracleRequested(): boolean {
  return process.env.UKCONFIG_SKIP_ORACLE === '1';
}

const envCache = new Map<string, Record<string, string>>();

/** The environment the kernel Makefile gives conf for `arch` (linux-env.sh). */
export function kernelEnv(manifest: OracleManifest, arch: Arch): Record<string, string> {
  const key = `${manifest.linux}\0${arch}`;
  let env = envCache.get(key);
  if (!env) {
    const raw = execFileSync('bash', [join(ORACLE_SCRIPTS, 'linux-env.sh'), manifest.linux, arch], { encoding: 'utf8' });
    env = {};
    for (const kv of raw.split('\0')) {
      if (!kv) continue;
      const eq = kv.indexOf('=');
      env[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    envCache.set(key, env);
  }
  return { ...env };
}

/**
 * Environment for one tool run: the kernel env, probes replayed from the
 * oracle's cache for both tools (KSHELL_CACHE; LD_PRELOAD only matters to the
 * C conf and is inert for node), plus the case's own variables.
 */
export function toolEnv(manifest: OracleManifest, arch: Arch, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...kernelEnv(manifest, arch),
    KSHELL_CACHE: manifest.probes[arch],
    LD_PRELOAD: manifest.shim,
    ...extra,
  };
}

/** Splits a command line into words; honours '…', "…" and backslash escapes. */
export function splitCommand(cmd: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < cmd.length) cur += cmd[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < cmd.length) {
      cur += cmd[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** Resolves a bare program name with the harness's own PATH (tools run with a minimal PATH). */
function resolveProgram(word: string): string {
  if (word === 'node') return process.execPath;
  if (word.includes('/')) return resolve(word);
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(d, word);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* keep looking */
    }
  }
  return word;
}

/**
 * Node options from a `#!/usr/bin/env -S node <options>` line, so that running
 * a script with an explicit `node` gives the same runtime settings (e.g.
 * --stack-size) as executing it.
 */
export function shebangNodeOptions(script: string): string[] {
  const first = readFileSync(script, 'utf8').split('\n', 1)[0];
  const m = /^#!\s*\S*\benv\s+-S\s+node\b(.*)$/.exec(first);
  return m ? splitCommand(m[1]) : [];
}

/**
 * argv prefix of our conf: env UKCONFIG_CONF_CMD, default `node <repo>/bin/ukconfig.js conf`
 * (with the node options of the script's shebang line, using the harness's own node).
 */
export function oursCommand(): string[] {
  const cmd = process.env.UKCONFIG_CONF_CMD;
  if (cmd && cmd.trim()) {
    const words = splitCommand(cmd);
    const program = resolveProgram(words[0]);
    const rest = words.slice(1);
    if (program === process.execPath && rest[0]?.endsWith('.js') && existsSync(rest[0])) return [program, ...shebangNodeOptions(rest[0]), ...rest];
    return [program, ...rest];
  }
  const bin = join(REPO_ROOT, 'bin/ukconfig.js');
  return [process.execPath, ...(existsSync(bin) ? shebangNodeOptions(bin) : []), bin, 'conf'];
}

export function confCommand(manifest: OracleManifest): string[] {
  return [manifest.conf];
}
