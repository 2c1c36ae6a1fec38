/**
 * The whole conf program, and the entry of the bundle `dist/conf.bundle.cjs`
 * (built by `npm run build`; conf-launch.ts loads it with a code cache).
 * A conf run then loads one file instead of
 * about thirty ES modules: on Linux that resolution and loading was ~25 ms
 * of a ~200 ms run.
 */
import { startConfEarly } from './conf-early.js';
import { confMain } from './run-conf.js';

/** Runs conf with `argv` (the arguments after the program name); returns the exit status. */
export async function confProgram(argv: string[], progname = 'conf'): Promise<number> {
  startConfEarly(argv);
  return confMain(argv, progname);
}
