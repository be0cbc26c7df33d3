// Fan-out (issue 17's target: one event to 10,000 confirmed subscribers through a local SMTP
// server in under 60 s, at least 5× a single-connection sequential send, no duplicates). The
// event, subscribers and their deliveries are written straight into a scratch database; then
// Vigil's sender sends them as `vigil run` would: pooled SMTP with `maxConnections` workers, each
// claiming one row at a time under a lease. The baseline is the same sender with `pool=false`
// and one worker: one message after the other, a new connection each. The server counts every
// Message-ID it receives, so a second send of one delivery shows as a duplicate.
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../src/db/index.js';
import { silentLogger } from '../src/log.js';
import { createMailer, sendDueDeliveries } from '../src/notify/index.js';
import { TEMPLATES_DIR } from '../src/paths.js';
import { loadTemplates } from '../src/templates.js';

export const FANOUT_SUBSCRIBERS = 10_000;
/** The baseline sends this many and its rate is compared: its rate does not depend on the count. */
export const BASELINE_SUBSCRIBERS = 1_000;
export const POOL_CONNECTIONS = 5;

export interface FanoutRun {
  seconds: number;
  messagesPerSecond: number;
  received: number;
  duplicates: number;
}

export interface FanoutFigures {
  vigil: FanoutRun;
  baseline: FanoutRun;
}

interface Catcher {
  port: number;
  ids: Map<string, number>;
  received(): number;
  close(): Promise<void>;
}

// An SMTP server that keeps only each message's Message-ID (parsing 10,000 bodies would time the server).
async function startCounter(): Promise<Catcher> {
  const ids = new Map<string, number>();
  let received = 0;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 100,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? `missing-${received}`;
        ids.set(id, (ids.get(id) ?? 0) + 1);
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, ids, received: () => received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// A watchlist, one event of it, `count` confirmed subscribers and one pending delivery each.
async function seedEvent(db: Database, slug: string, count: number, now: Date): Promise<void> {
  const p = db.prisma;
  const [watchlist] = await p.$queryRaw<{ id: number }[]>`
    INSERT INTO watchlist (slug, name, created_at, updated_at) VALUES (${slug}, ${`Bench ${slug}`}, ${now}, ${now}) RETURNING id`;
  const watchlistId = watchlist?.id ?? 0;
  const [alert] = await p.$queryRaw<{ id: number }[]>`
    INSERT INTO alert (watchlist_id, level, title, event_date, killed_min, killed_max, violence, reasons, revision, created_at, updated_at)
    VALUES (${watchlistId}, 'current-crisis', 'Ogossagou — massacre: 30–40 killed', ${now}, 30, 40, ARRAY['massacre'],
      ARRAY['30–40 killed reported (30: UN News, 2026-11-23; 40: HRW, 2026-11-25), at least 10 in a single attack'], 1, ${now}, ${now}) RETURNING id`;
  const alertId = alert?.id ?? 0;
  await p.$executeRaw`
    INSERT INTO alert_revision (alert_id, revision, level, killed_min, killed_max, sources, reasons, changes, notified, created_at)
    VALUES (${alertId}, 1, 'current-crisis', 30, 40, 2, ARRAY[]::text[], ARRAY['first report'], true, ${now})`;
  await p.$executeRaw`
    INSERT INTO subscriber (email, confirmed_at, confirmed_by, created_at)
    SELECT ${slug} || '-' || g || '@bench.example', ${now}, 'bench', ${now} FROM generate_series(1, ${count}::int) g`;
  await p.$executeRaw`
    INSERT INTO subscription (subscriber_id, watchlist_id, confirmed_at, confirmed_by, created_at)
    SELECT id, ${watchlistId}, ${now}, 'bench', ${now} FROM subscriber WHERE email LIKE ${`${slug}-%`}`;
  await p.$executeRaw`
    INSERT INTO delivery (kind, alert_id, subscriber_id, subscription_id, revision, next_attempt_at, created_at)
    SELECT 'alert', ${alertId}, subscriber_id, id, 1, ${now}, ${now} FROM subscription WHERE watchlist_id = ${watchlistId}`;
}

// Sends every due delivery as the sender loop would, round after round, and times it.
async function sendAll(db: Database, smtpUrl: string, expected: number): Promise<FanoutRun> {
  const catcher = await startCounter();
  const mailer = createMailer({ from: 'Vigil <alerts@bench.example>', smtpUrl: smtpUrl.replace('PORT', String(catcher.port)), outboxDir: '' });
  const templates = loadTemplates(TEMPLATES_DIR);
  const deps = { db: db.prisma, log: silentLogger(), now: () => new Date(), sendMail: mailer.send, concurrency: mailer.concurrency, templates, baseUrl: 'https://vigil.bench.example', historyDays: 90, mailFrom: 'Vigil <alerts@bench.example>' };
  const start = performance.now();
  try {
    let sent = 0;
    for (let round = 0; sent < expected && round < 100; round++) {
      const report = await sendDueDeliveries(deps);
      if (report.transportDown) throw new Error(`fan-out bench: the SMTP server was reported down (${smtpUrl})`);
      sent += report.sent;
      if (report.sent === 0) break;
    }
    const seconds = (performance.now() - start) / 1000;
    const received = catcher.received();
    const duplicates = [...catcher.ids.values()].reduce((sum, n) => sum + n - 1, 0);
    if (sent !== expected) throw new Error(`fan-out bench: sent ${sent} of ${expected}`);
    return { seconds, messagesPerSecond: received / seconds, received, duplicates };
  } finally {
    mailer.close();
    await catcher.close();
  }
}

export async function benchFanout(db: Database): Promise<FanoutFigures> {
  const now = new Date();
  await seedEvent(db, 'baseline', BASELINE_SUBSCRIBERS, now);
  const baseline = await sendAll(db, 'smtp://127.0.0.1:PORT/?pool=false', BASELINE_SUBSCRIBERS);
  await seedEvent(db, 'vigil', FANOUT_SUBSCRIBERS, now);
  const vigil = await sendAll(db, `smtp://127.0.0.1:PORT/?maxConnections=${POOL_CONNECTIONS}`, FANOUT_SUBSCRIBERS);
  return { vigil, baseline };
}
