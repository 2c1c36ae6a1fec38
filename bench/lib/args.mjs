// Command-line options of a benchmark: --help prints the usage, a mistake
// prints it with the reason (status 2) instead of a stack trace.
import { parseArgs } from 'node:util';

export function benchOptions(usage, options) {
  try {
    const { values } = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      console.log(usage);
      process.exit(0);
    }
    return values;
  } catch (e) {
    console.error(`${e.message}\n${usage}`);
    process.exit(2);
  }
}
