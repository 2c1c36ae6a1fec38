/**
 * Libraries that must not know each other meet through tables, not names
 * (pools/README.md): exit() reaches the boot library through the exit hook
 * (native/include/uk/exit.h), the boot library reaches the C library's
 * start-up through the start-up hook (uk/libc.h), the platform reaches
 * its console driver through the driver table (uk/driver.h). Checked on
 * the built objects and by booting: exit() runs the atexit handlers, then
 * the boot library's term functions, and carries the status; a start-up
 * hook runs before any init function.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedUses, removeScratch, runGuest, tempDir, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const CONFIG_UK = 'config APPEXIT\n\tbool "exit"\n\tdefault y\n\tselect LIBNOLIBC\n\tselect LIBUKALLOCREGION\n';
const MAIN_C = `#include <stdio.h>
#include <stdlib.h>
#include <uk/init.h>

static int started(void) { return 0; }
static void stopped(void) { printf("term function ran\\n"); }
UK_LIB_INITCALL(started, stopped);

static void at_exit(void) { printf("atexit handler ran\\n"); }

int main(void)
{
	atexit(at_exit);
	printf("calling exit(9)\\n");
	exit(9);
}
`;

function app(main: string): string {
  const dir = tempDir('exit');
  const files: Record<string, string> = {
    'Config.uk': CONFIG_UK,
    'library.uk': '# exit: test application.\nlibrary exitapp\nenabled-if APPEXIT\nsource main.c\n',
    'main.c': main,
    'def': 'CONFIG_PLAT_KVM=y\nCONFIG_PLAT_LINUXU=y\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('libraries meet through tables', () => {
  let dir: string;

  beforeAll(async () => {
    dir = app(MAIN_C);
    expect((await ukconfig(['-C', dir, 'apply', 'def'])).exitCode).toBe(0);
    const b = await ukconfig(['-C', dir, 'build']);
    expect(b.exitCode, b.stderr).toBe(0);
  });

  it('the C library names nothing of the boot library, the platform nothing of a driver', () => {
    for (const image of ['kvm-x86_64', 'linuxu-x86_64']) {
      const libs = join(dir, 'build', image, 'libs');
      expect(namedUses(libs, 'nolibc', 'ukboot'), image).toEqual([]);
      // It still uses the platform interface, so the check looks at real references.
      expect(namedUses(libs, 'nolibc', image.split('-')[0]), image).toContain('ukplat_crash');
    }
    const kvm = join(dir, 'build', 'kvm-x86_64', 'libs');
    expect(readdirSync(kvm)).toContain('ns16550.o');
    // The PC boot (plat/common/x86_64, in ukplat) probes COM1 through the driver table, and kvm's own part names no driver either.
    expect(namedUses(kvm, 'kvm', 'ns16550')).toEqual([]);
    expect(namedUses(kvm, 'ukplat', 'ns16550')).toEqual([]);
    // Real references: kvm's power off reads the PC boot's ACPI facts.
    expect(namedUses(kvm, 'kvm', 'ukplat')).toContain('plat_x86_acpi_get');
  });

  for (const plat of ['linuxu', 'kvm']) {
    it(`${plat}: exit() runs the atexit handlers, then the term functions, and carries the status`, async () => {
      const r = await runGuest(dir, ['--plat', plat], []);
      const lines = r.stdout.split('\n');
      const at = lines.indexOf('calling exit(9)');
      expect(at, r.stdout).toBeGreaterThan(-1);
      expect(lines.slice(at, at + 3)).toEqual(['calling exit(9)', 'atexit handler ran', 'term function ran']);
      expect(r.exitCode).toBe(9);
    });
  }

  it('a C library start-up hook runs first, with the command line; a second one fails the link', async () => {
    const hook = `#include <stdio.h>
#include <uk/init.h>
#include <uk/libc.h>
static int seen_argc = -1, inits_before;
static void start(int argc, char *argv[]) { seen_argc = argc; }
UK_LIBC_INIT(start);
static int early(void) { inits_before = seen_argc; return 0; }
UK_EARLY_INITCALL(early, NULL);
`;
    const one = app(hook + MAIN_C.replace('int main(void)\n{', 'int main(void)\n{\n\tprintf("hook saw argc %d before the first init function\\n", inits_before);'));
    writeFileSync(join(one, 'def'), 'CONFIG_PLAT_LINUXU=y\n');
    expect((await ukconfig(['-C', one, 'apply', 'def'])).exitCode).toBe(0);
    const b = await ukconfig(['-C', one, 'build']);
    expect(b.exitCode, b.stderr).toBe(0);
    const r = await runGuest(one, ['--plat', 'linuxu'], ['x', 'y']);
    expect(r.stdout).toContain('hook saw argc 3 before the first init function\n');

    const two = app(hook + MAIN_C + '\nstatic void again(int argc, char *argv[]) {}\nUK_LIBC_INIT(again);\n');
    writeFileSync(join(two, 'def'), 'CONFIG_PLAT_LINUXU=y\n');
    expect((await ukconfig(['-C', two, 'apply', 'def'])).exitCode).toBe(0);
    const b2 = await ukconfig(['-C', two, 'build']);
    expect(b2.exitCode).toBe(1);
    expect(b2.stderr).toContain('more than one library registers a C library start-up hook (UK_LIBC_INIT)');
  });

  it('a second exit hook fails the link with the reason', async () => {
    const two = app(MAIN_C + '\n#include <uk/exit.h>\nstatic void mine(int status) { ukplat_halt(status); }\nUK_EXIT_HOOK(mine);\n');
    writeFileSync(join(two, 'def'), 'CONFIG_PLAT_LINUXU=y\n');
    expect((await ukconfig(['-C', two, 'apply', 'def'])).exitCode).toBe(0);
    const b = await ukconfig(['-C', two, 'build']);
    expect(b.exitCode).toBe(1);
    expect(b.stderr).toContain('more than one library registers an exit hook (UK_EXIT_HOOK)');
  });
});
