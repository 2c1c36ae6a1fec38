#!/usr/bin/env node
import { confMain } from './run-conf.js';

process.exitCode = await confMain(process.argv.slice(2));
