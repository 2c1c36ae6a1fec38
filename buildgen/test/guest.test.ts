/**
 * Run commands per (platform, architecture) and the decoding of exit codes
 * into main()'s status, as native/README.md defines them.
 */
import { describe, expect, it } from 'vitest';
import { decodeExit, gdbCommandLine, guestCommand, GuestArgumentError, kernelCommandLine, RUN_FAILED, type GuestSpec } from '../src/guest.js';
import { hostArch } from '../src/tools.js';

const spec = (plat: string, arch: string, over: Partial<GuestSpec> = {}): GuestSpec => ({
  plat,
  arch,
  image: '/b/img',
  settings: { debugExitPort: arch === 'x86_64' ? '0xf4' : null, semihosting: arch === 'arm64' || arch === 'arm32' },
  args: [],
  ...over,
});

describe('kernelCommandLine', () => {
  it('quotes words with blanks and empty words, leaves others', () => {
    expect(kernelCommandLine(['a.b=1', 'x.greeting=Hi there', '--', 'a', 'b c', ''])).toBe('a.b=1 "x.greeting=Hi there" -- a "b c" ""');
  });
  it('refuses a double quote, which the guest cannot receive', () => {
    expect(() => kernelCommandLine(['say "hi"'])).toThrow(GuestArgumentError);
  });
});

