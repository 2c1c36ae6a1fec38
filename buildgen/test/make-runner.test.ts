/**
 * Joining the jobserver of an enclosing make: what MAKEFLAGS must say
 * (qemu-tests/randconfig.test.ts runs real builds under one make -j and
 * checks that they share its job slots).
 */
import { describe, expect, it } from 'vitest';
import { enclosingJobserver } from '../src/make-runner.js';

describe('enclosingJobserver', () => {
  it('none without --jobserver-auth', () => {
    expect(enclosingJobserver({})).toBeNull();
    expect(enclosingJobserver({ MAKEFLAGS: ' -j2' })).toBeNull();
  });

  it('a named pipe (make 4.4) needs no descriptors', () => {
    expect(enclosingJobserver({ MAKEFLAGS: ' -j4 --jobserver-auth=fifo:/tmp/GMfifo123' })).toEqual({ fds: [] });
  });

  it('descriptors out of reach of a child are not used', () => {
    expect(enclosingJobserver({ MAKEFLAGS: ' -j2 --jobserver-auth=30,31' })).toBeNull();
    expect(enclosingJobserver({ MAKEFLAGS: ' -j2 --jobserver-auth=0,1' })).toBeNull();
  });
});
