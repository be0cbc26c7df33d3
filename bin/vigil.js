#!/usr/bin/env node
// The `vigil` command: runs the compiled CLI. `npm install` builds it; `npm run build` rebuilds.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('vigil: not built yet. Run `npm install` (or `npm run build`) in the Vigil folder first.\n');
  process.exit(1);
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv, process.env);
