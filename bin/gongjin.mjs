#!/usr/bin/env node
// The `gongjin` command. Sources are TypeScript run through tsx's loader, so there is no build step
// between `npm install` and a running server (see docs/decisions/0002-run-typescript-with-tsx.md).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main(process.argv.slice(2));
