/**
 * The checks `ukconfig run --net tap:NAME` makes before starting QEMU, on a made-up
 * /sys/class/net: each way of not being able to attach is named.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TAP_NAME, tapProblem, type TapHost } from '../src/tap.js';

const root = mkdtempSync(join(tmpdir(), 'ukconfig-tap-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tun = join(root, 'tun');
writeFileSync(tun, '');

/** A device of the made-up sysfs: its files, when given. */
function device(name: string, files: Record<string, string>): void {
  mkdirSync(join(root, 'net', name), { recursive: true });
  for (const [f, v] of Object.entries(files)) writeFileSync(join(root, 'net', name, f), v + '\n');
}
device('eth0', {});
device('tun0', { tun_flags: '0x1001', owner: '-1', group: '-1' });
device('tapnobody', { tun_flags: '0x1002', owner: '-1', group: '-1' });
device('tapmine', { tun_flags: '0x1002', owner: '1000', group: '-1' });
device('tapgroup', { tun_flags: '0x1002', owner: '-1', group: '50' });

const user = (over: Partial<TapHost> = {}): TapHost => ({ sysNet: join(root, 'net'), tunDevice: tun, uid: 1000, groups: [1000], capEff: 0n, ...over });
const admin = user({ uid: 0, capEff: 1n << 12n });

describe('tapProblem', () => {
  it('accepts a tap of this user, of one of its groups, or any tap with CAP_NET_ADMIN', () => {
    expect(tapProblem('tapmine', user())).toBeNull();
    expect(tapProblem('tapgroup', user({ groups: [1000, 50] }))).toBeNull();
    expect(tapProblem('tapnobody', admin)).toBeNull();
  });
  it('names a missing device, a device that is no tap, and a tun device', () => {
    expect(tapProblem('nosuch', admin)).toMatch(/^--net tap:nosuch: there is no network device nosuch on this machine \(make the tap first: ip tuntap add dev nosuch mode tap/);
    expect(tapProblem('eth0', admin)).toContain('eth0 is a network device but not a tap');
    expect(tapProblem('tun0', admin)).toContain('tun0 is a tun device (IP packets)');
  });
  it('says "not permitted" for a tap of another user or of no one, without CAP_NET_ADMIN', () => {
    expect(tapProblem('tapnobody', user())).toBe(
      '--net tap:tapnobody: not permitted: the tap has no owner and this user (1000) lacks CAP_NET_ADMIN (make it with ip tuntap add dev tapnobody mode tap user 1000)',
    );
    expect(tapProblem('tapmine', user({ uid: 1001, groups: [] }))).toContain('not permitted: the tap belongs to user 1000 and this user (1001)');
    expect(tapProblem('tapgroup', user())).toContain('not permitted');
  });
  it('says when the tun control device cannot be opened', () => {
    expect(tapProblem('tapmine', user({ tunDevice: join(root, 'no-tun') }))).toContain('is not readable and writable by this user');
  });
  it('takes interface names only (no blank, slash, colon or comma; at most 15 bytes)', () => {
    for (const ok of ['tap0', 'uk-tap.1', 'a'.repeat(15)]) expect(TAP_NAME.test(ok)).toBe(true);
    for (const bad of ['', 'a'.repeat(16), 'ta p', 'a/b', 'a:b', 'a,b']) expect(TAP_NAME.test(bad)).toBe(false);
  });
});
