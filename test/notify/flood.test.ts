// The flood guard against a real SMTP server on 127.0.0.1: a feed publishing 2,000 attack
// reports (2,000 events) to two immediate subscribers yields each exactly
// mail.maxImmediatePerHour notices (10, the default) and, when that hour ends, ONE summary listing
// all the rest; none is lost, none sent twice, with two senders working the same outbox at once
// (their claimed batches hold both subscribers' notices, interleaved).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPollCycle } from '../../src/cycle.js';
import { createMailer, sendDueDeliveries, type SendDeps } from '../../src/notify/index.js';
import { DATABASE_KINDS } from '../helpers/db.js';
import { rssFeed, type FeedEntry } from '../helpers/feeds.js';
import { recipientOf } from '../helpers/servers.js';
import { startStack, type Stack } from '../helpers/stack.js';

// Villages and towns of the watchlist in different cercles, none ambiguous.
const PLACES = ['Ogossagou', 'Diallassagou', 'Sangha', 'Djenné', 'Niono', 'Sévaré', 'Bandiagara', 'Koro', 'Ségou', 'Bankass'];
const ITEMS = 2_000;
const DAY_MS = 86_400_000;
const READERS = ['officer@ngo.example', 'analyst@ngo.example'];

describe.each(DATABASE_KINDS)('the flood guard on the $kind database', ({ kind, skip }) => {
  let stack: Stack;
  let clock = Date.parse('2026-11-27T10:00:00Z');
  const now = () => new Date(clock);
  const mailers: { close(): void }[] = [];
  // A sender process of its own: its own pooled SMTP connections, the same outbox.
  const sender = (): SendDeps => {
    const mailer = createMailer({ from: 'Vigil Test <vigil@test.example>', smtpUrl: `${stack.mail.url}/?maxConnections=3`, outboxDir: stack.db.dataDir });
    mailers.push(mailer);
    return { ...stack.deps, now, sendMail: mailer.send, concurrency: mailer.concurrency };
  };
  const to = (email: string) => stack.mail.messages.filter((m) => recipientOf(m) === email);

  beforeAll(async () => {
    if (skip) return;
    // Each report its own event: one of ten places, each place's reports four days apart.
    const entries: FeedEntry[] = Array.from({ length: ITEMS }, (_, i) => {
      const place = PLACES[i % PLACES.length] ?? 'Ogossagou';
      const date = new Date(clock - Math.floor(i / PLACES.length) * 4 * DAY_MS - i * 1000);
      return { guid: `attack-${i}`, title: `Mali: attack on ${place}`, pubDate: date.toUTCString(), description: `Gunmen attacked ${place} and killed ${2 + (i % 5)} civilians, residents said.` };
    });
    stack = await startStack(kind, [{ name: 'Sahel Wire', path: '/wire.xml', publisher: 'Sahel Wire' }], { '/wire.xml': { body: rssFeed(entries) } }, { polling: { maxItemsPerPoll: ITEMS } });
    for (const email of READERS) await stack.subscribe(email, 'serious-concern', true);
  });

  afterAll(async () => {
    if (skip) return;
    for (const m of mailers) m.close();
    await stack?.close();
  });

  it.skipIf(skip)('sends exactly 10 notices in the hour, even with two senders at once, and holds the rest', { timeout: 300_000 }, async () => {
    // The cycle only queues: `vigil run`'s sender loops do the sending.
    const cycle = await runPollCycle({ ...stack.deps, now, sender: { wake: () => undefined, stop: () => Promise.resolve() } });
    expect(cycle.newItems).toBe(ITEMS);
    expect(cycle.emailsQueued).toBeGreaterThan(1_000);
    const [a, b] = await Promise.all([sendDueDeliveries(sender()), sendDueDeliveries(sender())]);
    expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(20);
    for (const email of READERS) {
      expect(to(email)).toHaveLength(10);
      expect(to(email).every((m) => !m.subject?.startsWith('[Vigil] Summary'))).toBe(true);
    }

    // Later in the same hour, more rounds send nothing more.
    clock += 59 * 60_000;
    await Promise.all([sendDueDeliveries(sender()), sendDueDeliveries(sender())]);
    for (const email of READERS) expect(to(email)).toHaveLength(10);
    const pending = await stack.app.db.prisma.delivery.count({ where: { kind: 'alert', status: 'pending', batch: 'summary' } });
    expect(pending).toBe(cycle.emailsQueued - 20);
  });

  it.skipIf(skip)('rolls everything beyond the limit into ONE summary when the hour ends: none lost, none twice', { timeout: 120_000 }, async () => {
    const db = stack.app.db.prisma;
    clock += 60_000;
    const [a, b] = await Promise.all([sendDueDeliveries(sender()), sendDueDeliveries(sender())]);
    expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(2);
    for (const email of READERS) await expectOneSummary(email);
    expect(await db.delivery.count({ where: { kind: 'alert', status: { not: 'sent' } } })).toBe(0);

    // Nothing more to send.
    clock += 3_600_000;
    expect(await sendDueDeliveries(sender())).toMatchObject({ sent: 0 });
  });

  async function expectOneSummary(email: string): Promise<void> {
    const db = stack.app.db.prisma;
    const queued = await db.delivery.count({ where: { kind: 'alert', subscriber: { email } } });
    const mails = to(email);
    expect(mails).toHaveLength(11);
    const summary = mails[10];
    expect(summary?.subject).toBe(`[Vigil] Summary: ${(queued - 10).toLocaleString('en')} events beyond your hourly limit — Central Mali — Mopti and Ségou regions`);
    expect(summary?.messageId).toMatch(/^<summary-s\d+\.d\d+\./);

    // Every event is in exactly one email: the ten notices or the summary's links.
    const links = [...String(summary?.text).matchAll(/\/alerts\/(\d+)/g)].map((m) => Number(m[1]));
    const noticed = await db.delivery.findMany({ where: { kind: 'alert', batch: null, subscriber: { email } }, select: { alertId: true } });
    const all = [...links, ...noticed.map((d) => d.alertId)];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(queued);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(11);
  }
});
