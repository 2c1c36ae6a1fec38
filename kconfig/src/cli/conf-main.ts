#!/usr/bin/env node
// Through the package's own bundle, like `ukconfig conf` (see conf-launch.ts).
import { confProgram } from 'kconfig-parser-ts/conf';

process.exitCode = await confProgram(process.argv.slice(2));
