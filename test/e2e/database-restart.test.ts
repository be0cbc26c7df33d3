// PostgreSQL dropping every connection of `vigil run` again and again in the middle of its cycles
// (pg_terminate_backend on every backend of its database, as a restart or a failover does):
// Vigil logs it, keeps running, takes fresh connections, and catches up without losing an item,
// an event or a delivery.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, vigil, type VigilProcess } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { startFeedServer, startMailCatcher, type FeedServer, type MailCatcher } from '../helpers/servers.js';
import { rssFeed } from '../helpers/feeds.js';

const postgres = DATABASE_KINDS.find((k) => k.kind === 'postgres');
const ITEMS = 200;
const SUBSCRIBERS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Many reports, one naming a watched village, so that a cycle has much to store.
function bigFeed(village: string, feed: number): string {
  return rssFeed(
    Array.from({ length: ITEMS }, (_, i) => ({
      guid: `f${feed}-${i}`,
      title: i === 0 ? `Attack on ${village}` : `Report ${feed}-${i}`,
      pubDate: new Date().toUTCString(),
      description: i === 0 ? `Gunmen attacked ${village} in the Bankass cercle, killing 12 civilians.` : `Market prices in Mopti, week ${i} of feed ${feed}.`,
    })),
  );
}

describe.skipIf(postgres?.skip ?? true)('PostgreSQL dropping every connection during cycles', () => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let mail: MailCatcher;
  let admin: pg.Client;
  let running: VigilProcess;

  const count = async (sql: string) => Number((await admin.query<{ n: string }>(sql)).rows[0]?.n);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    // Slow answers keep the cycles busy while the connections are dropped.
    feeds = await startFeedServer({ '/a.xml': { body: bigFeed('Ogossagou', 1), delayMs: 800 }, '/b.xml': { body: bigFeed('Gouari', 2), delayMs: 1_500 } });
    mail = await startMailCatcher();
    const config = writeTestConfig({
      dir: db.dataDir,
      feeds: [
        { name: 'A', url: feeds.url('/a.xml'), publisher: 'UN News' },
        { name: 'B', url: feeds.url('/b.xml'), publisher: 'HRW' },
      ],
      smtpUrl: mail.url,
      schedule: '*/2 * * * * *',
      polling: { leaseSeconds: 2 },
    });
    const env = { DATABASE_URL: db.url as string };
    expect((await vigil(['--config', config, '--allow-fast-schedule', 'migrate'], env)).code).toBe(0);
    admin = new pg.Client({ connectionString: db.url as string });
    await admin.connect();
    await admin.query(`INSERT INTO subscriber (email, confirmed_at, confirmed_by) SELECT 'reader' || i || '@ngo.example', now(), 'test' FROM generate_series(1, ${SUBSCRIBERS}) i`);
    await admin.query(`INSERT INTO subscription (subscriber_id, watchlist_id, confirmed_at, confirmed_by) SELECT s.id, w.id, now(), 'test' FROM subscriber s, watchlist w WHERE w.slug = 'central-mali'`);
    running = startVigil(['--config', config, '--allow-fast-schedule', 'run'], { ...env, LOG_LEVEL: 'info' });
    await running.waitForLog('Vigil is running');
  });

  afterAll(async () => {
    if (running?.child.exitCode === null) running.child.kill('SIGKILL');
    await admin?.end();
    await Promise.all([feeds?.close(), mail?.close()]);
    await db?.drop();
  });

  it('logs the losses, keeps running, and catches up: every item, both events, every email', { timeout: 120_000 }, async () => {
    let dropped = 0;
    for (let i = 0; i < 6; i++) {
      await sleep(700);
      const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      dropped += killed.rowCount ?? 0;
    }
    expect(dropped).toBeGreaterThan(0);
    const since = Date.now();
    const caughtUp = async () =>
      (await count('SELECT count(*) AS n FROM item')) === 2 * ITEMS &&
      (await count('SELECT count(*) AS n FROM alert')) === 2 &&
      (await count(`SELECT count(*) AS n FROM delivery WHERE status = 'sent'`)) === 2 * SUBSCRIBERS;
    while (!(await caughtUp()) && Date.now() - since < 60_000) await sleep(250);

    expect(await count('SELECT count(*) AS n FROM item')).toBe(2 * ITEMS);
    expect(await count('SELECT count(*) AS n FROM alert')).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM delivery WHERE status <> 'sent'`)).toBe(0);
    await mail.waitFor(2 * SUBSCRIBERS, 10_000);
    expect(new Set(mail.messages.map((m) => m.messageId)).size).toBe(2 * SUBSCRIBERS);
    expect(running.child.exitCode).toBeNull();
    const said = running.logs.map((l) => String(l.msg));
    expect(said.some((m) => /database connection lost|poll cycle failed|lost the database/i.test(m))).toBe(true);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });
});
