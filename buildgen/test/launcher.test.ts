import { describe, expect, it } from 'vitest';
import { chooseLauncher, launcherProblem } from '../src/launcher.js';
import { firstError } from '../src/matrix.js';

describe('chooseLauncher', () => {
  const base = { env: {}, configured: 'distcc', configFile: '.config' };

  it('takes the command line, then the environment, then the configuration', () => {
    expect(chooseLauncher({ ...base, option: 'ccache -x', env: { UK_CC_LAUNCHER: 'icecc' } })).toEqual({ words: ['ccache', '-x'], from: '--cc-launcher' });
    expect(chooseLauncher({ ...base, option: undefined, env: { UK_CC_LAUNCHER: ' icecc ' } })).toEqual({ words: ['icecc'], from: 'UK_CC_LAUNCHER in the environment' });
    expect(chooseLauncher({ ...base, option: undefined })).toEqual({ words: ['distcc'], from: 'CONFIG_UK_CC_LAUNCHER in .config' });
  });

  it('an empty value, where it is set, means no launcher', () => {
    expect(chooseLauncher({ ...base, option: '' }).words).toEqual([]);
    expect(chooseLauncher({ ...base, option: undefined, env: { UK_CC_LAUNCHER: '' } }).words).toEqual([]);
  });
});

describe('launcherProblem', () => {
  it('names a launcher that is not on PATH, with the Debian package of a known one', () => {
    const l = { words: ['ccache'], from: '--cc-launcher' };
    expect(launcherProblem(l, { PATH: '/nonexistent' })).toBe("compiler launcher 'ccache' (--cc-launcher) not found on PATH (Debian: apt-get install ccache)");
    expect(launcherProblem({ words: ['sh', '-c'], from: 'x' }, process.env)).toBeNull();
    expect(launcherProblem({ words: [], from: 'x' }, { PATH: '' })).toBeNull();
  });
});

describe('firstError', () => {
  it('is the compiler\'s first error, not make\'s summary', () => {
    const log = ['  CC      app/main.c', '/a/main.c:3:2: error: #error planted', "make: *** [/n/rules.mk:1: x.o] Error 1"].join('\n');
    expect(firstError(log)).toBe('/a/main.c:3:2: error: #error planted');
    expect(firstError('  LD      x\nmake: *** [y] Error 2\n')).toBe('make: *** [y] Error 2');
    expect(firstError('')).toBe('make failed without a message');
  });
});
