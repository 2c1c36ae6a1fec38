/**
 * Name resolution, differentially: examples/resolve/main.c (getaddrinfo for IPv4 and IPv6, and
 * gethostbyname) is built for this machine with the host's cc and C library, and unmodified with
 * musl into a kvm-x86_64 image over posix-socket and lwIP. Both run in a network namespace of the
 * test's own, with the same /etc/resolv.conf and /etc/hosts (the host build through `ip netns exec`'s
 * /etc/netns, the image from its initrd), asking the same small DNS server of the test in the
 * namespace; the image reaches it over a tap (`ukconfig run --net tap:NAME`). The two must print the
 * same lines, and the server must have seen the image's questions. lwIP's own DNS client (the raw
 * API, qemu-tests/apps/lwipdns) asks the same server, and learns QEMU user networking's from DHCP.
 */
import { execa, type ResultPromise } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTapNamespace, netnsUnavailable, type TapNamespace } from './netns.js';
import { configureAndBuild, copyExample, copyTestApp, GUEST_TIMEOUT_S, removeScratch, ROOT, runGuest, tempDir } from './ukconfig.js';

afterAll(removeScratch);

const NETNS_PROBLEM = netnsUnavailable();
if (NETNS_PROBLEM) console.warn(`resolve: skipped, ${NETNS_PROBLEM}`);

const ZONE = {
  'alpha.test': { A: ['192.0.2.10', '192.0.2.11'] },
  'beta.test': { A: ['192.0.2.20'], AAAA: ['2001:db8::20'] },
  'v6only.test': { AAAA: ['2001:db8::30', '2001:db8::31'] },
};
const RESOLV_CONF = 'nameserver 192.168.77.1\n';
// Both families for the name of /etc/hosts: with one, glibc asks the name server for the other and
// musl does not (each C library's choice, not the image's).
const HOSTS = '127.0.0.1 localhost\n192.0.2.99 hosts-only.test\n2001:db8::99 hosts-only.test\n';
const NAMES = ['alpha.test', 'beta.test', 'v6only.test', 'hosts-only.test', 'missing.test'];

/** The program's own lines. */
const lines = (text: string) => text.replace(/\r/g, '').split('\n').filter((l) => /^(getaddrinfo|gethostbyname) /.test(l));
/**
 * The lines as both C libraries can give them: for a name with no address of the family asked,
 * glibc says EAI_NODATA (HOST_NOT_FOUND's sibling NO_DATA) and musl 1.2.3 EAI_NONAME
 * (src/network/lookup_name.c, name_from_dns), so "no address" is compared as "no such name".
 */
const comparable = (ls: string[]) => ls.map((l) => l.replace(/: no address$/, ': no such name'));