describe('guestCommand', () => {
  it('kvm x86_64 on pc and microvm, with the isa-debug-exit port of the image', () => {
    const pc = guestCommand(spec('kvm', 'x86_64', { args: ['a b'], settings: { debugExitPort: '0x501', semihosting: false } }));
    expect(pc.file).toBe('qemu-system-x86_64');
    expect(pc.args.join(' ')).toBe(
      '-M pc -accel tcg -nodefaults -no-user-config -display none -serial stdio -no-reboot ' +
        '-device isa-debug-exit,iobase=0x501,iosize=0x04 -m 2M -kernel /b/img -append "a b"',
    );
    const vm = guestCommand(spec('kvm', 'x86_64', { machine: 'microvm', memory: '1536K' }));
    expect(vm.args.slice(0, 2)).toEqual(['-M', 'microvm,x-option-roms=off,isa-serial=on,rtc=off,pit=off,pic=off']);
    expect(vm.args).toContain('1536K');
  });
  it('kvm arm64 on virt with semihosting only when the image uses it', () => {
    const on = guestCommand(spec('kvm', 'arm64'));
    expect(on.file).toBe('qemu-system-aarch64');
    expect(on.args.join(' ')).toBe(
      '-M virt -cpu cortex-a57 -accel tcg -nodefaults -no-user-config -display none -serial stdio -no-reboot -semihosting -m 8M -kernel /b/img -append ',
    );
    expect(guestCommand(spec('kvm', 'arm64', { settings: { debugExitPort: null, semihosting: false } })).args).not.toContain('-semihosting');
  });
  it('kvm arm32 on virt with a Cortex-A15, semihosting as on arm64', () => {
    const on = guestCommand(spec('kvm', 'arm32'));
    expect(on.file).toBe('qemu-system-arm');
    expect(on.args.join(' ')).toBe(
      '-M virt -cpu cortex-a15 -accel tcg -nodefaults -no-user-config -display none -serial stdio -no-reboot -semihosting -m 8M -kernel /b/img -append ',
    );
    expect(() => guestCommand(spec('kvm', 'arm32', { machine: 'pc' }))).toThrow(/kvm-arm32 images run on virt, not 'pc'/);
    expect(guestCommand(spec('linuxu', 'arm32', { args: ['x'] }))).toEqual({ file: 'qemu-arm', args: ['/b/img', 'x'] });
  });
  it('machine options follow the machine: ACPI off on pc, the GIC version on virt', () => {
    expect(guestCommand(spec('kvm', 'x86_64', { machine: 'pc,acpi=off' })).args.slice(0, 2)).toEqual(['-M', 'pc,acpi=off']);
    expect(guestCommand(spec('kvm', 'arm64', { machine: 'virt,gic-version=3' })).args.slice(0, 2)).toEqual(['-M', 'virt,gic-version=3']);
    const vm = guestCommand(spec('kvm', 'x86_64', { machine: 'microvm,rtc=on' }));
    expect(vm.args[1]).toBe('microvm,x-option-roms=off,isa-serial=on,rtc=off,pit=off,pic=off,rtc=on');
    expect(() => guestCommand(spec('kvm', 'arm64', { machine: 'pc' }))).toThrow(/kvm-arm64 images run on virt, not 'pc'/);
  });
  it('--smp gives the kvm machine that many CPUs', () => {
    expect(guestCommand(spec('kvm', 'x86_64', { cpus: 4 })).args.join(' ')).toContain(' -m 2M -smp 4 -kernel ');
    expect(guestCommand(spec('kvm', 'arm64', { cpus: 2 })).args.join(' ')).toContain(' -m 8M -smp 2 -kernel ');
    expect(guestCommand(spec('kvm', 'arm64')).args).not.toContain('-smp');
  });
  it('an image with timers gets the PIT on microvm, its only reference clock for the TSC under TCG', () => {
    const settings = { debugExitPort: '0xf4', semihosting: false, timer: true };
    expect(guestCommand(spec('kvm', 'x86_64', { machine: 'microvm', settings })).args[1]).toContain(',pit=on,');
    expect(guestCommand(spec('kvm', 'x86_64', { machine: 'microvm' })).args[1]).toContain(',pit=off,');
  });
  it('--initrd: QEMU -initrd for kvm images, the library parameter linuxu.initrd for linuxu ones', () => {
    expect(guestCommand(spec('kvm', 'x86_64', { initrd: '/r.cpio' })).args.join(' ')).toContain('-kernel /b/img -initrd /r.cpio -append');
    expect(guestCommand(spec('kvm', 'arm64', { initrd: '/r.cpio' })).args.join(' ')).toContain('-kernel /b/img -initrd /r.cpio -append');
    expect(guestCommand(spec('kvm', 'arm64')).args).not.toContain('-initrd');
    const lx = (args: string[]) => guestCommand(spec('linuxu', 'arm64', { initrd: '/r.cpio', args })).args;
    const img = hostArch() === 'arm64' ? [] : ['/b/img'];
    expect(lx(['a'])).toEqual([...img, 'linuxu.initrd=/r.cpio', '--', 'a']);
    expect(lx(['x.y=1', '--', 'a'])).toEqual([...img, 'linuxu.initrd=/r.cpio', 'x.y=1', '--', 'a']);
  });
  it('--disk: a virtio-blk PCI function on pc, a modern virtio-mmio device on virt and microvm', () => {
    const pc = guestCommand(spec('kvm', 'x86_64', { disk: '/d/a,b.img' })).args.join(' ');
    expect(pc).toContain('-drive file=/d/a,,b.img,format=raw,if=none,id=disk0 -device virtio-blk-pci,drive=disk0');
    const virt = guestCommand(spec('kvm', 'arm64', { disk: '/d/x.img' })).args.join(' ');
    expect(virt).toContain('-global virtio-mmio.force-legacy=false -drive file=/d/x.img,format=raw,if=none,id=disk0 -device virtio-blk-device,drive=disk0');
    const micro = guestCommand(spec('kvm', 'x86_64', { disk: '/d/x.img', machine: 'microvm' })).args;
    expect(micro[1]).toMatch(/^microvm,.*,ioapic2=off,auto-kernel-cmdline=off$/);
    expect(micro.join(' ')).toContain('-global virtio-mmio.force-legacy=false -drive file=/d/x.img,format=raw,if=none,id=disk0 -device virtio-blk-device,drive=disk0');
    expect(guestCommand(spec('kvm', 'x86_64', { machine: 'microvm' })).args[1]).not.toContain('ioapic2');
    expect(guestCommand(spec('kvm', 'x86_64')).args.join(' ')).not.toMatch(/virtio/);
  });
  it('--net user: a virtio-net device on user networking, each --port forwarded for TCP and UDP', () => {
    const ports = [
      { addr: '127.0.0.1', hostPort: 8080, guestPort: 80 },
      { addr: '0.0.0.0', hostPort: 5353, guestPort: 53 },
    ];
    const netdev =
      '-netdev user,id=net0,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=udp:127.0.0.1:8080-:80,hostfwd=tcp:0.0.0.0:5353-:53,hostfwd=udp:0.0.0.0:5353-:53';
    const pc = guestCommand(spec('kvm', 'x86_64', { net: { ports } })).args.join(' ');
    expect(pc).toContain(`${netdev} -device virtio-net-pci,netdev=net0,romfile=`);
    const virt = guestCommand(spec('kvm', 'arm64', { net: { ports } })).args.join(' ');
    expect(virt).toContain(`-global virtio-mmio.force-legacy=false ${netdev} -device virtio-net-device,netdev=net0`);
    const micro = guestCommand(spec('kvm', 'x86_64', { net: { ports: [] }, machine: 'microvm' })).args;
    expect(micro[1]).toMatch(/,ioapic2=off,auto-kernel-cmdline=off$/);
    expect(micro.join(' ')).toContain('-netdev user,id=net0 -device virtio-net-device,netdev=net0');
  });
  it('--net tap:NAME: the virtio-net device on the tap as it is, no script run', () => {
    const pc = guestCommand(spec('kvm', 'x86_64', { net: { tap: 'uktap0' } })).args.join(' ');
    expect(pc).toContain('-netdev tap,id=net0,ifname=uktap0,script=no,downscript=no -device virtio-net-pci,netdev=net0,romfile=');
    const virt = guestCommand(spec('kvm', 'arm64', { net: { tap: 'uktap0' } })).args.join(' ');
    expect(virt).toContain('-netdev tap,id=net0,ifname=uktap0,script=no,downscript=no -device virtio-net-device,netdev=net0');
    const options = guestCommand(spec('kvm', 'x86_64', { net: { tap: 'uktap0', deviceOptions: 'csum=off,guest_csum=off' } })).args.join(' ');
    expect(options).toContain('-device virtio-net-pci,netdev=net0,romfile=,csum=off,guest_csum=off');
  });
  it('--share: a 9P device per folder (tag shareN) and the parameter that mounts each tag at its path', () => {
    const shares = [
      { hostDir: '/h/a,b', guestPath: '/mnt', readOnly: false },
      { hostDir: '/h/ro', guestPath: '/data/in', readOnly: true },
    ];
    const pc = guestCommand(spec('kvm', 'x86_64', { shares, args: ['ukdebug.level=3', '--', '/mnt/x.lua'] })).args;
    const pcText = pc.join(' ');
    expect(pcText).toContain('-fsdev local,id=fs0,path=/h/a,,b,security_model=none -device virtio-9p-pci,fsdev=fs0,mount_tag=share0');
    expect(pcText).toContain('-fsdev local,id=fs1,path=/h/ro,security_model=none,readonly=on -device virtio-9p-pci,fsdev=fs1,mount_tag=share1');
    // The parameter goes before the application's words, which stay as given.
    expect(pc[pc.indexOf('-append') + 1]).toBe('9pfs.mount=share0:/mnt,share1:/data/in ukdebug.level=3 -- /mnt/x.lua');
    const noDashes = guestCommand(spec('kvm', 'arm64', { shares: [shares[0]], args: ['/mnt/x.lua'] })).args;
    expect(noDashes.join(' ')).toContain('-global virtio-mmio.force-legacy=false -fsdev local,id=fs0,path=/h/a,,b,security_model=none -device virtio-9p-device,fsdev=fs0,mount_tag=share0');
    expect(noDashes[noDashes.indexOf('-append') + 1]).toBe('9pfs.mount=share0:/mnt -- /mnt/x.lua');
    const micro = guestCommand(spec('kvm', 'x86_64', { shares: [shares[0]], machine: 'microvm' })).args;
    expect(micro[1]).toMatch(/,ioapic2=off,auto-kernel-cmdline=off$/);
    expect(micro.join(' ')).toContain('-device virtio-9p-device,fsdev=fs0,mount_tag=share0');
    expect(() => guestCommand(spec('linuxu', 'x86_64', { shares }))).toThrow(/--share applies to kvm images only/);
  });
  it('an image with the virtio-rng driver gets an entropy device, unless --no-rng', () => {
    const rng = (arch: string, over: Partial<GuestSpec> = {}) =>
      guestCommand(spec('kvm', arch, { ...over, settings: { debugExitPort: null, semihosting: false, virtioRng: true } })).args.join(' ');
    expect(rng('x86_64')).toContain('-device virtio-rng-pci');
    expect(rng('arm64')).toContain('-global virtio-mmio.force-legacy=false -device virtio-rng-device');
    expect(rng('x86_64', { noRng: true })).not.toMatch(/virtio/);
    expect(rng('x86_64', { machine: 'microvm' })).toContain('-device virtio-rng-device');
  });
  it('--gdb: QEMU stops before the first instruction and serves gdb on the port', () => {
    const x86 = guestCommand(spec('kvm', 'x86_64', { gdbPort: 4321 })).args.join(' ');
    expect(x86).toContain(' -S -gdb tcp:127.0.0.1:4321 ');
    expect(guestCommand(spec('kvm', 'arm64', { gdbPort: 4321 })).args.join(' ')).toContain(' -S -gdb tcp:127.0.0.1:4321 ');
    const other = hostArch() === 'x86_64' ? 'arm64' : 'x86_64';
    expect(guestCommand(spec('linuxu', other, { gdbPort: 4321, args: ['a'] })).args).toEqual(['-g', '4321', '/b/img', 'a']);
    expect(() => guestCommand(spec('linuxu', hostArch(), { gdbPort: 4321 }))).toThrow(/run natively.*gdb --args \/b\/img/);
  });
  it('the gdb command loads the .dbg image: gdb for the host architecture, gdb-multiarch for another', () => {
    const other = hostArch() === 'x86_64' ? 'arm64' : 'x86_64';
    expect(gdbCommandLine(spec('kvm', hostArch()), 4321)).toEqual(['gdb', '-q', '/b/img.dbg', '-ex', 'target remote 127.0.0.1:4321']);
    expect(gdbCommandLine(spec('kvm', other), 4321)[0]).toBe('gdb-multiarch');
  });
  it('the gdb command maps the fixed folder names of the debug information back to this machine\'s', () => {
    expect(gdbCommandLine(spec('kvm', hostArch()), 4321, { project: '/p', app: '/home/me/app' }).slice(3, 7)).toEqual([
      '-ex',
      'set substitute-path /ukconfig /p',
      '-ex',
      'set substitute-path /app /home/me/app',
    ]);
  });
  it('linuxu runs natively on its own architecture, under qemu-user otherwise', () => {
    const other = hostArch() === 'x86_64' ? 'arm64' : 'x86_64';
    expect(guestCommand(spec('linuxu', hostArch(), { args: ['a', 'b c'] }))).toEqual({ file: '/b/img', args: ['a', 'b c'] });
    const cross = guestCommand(spec('linuxu', other, { args: ['x'] }));
    expect(cross.file).toBe(other === 'arm64' ? 'qemu-aarch64' : 'qemu-x86_64');
    expect(cross.args).toEqual(['/b/img', 'x']);
  });
});

