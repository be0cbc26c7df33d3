// Writes a Vigil config for a test: the shipped watchlists, the shipped risk rules, the test's own
// feeds and servers, and a data dir of its own. The fixtures report attacks of November 2026 and
// most tests poll with the real clock, so by default the windows measured from today (an event's
// current window, a feed's backfill) are widened: the tests mean the same on any day they run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

export const REPO_CONFIG_DIR = resolve(import.meta.dirname, '../../config');

export interface TestConfigOptions {
  dir: string;
  feeds: { name: string; url: string; publisher: string; language?: string }[];
  smtpUrl?: string;
  port?: number;
  baseUrl?: string;
  watchlists?: string[];
  /** The data dir, when not `dir` itself. */
  dataDir?: string;
  /**
   * 'timeless' (default): the shipped rules with the windows measured from today widened to a
   * century; 'built-in': the config names no rules, so Vigil's own apply (tests of the windows
   * themselves drive the clock).
   */
  risk?: 'timeless' | 'built-in';
  polling?: Record<string, unknown>;
  schedule?: string;
}

const CENTURY_DAYS = 36_500;

/** Writes vigil.yaml into `dir` and returns its path. */
export function writeTestConfig(options: TestConfigOptions): string {
  const file = join(options.dir, 'vigil.yaml');
  const timeless = (options.risk ?? 'timeless') === 'timeless';
  const config = {
    ...(options.schedule ? { schedule: options.schedule } : {}),
    watchlists: options.watchlists ?? [join(REPO_CONFIG_DIR, 'watchlists', '*.yaml')],
    feeds: options.feeds,
    dataDir: options.dataDir ?? options.dir,
    ...(timeless ? { risk: writeTimelessRisk(options.dir), polling: { backfillDays: CENTURY_DAYS, ...options.polling } } : { polling: options.polling ?? {} }),
    logLevel: 'warn',
    mail: { from: 'Vigil Test <vigil@test.example>', ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}) },
    web: { port: options.port ?? 0, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) },
  };
  writeFileSync(file, stringify(config));
  return file;
}

function writeTimelessRisk(dir: string): string {
  const file = join(dir, 'risk-timeless.yaml');
  const shipped = readFileSync(join(REPO_CONFIG_DIR, 'risk.yaml'), 'utf8');
  const widened = shipped.replace(/^currentWindowDays: \d+/m, `currentWindowDays: ${CENTURY_DAYS}`);
  if (widened === shipped) throw new Error('config/risk.yaml has no top-level currentWindowDays line to widen');
  writeFileSync(file, widened);
  return file;
}
