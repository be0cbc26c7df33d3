// The bench's polling figures: a fresh install's first cycle over 500 feeds of 20 items each,
// served on 127.0.0.1 with 50–500 ms of latency, through the whole of Vigil (claims, fetch,
// parse, dedupe, match, events, store) on a scratch database, as a `vigil poll` process: its
// wall time (process start included) and peak memory; then the same feeds again, every one
// answering 304 to its validators.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../src/paths.js';
import { writeTestConfig } from '../test/helpers/config.js';
import { rssFeed } from '../test/helpers/feeds.js';
import { run } from '../test/helpers/process.js';
import { startFeedServer } from '../test/helpers/servers.js';

const FEEDS = 500;
const ITEMS = 20;
export const CYCLE_CONCURRENCY = 32;
// As feeds are: most items are about other things; one in ten reports an attack on one of the
// watched villages, one in ten names a watched town in passing.
const VILLAGES = ['Ogota', 'Gouari', 'Djimdo', 'Ogossagou', 'Ouémbé', 'Diallassagou', 'Koulogon', 'Dianwéli'];
const OTHER = [
  'Trucks carrying food reached the besieged city on Tuesday, the World Food Programme said.',
  'Negotiators met again on adaptation funding in Nairobi, where delegates discussed loss and damage.',
  'The Security Council extended the mandate of the panel of experts for another year.',
  'Flooding in the Sahel displaced thousands of families across four countries this season.',
];

function description(n: number, i: number): string {
  const k = n * ITEMS + i;
  if (k % 10 === 0) return `Gunmen attacked ${VILLAGES[(k / 10) % VILLAGES.length] ?? ''} on Sunday, killing ${2 + (k % 7)} villagers, local sources said.`;
  if (k % 10 === 5) return `Market prices rose in Mopti and Ségou this week. ${OTHER[k % OTHER.length] ?? ''}`;
  return `${OTHER[k % OTHER.length] ?? ''} ${OTHER[(k + 1) % OTHER.length] ?? ''}`;
}

function feedBody(n: number, now: Date): string {
  return rssFeed(
    Array.from({ length: ITEMS }, (_, i) => ({
      guid: `f${n}-i${i}`,
      title: `Report ${n}.${i}`,
      pubDate: new Date(now.getTime() - i * 3_600_000).toUTCString(),
      description: description(n, i),
    })),
  );
}

export interface CycleFigures {
  firstCycleSeconds: number;
  /** Peak resident memory of the `vigil poll` process, or null without GNU time. */
  peakRssMb: number | null;
  notModifiedSeconds: number;
  itemsStored: number;
}

// GNU time reports a child's peak memory (%M, in KB); without it the figure is left out.
const GNU_TIME = '/usr/bin/time';

/**
 * Runs both cycles as `vigil poll` processes, the way an operator runs them, against
 * `databaseUrl` (a scratch database the caller made), and measures them.
 */
export async function benchFeedsCycle(databaseUrl: string): Promise<CycleFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-cycle-'));
  const now = new Date();
  const server = await startFeedServer();
  for (let n = 0; n < FEEDS; n++) {
    const body = feedBody(n, now);
    const delay = 50 + ((n * 97) % 451);
    server.routes.set(`/feed-${n}.xml`, {
      handle: (request, response) => {
        setTimeout(() => {
          if (request.headers['if-none-match'] === `"v${n}"`) response.writeHead(304, { etag: `"v${n}"` }).end();
          else response.writeHead(200, { 'content-type': 'application/rss+xml', etag: `"v${n}"` }).end(body);
        }, delay);
      },
    });
  }
  const feeds = Array.from({ length: FEEDS }, (_, n) => ({ name: `Feed ${n}`, url: server.url(`/feed-${n}.xml`), publisher: `Publisher ${n % 40}` }));
  const config = writeTestConfig({ dir, feeds, polling: { concurrency: CYCLE_CONCURRENCY } });
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  try {
    await run(process.execPath, [join(PACKAGE_ROOT, 'scripts/build.mjs')], { cwd: PACKAGE_ROOT });
    await vigilCommand(['--config', config, 'migrate'], env);
    const first = await timedPoll(config, env);
    const second = await timedPoll(config, env);
    if (second.report.feedsUnchanged !== FEEDS) throw new Error(`expected ${FEEDS} feeds answering 304, got ${second.report.feedsUnchanged}`);
    return { firstCycleSeconds: first.seconds, peakRssMb: first.peakRssMb, notModifiedSeconds: second.seconds, itemsStored: first.report.newItems };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function vigilCommand(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await run(process.execPath, [join(PACKAGE_ROOT, 'bin/vigil.js'), ...args], { cwd: PACKAGE_ROOT, env });
  if (result.code !== 0) throw new Error(`vigil ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

async function timedPoll(config: string, env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakRssMb: number | null; report: { newItems: number; feedsUnchanged: number } }> {
  const withTime = existsSync(GNU_TIME);
  const args = [join(PACKAGE_ROOT, 'bin/vigil.js'), '--config', config, 'poll', '--json'];
  const start = performance.now();
  const result = withTime ? await run(GNU_TIME, ['-f', 'maxrss=%M', process.execPath, ...args], { cwd: PACKAGE_ROOT, env }) : await run(process.execPath, args, { cwd: PACKAGE_ROOT, env });
  const seconds = (performance.now() - start) / 1000;
  if (result.code !== 0) throw new Error(`vigil poll failed (${result.code}): ${result.stderr}`);
  const kb = /maxrss=(\d+)/.exec(result.stderr)?.[1];
  return { seconds, peakRssMb: kb ? (Number(kb) * 1024) / 1e6 : null, report: JSON.parse(result.stdout) as { newItems: number; feedsUnchanged: number } };
}
