// Two `vigil run` processes on one PostgreSQL, ticking together every two seconds over 20 local
// feeds: feeds are claimed under a lease and stamped with the schedule's tick, so each feed is
// fetched once per due time, whichever replica fetches it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, vigil, type VigilProcess } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { rssFeed } from '../helpers/feeds.js';
import { startFeedServer, type FeedServer } from '../helpers/servers.js';

const postgres = DATABASE_KINDS.find((k) => k.kind === 'postgres');
const FEEDS = 20;
const TICK_MS = 2_000;

describe.skipIf(postgres?.skip ?? true)('two replicas polling one PostgreSQL', () => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let config: string;
  let env: Record<string, string>;
  const replicas: VigilProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    feeds = await startFeedServer();
    for (let n = 1; n <= FEEDS; n++) {
      const body = rssFeed([{ guid: `f${n}`, title: `Market news ${n}`, pubDate: new Date().toUTCString(), description: `Prices in Mopti, report ${n}.` }]);
      // Answers take a while, as real servers do, so that both replicas are busy at once.
      feeds.routes.set(`/feed-${n}.xml`, { body, delayMs: 50 + ((n * 37) % 200) });
    }
    const list = Array.from({ length: FEEDS }, (_, i) => ({ name: `Feed ${i + 1}`, url: feeds.url(`/feed-${i + 1}.xml`), publisher: `Publisher ${i + 1}` }));
    config = writeTestConfig({ dir: db.dataDir, feeds: list, schedule: '*/2 * * * * *' });
    env = { DATABASE_URL: db.url as string };
    expect((await vigil(['--config', config, '--allow-fast-schedule', 'migrate'], env)).code).toBe(0);
  });

  afterAll(async () => {
    for (const r of replicas) r.child.kill('SIGKILL');
    await feeds?.close();
    await db?.drop();
  });

  it('fetches each feed once per tick, over several ticks, whichever replica claims it', async () => {
    for (let i = 0; i < 2; i++) replicas.push(startVigil(['--config', config, '--allow-fast-schedule', 'run'], env));
    await Promise.all(replicas.map((r) => r.waitForLog('Vigil is running')));
    // Three scheduled ticks after both are up.
    await new Promise((r) => setTimeout(r, 3 * TICK_MS + 1_000));
    for (const r of replicas) r.child.kill('SIGTERM');
    await Promise.all(replicas.map((r) => r.exited));

    const cycles = replicas.map((r) => r.logs.filter((l) => l.msg === 'poll cycle finished'));
    expect(cycles.every((c) => c.length >= 3)).toBe(true);
    // Per tick, both replicas together polled each feed at most once: never more than all feeds.
    const polledPerTick = new Map<string, number>();
    for (const line of cycles.flat()) polledPerTick.set(String(line.tick), (polledPerTick.get(String(line.tick)) ?? 0) + Number(line.feedsPolled));
    for (const [tick, polled] of polledPerTick) expect(polled, `feeds polled for the tick ${tick}`).toBeLessThanOrEqual(FEEDS);
    // The ticks both replicas ran polled every feed, and every request was one of those polls.
    expect([...polledPerTick.values()].filter((n) => n === FEEDS).length).toBeGreaterThanOrEqual(3);
    expect([...polledPerTick.values()].reduce((a, b) => a + b, 0)).toBe(feeds.requests.length);
    const byReplica = cycles.map((c) => c.reduce((n, l) => n + Number(l.feedsPolled), 0));
    expect(byReplica.every((n) => n > 0), 'both replicas took part').toBe(true);
  });
});
