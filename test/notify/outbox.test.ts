// The outbox keeps its word against a real SMTP server on 127.0.0.1 (issue 17's fault tests):
// a wrong password, refused connections for three simulated hours, 4xx answers: senders pause,
// no attempt is burned, nothing fails, and everything arrives once when the server is back; a
// 550 for one address fails that delivery alone; a lease running out under a slow server never
// yields a second send; a sender whose claim was taken can record nothing; batch claims never
// share a row. One clock, injected.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runPollCycle } from '../../src/cycle.js';
import { createMailer, readTransportState, sendDueDeliveries } from '../../src/notify/index.js';
import { claimDueDeliveries, claimNextDelivery, recordSent, releaseClaim, releaseClaims, renewClaims } from '../../src/notify/outbox.js';
import type { SendDeps } from '../../src/notify/send.js';
import { DATABASE_KINDS } from '../helpers/db.js';
import { startMailCatcher, startTcpProxy, type MailCatcher, type TcpProxy } from '../helpers/servers.js';
import { fixture, startStack, type Stack } from '../helpers/stack.js';

const READERS = ['officer', 'analyst', 'director', 'bounce'].map((n) => `${n}@ngo.example`);

describe.each(DATABASE_KINDS)('the outbox on the $kind database', ({ kind, skip }) => {
  let stack: Stack;
  let smtp: MailCatcher;
  let proxy: TcpProxy;
  const password = { value: 'right' };
  const behaviour: { rcpt: ((a: string) => { code: number; text: string } | null) | null } = { rcpt: null };
  // The one clock of these tests: real time plus an offset the tests move forward.
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const advance = (ms: number) => (offsetMs += ms);
  const mailers: { close(): void }[] = [];
  const deps = (login: string, extra: Partial<SendDeps> = {}): SendDeps => {
    const mailer = createMailer({ from: 'Vigil <alerts@ngo.example>', smtpUrl: `smtp://vigil:${login}@127.0.0.1:${proxy.port}/?maxConnections=1`, outboxDir: stack.db.dataDir });
    mailers.push(mailer);
    return { ...stack.deps, now, sendMail: mailer.send, concurrency: mailer.concurrency, mailFrom: 'Vigil <alerts@ngo.example>', ...extra };
  };
  const db = () => stack.app.db.prisma;
  const rows = () => db().delivery.findMany({ where: { kind: 'alert' }, orderBy: { id: 'asc' }, include: { subscriber: { select: { email: true } } } });
  const arrivedTo = () => smtp.recipients.flat();
  // Waits out the pause the way the sender loop does: the clock moves to its end.
  const afterPause = async () => {
    const state = await readTransportState(db());
    if (state.status === 'paused') offsetMs += Math.max(0, state.pausedUntil.getTime() - now().getTime());
  };

  beforeAll(async () => {
    if (skip) return;
    stack = await startStack(kind, [{ name: 'HRW — Mali', path: '/hrw.atom', publisher: 'Human Rights Watch' }], {});
    smtp = await startMailCatcher({ password, rcptReply: (a) => behaviour.rcpt?.(a) ?? null, rejects: (a) => a.startsWith('bounce@') });
    proxy = await startTcpProxy({ host: '127.0.0.1', port: smtp.port });
    for (const email of READERS) await stack.subscribe(email, 'serious-concern', true);
  });

  afterAll(async () => {
    if (skip) return;
    for (const m of mailers) m.close();
    await proxy?.close();
    await smtp?.close();
    await stack?.close();
  });

  beforeEach(() => {
    password.value = 'right';
    behaviour.rcpt = null;
  });

  it.skipIf(skip)('pauses on a wrong SMTP password without failing or burning anything, and sends every email once when it is right', async () => {
    stack.feeds.routes.set('/hrw.atom', { body: fixture('hrw-mali.atom.xml'), contentType: 'application/atom+xml' });
    password.value = 'changed-by-the-provider';
    const cycle = await runPollCycle({ ...stack.deps, ...deps('right'), now });
    expect(cycle).toMatchObject({ alertsCreated: 1, emailsQueued: 4, emails: { sent: 0, failed: 0, retrying: 1, transportDown: true } });

    // Three more pauses, each longer: still nothing failed, no attempt counted.
    const pauses: number[] = [];
    for (let i = 0; i < 3; i++) {
      await afterPause();
      const report = await sendDueDeliveries(deps('right'));
      expect(report).toMatchObject({ sent: 0, failed: 0, transportDown: true });
      const state = await readTransportState(db());
      if (state.status === 'paused') pauses.push(state.pausedUntil.getTime() - now().getTime());
    }
    expect(pauses[1]).toBeGreaterThan(pauses[0] ?? 0);
    expect(pauses[2]).toBeGreaterThan(pauses[1] ?? 0);
    const state = await readTransportState(db());
    expect(state).toMatchObject({ status: 'paused', failures: 4 });
    expect(state.status === 'paused' && state.reason).toMatch(/535/);
    expect((await rows()).map((d) => [d.status, d.attempts])).toEqual(READERS.map(() => ['pending', 0]));
    // Paused: a round before the pause ends tries nothing.
    expect(await sendDueDeliveries(deps('right'))).toMatchObject({ sent: 0, retrying: 0, transportDown: true });

    password.value = 'right';
    await afterPause();
    const report = await sendDueDeliveries(deps('right'));
    expect(report).toMatchObject({ sent: 3, failed: 1, transportDown: false });
    expect(arrivedTo().sort()).toEqual(['analyst@ngo.example', 'director@ngo.example', 'officer@ngo.example']);
    expect(await readTransportState(db())).toEqual({ status: 'ok' });
  });

  it.skipIf(skip)('fails a 550 for one address alone, with the reply stored, and counts it against the address', async () => {
    const bounced = (await rows()).find((d) => d.subscriber.email === 'bounce@ngo.example');
    expect(bounced).toMatchObject({ status: 'failed', attempts: 1 });
    expect(bounced?.lastError).toMatch(/550 5\.1\.1 <bounce@ngo\.example>: Recipient address rejected: User unknown/);
    expect(await db().subscriber.findUnique({ where: { email: 'bounce@ngo.example' }, select: { rejections: true, bouncingAt: true } })).toEqual({ rejections: 1, bouncingAt: null });
  });

  it.skipIf(skip)('keeps every email through three simulated hours of refused connections, then sends each once', async () => {
    const before = smtp.messages.length;
    await requeueAll();
    proxy.cut();
    let rounds = 0;
    const start = now().getTime();
    while (now().getTime() - start < 3 * 3_600_000) {
      await afterPause();
      advance(1);
      const report = await sendDueDeliveries(deps('right'));
      expect(report).toMatchObject({ sent: 0, failed: 0 });
      rounds += 1;
    }
    expect(rounds).toBeGreaterThan(10);
    expect((await rows()).filter((d) => d.status === 'pending').map((d) => d.attempts)).toEqual([0, 0, 0]);
    const state = await readTransportState(db());
    expect(state.status === 'paused' && state.reason).toMatch(/ECONNECTION/);

    proxy.restore();
    await afterPause();
    expect(await sendDueDeliveries(deps('right'))).toMatchObject({ sent: 3, failed: 0, transportDown: false });
    expect(smtp.messages.slice(before).map((m) => m.messageId)).toHaveLength(3);
    expect(new Set(smtp.recipients.slice(before).flat()).size).toBe(3);
  });

  it.skipIf(skip)('treats 4xx as the server being busy: a pause, then every email once on 2xx', async () => {
    const before = smtp.messages.length;
    await requeueAll();
    behaviour.rcpt = () => ({ code: 451, text: '4.7.1 Greylisted, try again later' });
    expect(await sendDueDeliveries(deps('right'))).toMatchObject({ sent: 0, failed: 0, retrying: 1, transportDown: true });
    behaviour.rcpt = null;
    await afterPause();
    expect(await sendDueDeliveries(deps('right'))).toMatchObject({ sent: 3, failed: 0 });
    expect(smtp.recipients.slice(before).flat().sort()).toEqual(['analyst@ngo.example', 'director@ngo.example', 'officer@ngo.example']);
  });

  it.skipIf(skip)('never sends twice when a lease runs out under a slow server: the claim is renewed while sending', async () => {
    const slow = await startMailCatcher({ dataDelayMs: 700 });
    const slowMailers: { close(): void }[] = [];
    try {
      await requeueAll();
      const slowDeps = (): SendDeps => {
        const mailer = createMailer({ from: 'Vigil <alerts@ngo.example>', smtpUrl: `${slow.url}/?maxConnections=1`, outboxDir: stack.db.dataDir });
        slowMailers.push(mailer);
        // A lease far shorter than one send: only renewal keeps the other sender off the row.
        return { ...stack.deps, now, sendMail: mailer.send, concurrency: 1, leaseMs: 200 };
      };
      const [a, b] = await Promise.all([sendDueDeliveries(slowDeps()), sendDueDeliveries(slowDeps())]);
      expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(3);
      expect(slow.recipients.flat().sort()).toEqual(['analyst@ngo.example', 'director@ngo.example', 'officer@ngo.example']);
    } finally {
      for (const m of slowMailers) m.close();
      await slow.close();
    }
  });

  it.skipIf(skip)('lets no stale sender record a result once another holds the claim', async () => {
    await requeueAll();
    // One row due; the others later, so the second claim can only be for the same row.
    const [first] = await db().delivery.findMany({ where: { status: 'pending' }, orderBy: { id: 'asc' }, take: 1 });
    await db().delivery.updateMany({ where: { status: 'pending', id: { not: first?.id ?? 0 } }, data: { nextAttemptAt: new Date(now().getTime() + 3_600_000) } });
    const stale = await claimNextDelivery(db(), now(), 1_000);
    expect(stale).not.toBeNull();
    advance(2_000);
    const fresh = await claimNextDelivery(db(), now(), 30_000);
    expect(fresh?.id).toBe(stale?.id);
    if (!stale || !fresh) return;
    expect(await recordSent(db(), stale, '<stale@ngo.example>', now())).toBe(false);
    await releaseClaim(db(), stale, now(), 'stale');
    expect(await db().delivery.findUnique({ where: { id: fresh.id }, select: { status: true, claimToken: true } })).toEqual({ status: 'pending', claimToken: fresh.claimToken });
    expect(await recordSent(db(), fresh, '<fresh@ngo.example>', now())).toBe(true);
  });

  it.skipIf(skip)('claims in batches, one token per row: two senders claiming at once never share a row, and a taken claim is not renewed', async () => {
    await requeueAll();
    const due = await db().delivery.count({ where: { status: 'pending', nextAttemptAt: { lte: now() } } });
    expect(due).toBe(3);
    const [a, b] = await Promise.all([claimDueDeliveries(db(), now(), 1_000, 2), claimDueDeliveries(db(), now(), 1_000, 2)]);
    const claims = [...a, ...b];
    expect(new Set(claims.map((c) => c.id)).size).toBe(3);
    expect(new Set(claims.map((c) => c.claimToken)).size).toBe(3);
    const stored = await db().delivery.findMany({ where: { id: { in: claims.map((c) => c.id) } }, select: { id: true, claimToken: true } });
    expect(new Map(stored.map((r) => [r.id, r.claimToken]))).toEqual(new Map(claims.map((c) => [c.id, c.claimToken])));
    expect(await renewClaims(db(), claims.map((c) => c.claimToken), now(), 1_000)).toEqual(new Set(claims.map((c) => c.claimToken)));
    // The leases run out; another sender takes the rows: the first sender's renewal finds none.
    advance(2_000);
    const taken = await claimDueDeliveries(db(), now(), 30_000, 25);
    expect(taken.map((c) => c.id).sort()).toEqual(claims.map((c) => c.id).sort());
    expect(await renewClaims(db(), claims.map((c) => c.claimToken), now(), 30_000)).toEqual(new Set());
    await releaseClaims(db(), taken.map((c) => c.claimToken), now(), null);
    expect(await db().delivery.count({ where: { status: 'pending', claimToken: null, nextAttemptAt: { lte: now() } } })).toBe(3);
  });

  // Puts the three deliverable emails back in the outbox, as a new alert would.
  async function requeueAll(): Promise<void> {
    await db().delivery.updateMany({ where: { kind: 'alert', subscriber: { email: { not: 'bounce@ngo.example' } } }, data: { status: 'pending', attempts: 0, nextAttemptAt: now(), claimToken: null } });
  }
});
