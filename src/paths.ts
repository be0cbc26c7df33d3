// Where Vigil's own files are: the package root holds prisma/ and templates/, whether the code
// runs from src/ (tests) or dist/ (npm start).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates', import.meta.url));

/** Vigil's version, from package.json. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The risk rules Vigil ships, used when a config names none. */
export const BUILT_IN_RISK_FILE = fileURLToPath(new URL('../config/risk.yaml', import.meta.url));
