#!/usr/bin/env node
// Runs one TypeScript file (benchmarks, scripts) with the same loader the CLI uses.
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const [file, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], file, ...rest];
await import(pathToFileURL(file).href);
