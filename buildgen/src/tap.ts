/**
 * `ukconfig run --net tap:NAME`: the checks made before QEMU is started on a tap device the user
 * made, so that a missing device, a device that is no tap, or a tap this user may not attach to is
 * said in words instead of as QEMU's "could not configure /dev/net/tun".
 *
 * What the kernel decides (drivers/net/tun.c, tun_not_capable): attaching to an existing tap is
 * allowed to the tap's owner, to a member of its group, and otherwise only with CAP_NET_ADMIN.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Linux's interface names: at most 15 bytes (IFNAMSIZ less the NUL), no '/', blank or ':'; no ',' (QEMU's option separator). */
export const TAP_NAME = /^[A-Za-z0-9_.+-]{1,15}$/;

/** The tun driver's flag of a tap (layer 2) device, as /sys/class/net/NAME/tun_flags shows it (IFF_TAP). */
const IFF_TAP = 0x0002;
/** The capability bit that lets a process attach to any tap (CAP_NET_ADMIN). */
const CAP_NET_ADMIN = 12n;

export interface TapHost {
  /** /sys/class/net of the network namespace this process is in. */
  sysNet: string;
  /** The tun control device QEMU opens. */
  tunDevice: string;
  uid: number;
  groups: number[];
  /** The effective capabilities, as /proc/self/status's CapEff. */
  capEff: bigint;
}

export function thisHost(): TapHost {
  const status = readFileSync('/proc/self/status', 'utf8');
  const cap = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1] ?? '0';
  return {
    sysNet: '/sys/class/net',
    tunDevice: '/dev/net/tun',
    uid: process.getuid?.() ?? -1,
    groups: process.getgroups?.() ?? [],
    capEff: BigInt('0x' + cap),
  };
}

const readNumber = (file: string): number | null => {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch {
    return null;
  }
};

/** Why QEMU cannot attach to tap NAME here, or null when it can. */
export function tapProblem(name: string, host: TapHost = thisHost()): string | null {
  const dir = join(host.sysNet, name);
  const make = `ip tuntap add dev ${name} mode tap user ${host.uid}; ip link set ${name} up`;
  if (!existsSync(dir)) return `--net tap:${name}: there is no network device ${name} on this machine (make the tap first: ${make})`;
  const flags = readNumber(join(dir, 'tun_flags'));
  if (flags === null) return `--net tap:${name}: ${name} is a network device but not a tap (the guest needs one made with ip tuntap ... mode tap)`;
  if ((flags & IFF_TAP) === 0) return `--net tap:${name}: ${name} is a tun device (IP packets); the guest needs a tap device (Ethernet frames, ip tuntap ... mode tap)`;
  const owner = readNumber(join(dir, 'owner'));
  const group = readNumber(join(dir, 'group'));
  const mayAttach =
    (owner !== null && owner !== -1 && owner === host.uid) ||
    (group !== null && group !== -1 && host.groups.includes(group)) ||
    ((host.capEff >> CAP_NET_ADMIN) & 1n) === 1n;
  if (!mayAttach) {
    const who = owner !== null && owner !== -1 ? `belongs to user ${owner}` : 'has no owner';
    return `--net tap:${name}: not permitted: the tap ${who} and this user (${host.uid}) lacks CAP_NET_ADMIN (make it with ip tuntap add dev ${name} mode tap user ${host.uid})`;
  }
  try {
    accessSync(host.tunDevice, constants.R_OK | constants.W_OK);
  } catch {
    return `--net tap:${name}: ${host.tunDevice} is not readable and writable by this user (QEMU opens it to attach to the tap)`;
  }
  return null;
}
