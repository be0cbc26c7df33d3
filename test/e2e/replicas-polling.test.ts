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
    expect((await vigil(['--config', config, 'migrate'], env)).code).toBe(0);
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
    const polledByBoth = cycles.map((c) => c.reduce((n, l) => n + Number(l.feedsPolled), 0));
    // The work was shared, and every fetch was a feed's one poll for its tick.
    expect(polledByBoth.every((n) => n > 0)).toBe(true);
    for (let n = 1; n <= FEEDS; n++) {
      const times = feeds.requests.filter((q) => q.path === `/feed-${n}.xml`).map((q) => q.at);
      expect(times.length, `feed ${n}`).toBeGreaterThanOrEqual(3);
      const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
      expect(Math.min(...gaps), `feed ${n} fetched twice for one tick`).toBeGreaterThan(TICK_MS / 2);
    }
    expect((polledByBoth[0] ?? 0) + (polledByBoth[1] ?? 0)).toBe(feeds.requests.length);
  });
});
