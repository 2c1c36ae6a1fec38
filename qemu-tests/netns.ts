/**
 * A network namespace of the test's own with a tap device in it, for `ukconfig run --net tap:NAME`:
 * the guest's traffic stays inside the namespace (nothing reaches this machine's interfaces), and the
 * processes that talk to the guest run in it through `ip netns exec`.
 */
import { execa, type Options, type ResultPromise } from 'execa';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TapNamespace {
  name: string;
  tap: string;
  /** Runs a command in the namespace (the argument vector of `ip netns exec NAME ...`). */
  exec(cmd: string, args: string[], opts?: Options): ResultPromise<Options>;
  /** Ends every process left in the namespace and removes it; safe to call twice. */
  remove(): Promise<void>;
}

/**
 * Why a namespace cannot be made on this machine (`ip netns add` refused: no `ip`, not root, no
 * CAP_SYS_ADMIN in a container), or null when it can: tried once with a throw-away namespace.
 */
export function netnsUnavailable(): string | null {
  const probe = `ukc-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
    return null;
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return `ip netns add fails here: ${String(err.stderr ?? err.message).trim()}`;
  }
}

/**
 * Makes namespace `name` with loopback up and tap `tap` in it, up, with each of `addrs`
 * (`ip addr add` syntax: 192.168.77.1/24, fd77::1/64). `etc` are files that programs run in it see
 * in /etc instead of the machine's (resolv.conf, hosts): `ip netns exec` mounts
 * /etc/netns/NAME/FILE over /etc/FILE. On a failure half-way it removes what it made.
 */
export async function makeTapNamespace(name: string, tap: string, addrs: string[], etc: Record<string, string> = {}): Promise<TapNamespace> {
  const ip = (...args: string[]) => execa('ip', ['-n', name, ...args]);
  const etcDir = join('/etc/netns', name);
  const ns: TapNamespace = {
    name,
    tap,
    exec: (cmd, args, opts) => execa('ip', ['netns', 'exec', name, cmd, ...args], opts ?? {}),
    async remove() {
      const pids = await execa('ip', ['netns', 'pids', name], { reject: false });
      for (const pid of String(pids.stdout).split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await execa('ip', ['netns', 'del', name], { reject: false });
      rmSync(etcDir, { recursive: true, force: true });
    },
  };
  await execa('ip', ['netns', 'add', name]);
  try {
    if (Object.keys(etc).length > 0) mkdirSync(etcDir, { recursive: true });
    for (const [file, text] of Object.entries(etc)) writeFileSync(join(etcDir, file), text);
    await ip('link', 'set', 'lo', 'up');
    await ip('tuntap', 'add', 'dev', tap, 'mode', 'tap');
    // No duplicate address detection: the address is usable at once, not after a second or two.
    for (const a of addrs) await ip('addr', 'add', a, 'dev', tap, ...(a.includes(':') ? ['nodad'] : []));
    await ip('link', 'set', tap, 'up');
  } catch (e) {
    await ns.remove();
    throw e;
  }
  return ns;
}