describe.skipIf(NETNS_PROBLEM !== null)('resolve (musl getaddrinfo, gethostbyname) on the host and on kvm-x86_64', () => {
  let app: string;
  let lwipdns: string;
  let hostBin: string;
  let rootfs: string;
  let ns: TapNamespace;
  let dns: ResultPromise;
  const queries = { text: '' };

  beforeAll(async () => {
    app = copyExample('resolve');
    hostBin = join(tempDir('resolve-host'), 'resolve');
    await execa('cc', ['-O2', '-Wall', '-Werror', '-o', hostBin, join(ROOT, 'examples', 'resolve', 'main.c')]);
    rootfs = tempDir('resolve-rootfs');
    mkdirSync(join(rootfs, 'etc'));
    writeFileSync(join(rootfs, 'etc', 'resolv.conf'), RESOLV_CONF);
    writeFileSync(join(rootfs, 'etc', 'hosts'), HOSTS);
    await configureAndBuild(app, 'kvm-x86_64');
    lwipdns = copyTestApp('lwipdns');
    await configureAndBuild(lwipdns, 'kvm-x86_64');
    ns = await makeTapNamespace(`ukc-dns-${process.pid}`, 'uktap0', ['192.168.77.1/24'], { 'resolv.conf': RESOLV_CONF, hosts: HOSTS });
    dns = ns.exec(process.execPath, [join(ROOT, 'qemu-tests', 'dns-responder.mjs'), '192.168.77.1', '53', JSON.stringify(ZONE)], { reject: false });
    await new Promise<void>((res) => {
      dns.stdout!.on('data', (d: Buffer) => {
        queries.text += d.toString();
        if (queries.text.includes('ready')) res();
      });
      void dns.then(() => res());
    });
    expect(queries.text, 'the DNS server did not start').toContain('ready');
  }, 300_000);
  afterAll(async () => {
    dns?.kill();
    await ns?.remove();
  });

  it('gives the same addresses and errors as the host, from /etc/hosts and from the name server', async () => {
    const host = await ns.exec(hostBin, NAMES, { reject: false, timeout: 30_000 });
    expect(host.exitCode, String(host.stderr)).toBe(0);
    const hostLines = lines(String(host.stdout));
    expect(hostLines).toEqual([
      'getaddrinfo inet  alpha.test: 192.0.2.10 192.0.2.11',
      'getaddrinfo inet6 alpha.test: no address',
      'gethostbyname alpha.test: alpha.test is 192.0.2.10 192.0.2.11',
      'getaddrinfo inet  beta.test: 192.0.2.20',
      'getaddrinfo inet6 beta.test: 2001:db8::20',
      'gethostbyname beta.test: beta.test is 192.0.2.20',
      'getaddrinfo inet  v6only.test: no address',
      'getaddrinfo inet6 v6only.test: 2001:db8::30 2001:db8::31',
      'gethostbyname v6only.test: no address',
      'getaddrinfo inet  hosts-only.test: 192.0.2.99',
      'getaddrinfo inet6 hosts-only.test: 2001:db8::99',
      'gethostbyname hosts-only.test: hosts-only.test is 192.0.2.99',
      'getaddrinfo inet  missing.test: no such name',
      'getaddrinfo inet6 missing.test: no such name',
      'gethostbyname missing.test: no such name',
    ]);

    queries.text = '';
    const guest = await ns.exec(
      process.execPath,
      [join(ROOT, 'bin', 'ukconfig.js'), '-C', app, 'run', '--plat', 'kvm', '--timeout', String(GUEST_TIMEOUT_S), '--mem', '32M', '--net', 'tap:uktap0',
        '--initrd', rootfs, '--', 'lwip.ip=192.168.77.2', 'lwip.netmask=255.255.255.0', 'lwip.gw=192.168.77.1', '--', ...NAMES],
      { reject: false, timeout: (GUEST_TIMEOUT_S + 30) * 1000 },
    );
    const all = String(guest.stdout) + String(guest.stderr);
    expect(guest.exitCode, all).toBe(0);
    expect(comparable(lines(String(guest.stdout))), all).toEqual(comparable(hostLines));
    // The image asked the server (over the tap), and not for the name /etc/hosts has.
    expect(queries.text).toContain('query 192.168.77.2 alpha.test A');
    expect(queries.text).toContain('query 192.168.77.2 v6only.test AAAA');
    expect(queries.text).not.toContain('hosts-only.test');
  }, 120_000);

  /**
   * lwIP's own DNS client (qemu-tests/apps/lwipdns, the raw API): the server from lwip.dns, asked
   * over the tap, IPv4 first and IPv6 when the name has no IPv4 address; and from QEMU user
   * networking's DHCP server, which names 10.0.2.3.
   */
  it("lwIP's DNS client: the server of lwip.dns over a tap, and DHCP's", async () => {
    queries.text = '';
    const r = await ns.exec(
      process.execPath,
      [join(ROOT, 'bin', 'ukconfig.js'), '-C', lwipdns, 'run', '--plat', 'kvm', '--timeout', String(GUEST_TIMEOUT_S), '--mem', '16M', '--net', 'tap:uktap0',
        '--', 'lwip.ip=192.168.77.2', 'lwip.netmask=255.255.255.0', 'lwip.gw=192.168.77.1', 'lwip.dns=192.168.77.1', '--', 'beta.test', 'v6only.test', 'missing.test'],
      { reject: false, timeout: (GUEST_TIMEOUT_S + 30) * 1000 },
    );
    const all = String(r.stdout) + String(r.stderr);
    expect(r.exitCode, all).toBe(0);
    expect(all).toContain('lwip: DNS server 192.168.77.1\r\n');
    expect(all.replace(/\r/g, '').split('\n').filter((l) => l.startsWith('lwipdns:'))).toEqual([
      'lwipdns: beta.test is 192.0.2.20',
      'lwipdns: v6only.test is 2001:DB8::30',
      'lwipdns: missing.test: no address',
    ]);
    expect(queries.text).toContain('query 192.168.77.2 beta.test A');
    expect(queries.text).toContain('query 192.168.77.2 v6only.test AAAA');

    const dhcp = await runGuest(lwipdns, ['--plat', 'kvm', '--mem', '16M', '--net', 'user'], ['lwip.dhcp', '--']);
    expect(dhcp.exitCode, dhcp.stdout + dhcp.stderr).toBe(0);
    expect(dhcp.stdout).toContain('lwip: DNS server 10.0.2.3 (DHCP)\n');

    // Parameters that are no address are named, and lwIP does not start.
    for (const [param, says] of [['lwip.dns=name.server', 'lwip: lwip.dns=name.server is not an IP address'], ['lwip.ip6=fd77::g', 'lwip: lwip.ip6=fd77::g is not an IPv6 address']]) {
      const bad = await runGuest(lwipdns, ['--plat', 'kvm', '--mem', '16M', '--net', 'user'], [param, '--']);
      expect(bad.stdout).toContain(says);
      expect(bad.exitCode).toBe(1);
    }
  }, 120_000);
});
