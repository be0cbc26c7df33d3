// PostgreSQL going away in the middle of a poll cycle (a restart, a failover), played by a TCP
// proxy between Vigil and the local server that the test cuts while a feed is being fetched:
// `vigil poll` ends the cycle at once with one line and exit code 1 (not hundreds of failing
// items, not a stack trace), and the next poll, with the database back, stores everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, vigil } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { startFeedServer, startTcpProxy, type FeedServer, type TcpProxy } from '../helpers/servers.js';

const skip = DATABASE_KINDS.find((k) => k.kind === 'postgres')?.skip ?? true;
const ITEMS = 300;

// A feed of many reports, one naming a watched village, so that a cycle has much to store.
function bigFeed(): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const text = i === 0 ? 'Gunmen attacked Ogossagou in the Bankass cercle, killing 12 villagers.' : `Market prices in Mopti, week ${i}.`;
    return `<item><title>Report ${i}</title><link>https://example.org/r/${i}</link><guid>r-${i}</guid><pubDate>Thu, 26 Nov 2026 10:00:00 +0000</pubDate><description>${text}</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title><link>https://example.org</link><description>x</description>${items.join('')}</channel></rss>`;
}

describe.skipIf(skip)('the database lost during a poll cycle (PostgreSQL)', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let feeds: FeedServer;
  let config: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    const target = new URL(db.url ?? '');
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    target.host = `127.0.0.1:${proxy.port}`;
    env = { DATABASE_URL: target.toString(), LOG_LEVEL: 'info' };
    // Answers after a second, long enough for the test to cut the database meanwhile.
    feeds = await startFeedServer({ '/big.xml': { body: bigFeed(), delayMs: 1_000 } });
    // A short lease: the poll that loses its database cannot give its claim back, so the feed
    // comes back when the lease ends.
    config = writeTestConfig({ dir: db.dataDir, feeds: [{ name: 'Big feed', url: feeds.url('/big.xml'), publisher: 'UN News' }], polling: { leaseSeconds: 1 } });
    expect((await vigil(['--config', config, 'migrate'], env)).code).toBe(0);
  });

  afterAll(async () => {
    await feeds?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('ends the cycle at once with one line and exit 1', async () => {
    const poll = startVigil(['--config', config, 'poll', '--json'], env);
    while (feeds.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    proxy.cut();
    const code = await poll.exited;
    proxy.restore();

    expect(code).toBe(1);
    expect(poll.otherStderr.filter((l) => l !== '')).toEqual([expect.stringMatching(/^vigil: Lost the database during the poll cycle \(.+\): the cycle stopped there\./)]);
    expect(poll.logs.filter((l) => l.msg === 'item not stored')).toEqual([]);
    for (const line of poll.logs) expect(JSON.stringify(line).length).toBeLessThan(1_000);
  });

  it('lets the next cycle store every item once the database is back and the lost poll’s claim has ended', async () => {
    await new Promise((r) => setTimeout(r, 1_100));
    const { code, stdout } = await vigil(['--config', config, 'poll', '--json'], env);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ feedsPolled: 1, feedsFailed: 0, newItems: ITEMS, alertsCreated: 1 });
  });
});
