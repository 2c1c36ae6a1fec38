/**
 * The compiler launcher (ccache, distcc, icecc, or any command that takes
 * a compiler command line and runs it): put in front of every compile and
 * assemble of the generated Makefiles, never in front of the link.
 */
import { execa } from 'execa';
import { basename } from 'node:path';
import { findOnPath } from './tools.js';

export interface Launcher {
  /** The command and its arguments; empty for none. */
  words: string[];
  /** Where it was set, for messages: `--cc-launcher`, `UK_CC_LAUNCHER in the environment`, `CONFIG_UK_CC_LAUNCHER in FILE`. */
  from: string;
}

export interface LauncherSources {
  /** --cc-launcher (or UK_CC_LAUNCHER=... among make's variables); undefined when not given. */
  option: string | undefined;
  env: NodeJS.ProcessEnv;
  /** CONFIG_UK_CC_LAUNCHER of the configuration ('' when unset). */
  configured: string;
  configFile: string;
}

/** The first that is set of: the command line, the environment, the configuration. An empty value means none. */
export function chooseLauncher(s: LauncherSources): Launcher {
  const [value, from] =
    s.option !== undefined
      ? [s.option, '--cc-launcher']
      : s.env.UK_CC_LAUNCHER !== undefined
        ? [s.env.UK_CC_LAUNCHER, 'UK_CC_LAUNCHER in the environment']
        : [s.configured, `CONFIG_UK_CC_LAUNCHER in ${s.configFile}`];
  // Words separated by blanks: make's recipes split the variable the same way.
  return { words: value.split(/\s+/).filter(Boolean), from };
}

const DEBIAN_PACKAGE: Record<string, string> = { ccache: 'ccache', distcc: 'distcc', icecc: 'icecc', sccache: 'sccache' };

/** Why the launcher cannot run (its command is not on PATH), or null. */
export function launcherProblem(l: Launcher, env: NodeJS.ProcessEnv): string | null {
  if (l.words.length === 0 || findOnPath(l.words[0], env)) return null;
  const pkg = DEBIAN_PACKAGE[basename(l.words[0])];
  return `compiler launcher '${l.words[0]}' (${l.from}) not found on PATH${pkg ? ` (Debian: apt-get install ${pkg})` : ''}`;
}

/**
 * With distcc, the job slots of its hosts (`distcc -j`: the sum of the
 * hosts' limits in DISTCC_HOSTS), which is how many compiles are worth
 * running at once; null for other launchers or when distcc cannot say.
 */
export async function distccSlots(l: Launcher, env: NodeJS.ProcessEnv): Promise<number | null> {
  if (l.words.length === 0 || basename(l.words[0]) !== 'distcc') return null;
  const r = await execa(l.words[0], ['-j'], { env, extendEnv: false, stdin: 'ignore', reject: false });
  const n = Number(String(r.stdout).trim());
  return r.exitCode === 0 && Number.isInteger(n) && n > 0 ? n : null;
}
