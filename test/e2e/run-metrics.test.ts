// What `vigil run` tells Prometheus about its own polling: the feeds it polled and the polls that
// failed (counters, this process's), and how long its cycles took (a histogram), beside the
// database-wide gauges every replica reports alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, vigil, type VigilProcess } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { rssFeed } from '../helpers/feeds.js';
import { startFeedServer, type FeedServer } from '../helpers/servers.js';

const postgres = DATABASE_KINDS.find((k) => k.kind === 'postgres');

/** The value of one sample line, e.g. `vigil_feeds_polled_total 2`. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in /metrics:\n${text}`);
  return Number(line.slice(name.length + 1));
}

describe.skipIf(postgres?.skip ?? true)('the poll metrics of `vigil run`', () => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let running: VigilProcess;
  let web: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    feeds = await startFeedServer();
    feeds.routes.set('/ok.xml', { body: rssFeed([{ guid: 'a', title: 'Market day in Bamako', pubDate: new Date().toUTCString(), description: 'Nothing to report.' }]) });
    // /gone.xml is not served: a 404, a failed poll.
    const config = writeTestConfig({
      dir: db.dataDir,
      feeds: [
        { name: 'Serving', url: feeds.url('/ok.xml'), publisher: 'OCHA' },
        { name: 'Missing', url: feeds.url('/gone.xml'), publisher: 'OCHA' },
      ],
    });
    const env = { DATABASE_URL: db.url as string };
    expect((await vigil(['--config', config, 'migrate'], env)).code).toBe(0);
    running = startVigil(['--config', config, 'run'], env);
    web = String((await running.waitForLog('Vigil is running')).web);
    await running.waitForLog('poll cycle finished');
  });

  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await feeds?.close();
    await db?.drop();
  });

  it('counts the feeds polled and the polls that failed, and times the cycle', async () => {
    const text = await (await fetch(`${web}/metrics`)).text();
    expect(sample(text, 'vigil_feeds_polled_total')).toBe(2);
    expect(sample(text, 'vigil_feed_failures_total')).toBe(1);
    expect(sample(text, 'vigil_poll_cycle_seconds_count')).toBe(1);
    expect(sample(text, 'vigil_poll_cycle_seconds_sum')).toBeGreaterThan(0);
    expect(sample(text, 'vigil_poll_cycle_failures_total')).toBe(0);
    expect(sample(text, 'vigil_feeds_failing')).toBe(1);
  });
});
