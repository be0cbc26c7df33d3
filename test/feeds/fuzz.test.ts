// Hostile feeds through Vigil's real poll path: 10,000 answers (VIGIL_FUZZ_FEEDS for more) that
// fast-check writes or mutates from the corpus (test/helpers/hostile-feeds.ts), served over HTTP
// on 127.0.0.1, synced as the catalog in batches of 500 feeds and polled by runPollCycle — fetch,
// parse, store, match, events — on PostgreSQL when DATABASE_URL is set, else on the embedded
// database. Nothing may crash or reject unhandled; every feed's outcome is on its row with a
// one-line error when it failed; every stored item has a title or text and an http(s) link or
// none; memory stays bounded. A failure prints the seed: VIGIL_FUZZ_SEED=<seed> replays it.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adoptCatalog, openVigil, type Vigil } from '../../src/compose.js';
import { runPollCycle } from '../../src/cycle.js';
import { silentLogger } from '../../src/log.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { hostileAnswer, type HostileAnswer } from '../helpers/hostile-feeds.js';
import { startFeedServer, type FeedServer } from '../helpers/servers.js';

const TOTAL = Number(process.env.VIGIL_FUZZ_FEEDS ?? 10_000);
const BATCH = 500;
const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? Date.now() % 2 ** 31);
// The process's own figures. With the embedded database PGlite runs in this process too: about
// 450 MB before the first batch, and its WebAssembly memory grows with the database and is never
// given back, so its peak is allowed more; on either, the second half of the batches may not
// take much more than the first did (growth with the work done is a leak).
const PEAK_RSS_MB = { postgres: 600, embedded: 900 };
const LATE_GROWTH_MB = 150;

let db: TestDatabase;
let server: FeedServer;
let vigil: Vigil;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  db = await createTestDatabase(process.env.DATABASE_URL ? 'postgres' : 'embedded');
  server = await startFeedServer();
  // The embedded database serves one connection: more workers would only queue for it.
  const concurrency = db.kind === 'postgres' ? 8 : 1;
  const configPath = writeTestConfig({ dir: db.dataDir, feeds: [], polling: { concurrency, timeoutMs: 5000, maxBytes: 2_000_000 } });
  vigil = await openVigil({ configPath, env: db.url ? { DATABASE_URL: db.url } : {}, log: silentLogger(), migrations: 'apply', catalog: 'sync' });
}, 60_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await vigil?.close();
  await server?.close();
  await db?.drop();
});

interface BatchFigures {
  rssMb: number;
  heapMb: number;
  failed: number;
  items: number;
  ms: number;
}

it(`polls ${TOTAL} hostile feeds (seed ${SEED}) without a crash, records every outcome, stores only valid items, in bounded memory`, async () => {
  const baseMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  const figures: BatchFigures[] = [];
  try {
    for (let start = 0; start < TOTAL; start += BATCH) figures.push(await pollBatch(start, Math.min(BATCH, TOTAL - start)));
  } catch (error) {
    throw new Error(`fuzz failed with seed ${SEED} (replay: VIGIL_FUZZ_SEED=${SEED}): ${(error as Error).message}`, { cause: error });
  }
  const rss = figures.map((f) => f.rssMb);
  const peak = Math.max(...rss);
  const heaps = figures.map((f) => f.heapMb);
  const half = Math.floor(heaps.length / 2);
  const early = (values: number[]) => Math.max(...values.slice(0, half));
  const late = (values: number[]) => Math.max(...values.slice(half));
  console.log(`fuzz seed ${SEED}: ${TOTAL} feeds, ${figures.reduce((n, f) => n + f.items, 0)} items stored, ${figures.reduce((n, f) => n + f.failed, 0)} feeds failed; RSS ${baseMb} MB before, peak ${peak} MB, by batch ${rss.join(' ')} MB; heap by batch ${heaps.join(' ')} MB; ${figures.map((f) => f.ms).join(' ')} ms`);
  expect(unhandled, `seed ${SEED}`).toEqual([]);
  expect(peak, `peak RSS in MB, seed ${SEED}`).toBeLessThan(PEAK_RSS_MB[db.kind]);
  if (half > 0) {
    expect(late(rss), `RSS by batch ${rss.join(' ')}`).toBeLessThan(early(rss) + LATE_GROWTH_MB);
    // The heap swings with garbage collection: within the earlier batches' highest, with slack.
    expect(late(heaps), `heap by batch ${heaps.join(' ')}`).toBeLessThan(early(heaps) * 1.5 + 64);
  }
}, 1_800_000);

async function pollBatch(start: number, size: number): Promise<BatchFigures> {
  const began = Date.now();
  const answers = fc.sample(hostileAnswer, { seed: SEED + start, numRuns: size });
  server.routes.clear();
  server.requests.length = 0;
  const feeds = answers.map((answer, i) => {
    const path = `/feed/${start + i}.xml`;
    server.routes.set(path, answer.route);
    return { name: `Fuzz ${start + i}`, url: server.url(path), publisher: `Publisher ${(start + i) % 40}`, language: null, enabled: true };
  });
  // The catalog is the batch: the previous batch's feeds are disabled, these are due now.
  await adoptCatalog(vigil, { ...vigil.app.config, feeds });
  const report = await runPollCycle(vigil.cycle, vigil.app.now());
  expect(unhandled, `batch at ${start}`).toEqual([]);
  expect(report.feedsPolled, `feeds polled in the batch at ${start}`).toBe(size);
  await checkRows(start, answers);
  const memory = process.memoryUsage();
  return { rssMb: Math.round(memory.rss / 2 ** 20), heapMb: Math.round(memory.heapUsed / 2 ** 20), failed: report.feedsFailed, items: report.newItems, ms: Date.now() - began };
}

// Every feed of the batch: polled, and either fine or failed with a one-line error that is not a
// bug's ("not handled: …" is the poller catching what it did not expect); every item valid.
async function checkRows(start: number, answers: HostileAnswer[]): Promise<void> {
  const prisma = vigil.app.db.prisma;
  const rows = await prisma.feed.findMany({ where: { enabled: true }, select: { id: true, name: true, lastPolledAt: true, lastError: true, goneAt: true } });
  expect(rows).toHaveLength(answers.length);
  for (const row of rows) {
    const recipe = answers[Number(row.name.slice('Fuzz '.length)) - start]?.recipe;
    const where = `${row.name} (${recipe}), seed ${SEED}`;
    expect(row.lastPolledAt, where).not.toBeNull();
    if (row.lastError !== null) {
      expect(row.lastError, where).toMatch(/^\S[^\n]*$/);
      expect(row.lastError, where).not.toMatch(/^not handled/);
    }
  }
  const items = await prisma.item.findMany({ where: { feedId: { in: rows.map((r) => r.id) } }, select: { title: true, text: true, link: true, feed: { select: { name: true } } } });
  for (const item of items) {
    const where = `an item of ${item.feed.name}, seed ${SEED}`;
    expect(`${item.title}${item.text}`.trim(), where).not.toBe('');
    if (item.link !== null) expect(item.link, where).toMatch(/^https?:\/\/[^\s]+$/);
  }
}
