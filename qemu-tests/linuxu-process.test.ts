/**
 * A linuxu image behaves as a Linux program: what it writes to stderr
 * reaches the host's stderr (not stdout), main returning -1 exits with 255
 * and nothing else, and a crash ends the process by SIGABRT, which
 * `ukconfig run` reports as a crash (status 255). Differential: the same
 * program built for the host with its C library shows the streams and the
 * exit status it must have.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeScratch, runGuest, tempDir, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

// What the program does depends on its first argument.
const PROGRAM = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char *argv[])
{
	printf("to stdout\\n");
	fprintf(stderr, "to stderr %d\\n", argc);
	fputs("stderr again\\n", stderr);
	if (argc > 1 && !strcmp(argv[1], "abort"))
		abort();
	return -1;
}
`;

describe.each(['x86_64', 'arm64'])('a linuxu-%s image as a process', (arch) => {
  let app: string;
  let image: string;
  let host: ReturnType<typeof spawnSync>;

  beforeAll(async () => {
    const parent = tempDir('linuxu-process');
    expect((await ukconfig(['init', 'streams'], { cwd: parent })).exitCode).toBe(0);
    app = join(parent, 'streams');
    writeFileSync(join(app, 'main.c'), PROGRAM);
    for (const step of [['apply', `defconfigs/linuxu-${arch}`], ['build']]) {
      const r = await ukconfig(['-C', app, ...step]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    }
    image = join(app, 'build', `streams_linuxu-${arch}`);
    // The reference: the same program as a host program.
    const hostBin = join(app, 'host-program');
    writeFileSync(join(app, 'host.c'), PROGRAM);
    expect(spawnSync('gcc', ['-o', hostBin, join(app, 'host.c')]).status).toBe(0);
    host = spawnSync(hostBin, [], { encoding: 'utf8' });
  });

  it('stderr goes to the host stderr, stdout to stdout, as for the host program', async () => {
    expect(host.stdout).toBe('to stdout\n');
    expect(host.stderr).toBe('to stderr 1\nstderr again\n');
    const r = await runGuest(app, [], []);
    // The runner's output comes without its last newline.
    expect(r.stdout).toBe(String(host.stdout).trimEnd());
    expect(r.stderr).toBe(String(host.stderr).trimEnd());
  });

  it('main returning -1 is exit status 255, and not called a crash', async () => {
    expect(host.status).toBe(255);
    const r = await runGuest(app, [], []);
    expect(r.exitCode).toBe(255);
    expect(r.stderr).not.toMatch(/crash/i);
  });

  it('a crash ends the process by SIGABRT; ukconfig run says it crashed (status 255)', async () => {
    if (arch === 'x86_64') {
      const direct = spawnSync(image, ['--', 'abort'], { encoding: 'utf8' });
      expect(direct.signal).toBe('SIGABRT');
      expect(direct.stderr).toContain('CRASH: abort() called');
    }
    const r = await runGuest(app, [], ['--', 'abort']);
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toContain('CRASH: abort() called');
    expect(r.stderr).toContain('ukconfig run: the guest crashed (see its CRASH: message)');
  });
});