describe('decodeExit', () => {
  const x86 = spec('kvm', 'x86_64');
  it('kvm x86_64: 2s+3 is s, 253 out of range, 255 crash, 1 QEMU error, 0 no report', () => {
    expect(decodeExit(x86, 3, null)).toEqual({ status: 0, note: null });
    expect(decodeExit(x86, 17, null)).toEqual({ status: 7, note: null });
    expect(decodeExit(x86, 251, null)).toEqual({ status: 124, note: null });
    expect(decodeExit(x86, 253, null).status).toBe(253);
    expect(decodeExit(x86, 253, null).note).toMatch(/outside 0\.\.124/);
    expect(decodeExit(x86, 255, null)).toEqual({ status: 255, note: 'the guest crashed (see its CRASH: message)' });
    expect(decodeExit(x86, 1, null)).toMatchObject({ status: RUN_FAILED, note: 'QEMU failed (exit code 1)' });
    expect(decodeExit(x86, 0, null).status).toBe(RUN_FAILED);
    expect(decodeExit(x86, 4, null).status).toBe(RUN_FAILED);
  });
  it('kvm arm64 and linuxu carry the status as it is', () => {
    expect(decodeExit(spec('kvm', 'arm64'), 7, null)).toEqual({ status: 7, note: null });
    expect(decodeExit(spec('linuxu', 'x86_64'), 200, null)).toEqual({ status: 200, note: null });
  });
  it('linuxu: a crash ends the process by SIGABRT, so 255 is main returning 255 (or -1)', () => {
    for (const arch of ['x86_64', 'arm64']) {
      expect(decodeExit(spec('linuxu', arch), 255, null)).toEqual({ status: 255, note: null });
      expect(decodeExit(spec('linuxu', arch), null, 'SIGABRT')).toEqual({ status: 255, note: 'the guest crashed (see its CRASH: message)' });
    }
  });
  it('kvm arm64 and arm32: semihosting cannot tell a crash from main returning 255, and says so', () => {
    for (const arch of ['arm64', 'arm32']) {
      expect(decodeExit(spec('kvm', arch), 255, null)).toEqual({ status: 255, note: 'the guest crashed (see its CRASH: message), or main returned 255 (or -1)' });
      expect(decodeExit(spec('kvm', arch), 200, null)).toEqual({ status: 200, note: null });
    }
  });
  it('says when the image cannot report its status', () => {
    const psci = spec('kvm', 'arm64', { settings: { debugExitPort: null, semihosting: false } });
    expect(decodeExit(psci, 0, null)).toMatchObject({ status: 0, note: expect.stringMatching(/PSCI/) });
    const noPort = spec('kvm', 'x86_64', { settings: { debugExitPort: null, semihosting: false } });
    expect(decodeExit(noPort, 0, null).note).toMatch(/KVM_X86_DEBUG_EXIT/);
  });
  it('a killed runner is a failure of the run', () => {
    expect(decodeExit(spec('linuxu', 'x86_64'), null, 'SIGKILL')).toMatchObject({ status: RUN_FAILED, note: expect.stringMatching(/SIGKILL/) });
  });
});
