import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['kconfig/test/**/*.test.ts', 'workspace/test/**/*.test.ts', 'resolver/test/**/*.test.ts', 'ui/test/**/*.test.{ts,tsx}', 'buildgen/test/**/*.test.ts', 'qemu-tests/**/*.test.ts', 'cli/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // The run fails if it left the system's temporary folder with another mode.
    globalSetup: ['qemu-tests/tmp-guard.ts'],
  },
});
