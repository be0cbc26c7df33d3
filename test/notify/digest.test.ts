// The daily digest against a real SMTP server on 127.0.0.1, with the clock driven: a daily
// subscriber gets nothing when events happen, then ONE email at 08:00 Africa/Bamako (the config's
// defaults) listing every event since the last digest at or above their level, grouped by level,
// highest first, with links to each event's page; nothing on a day without events.
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPollCycle } from '../../src/cycle.js';
import { assertSubscription, sendDueDeliveries } from '../../src/notify/index.js';
import type { AlertLevel } from '../../src/risk/index.js';
import { DATABASE_KINDS } from '../helpers/db.js';
import { rssFeed, type FeedEntry } from '../helpers/feeds.js';
import { recipientOf } from '../helpers/servers.js';
import { startStack, type Stack } from '../helpers/stack.js';

const REPORTS: Record<string, Omit<FeedEntry, 'pubDate'>> = {
  massacre: { guid: 'ogossagou', title: 'Mali: 30 civilians killed in attack on Ogossagou', description: 'Gunmen attacked Ogossagou and killed 30 civilians, residents said.' },
  siege: { guid: 'djenne', title: 'Mali: Djenné under siege', description: 'Armed men have besieged Djenné for a week; the town is under siege, residents said.' },
  looting: { guid: 'niono', title: 'Mali: shops looted in Niono', description: 'Armed men looted shops in Niono overnight, traders said.' },
  later: { guid: 'macina', title: 'Mali: granaries looted in Macina', description: 'Armed men looted granaries in the cercle de Macina, farmers said.' },
};

describe.each(DATABASE_KINDS)('the daily digest on the $kind database', ({ kind, skip }) => {
  let stack: Stack;
  // The one clock: 27 November 2026, 10:00 in Bamako (UTC+0, no daylight saving).
  let clock = Date.parse('2026-11-27T10:00:00Z');
  const now = () => new Date(clock);
  const deps = () => ({ ...stack.deps, now });
  const served: FeedEntry[] = [];
  const serve = (name: string) => {
    const report = REPORTS[name];
    if (!report) throw new Error(name);
    served.push({ ...report, pubDate: now().toUTCString() });
    stack.feeds.routes.set('/wire.xml', { body: rssFeed(served) });
  };
  const to = (email: string) => stack.mail.messages.filter((m) => recipientOf(m) === email);

  beforeAll(async () => {
    if (skip) return;
    stack = await startStack(kind, [{ name: 'Sahel Wire', path: '/wire.xml', publisher: 'Sahel Wire' }], {});
    const db = stack.app.db.prisma;
    const { id: watchlistId } = await db.watchlist.findUniqueOrThrow({ where: { slug: 'central-mali' } });
    const subscribe = (email: string, minLevel: AlertLevel, cadence: 'daily' | 'immediate') =>
      assertSubscription(db, { email, watchlistId, prefs: { minLevel, cadence, language: 'en' }, now: now(), by: 'operator (test)' });
    await subscribe('daily@ngo.example', 'serious-concern', 'daily');
    await subscribe('crisis@ngo.example', 'current-crisis', 'daily');
    await subscribe('now@ngo.example', 'serious-concern', 'immediate');
  });

  afterAll(async () => {
    if (!skip) await stack?.close();
  });

  it.skipIf(skip)('sends a daily subscriber nothing when events happen, and nothing before 08:00', async () => {
    for (const name of ['looting', 'massacre', 'siege']) serve(name);
    const cycle = await runPollCycle(deps());
    expect(cycle).toMatchObject({ alertsCreated: 3, emails: { sent: 3 } });
    expect(to('now@ngo.example')).toHaveLength(3);
    expect(to('daily@ngo.example')).toHaveLength(0);
    expect(to('crisis@ngo.example')).toHaveLength(0);

    clock = Date.parse('2026-11-28T07:59:59Z');
    expect(await sendDueDeliveries(deps())).toMatchObject({ sent: 0 });
    expect(stack.mail.messages).toHaveLength(3);
  });

  it.skipIf(skip)('sends ONE digest at 08:00 Bamako time, grouped by level highest first, with a link to each event', async () => {
    clock = Date.parse('2026-11-28T08:00:00Z');
    const report = await sendDueDeliveries(deps());
    expect(report).toMatchObject({ sent: 2, failed: 0 });
    const [digest, ...more] = to('daily@ngo.example');
    expect(more).toHaveLength(0);
    if (!digest) throw new Error('no digest');
    expect(digest.subject).toBe('[Vigil] Daily digest, 2026-11-28: 3 events — Central Mali — Mopti and Ségou regions');
    expect(digest.messageId).toMatch(/^<digest-s\d+\.d\d+\.[0-9a-f-]+@test\.example>$/);
    expect(String(digest.headerLines.find((h) => h.key === 'list-unsubscribe')?.line)).toMatch(/\/unsubscribe\//);
    const text = digest.text ?? '';
    const order = ['CURRENT CRISIS (1)', 'Ogossagou', 'IMMINENT RISK (1)', 'Djenné', 'SERIOUS CONCERN (1)', 'Niono'].map((s) => text.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const alerts = await stack.app.db.prisma.alert.findMany({ select: { id: true } });
    for (const { id } of alerts) {
      expect(text).toContain(`${stack.baseUrl}/alerts/${id}`);
      expect(hrefs(digest)).toContain(`${stack.baseUrl}/alerts/${id}`);
    }
    const page = await fetch(`${stack.baseUrl}/alerts/${alerts[0]?.id}`);
    expect(page.status).toBe(200);

    // The minimum level holds: the current-crisis subscriber's digest lists Ogossagou alone.
    const [crisis] = to('crisis@ngo.example');
    expect(crisis?.subject).toMatch(/: 1 event — /);
    expect(crisis?.text).toContain('Ogossagou');
    expect(crisis?.text).not.toMatch(/Djenné|Niono/);
    expect(await sendDueDeliveries(deps())).toMatchObject({ sent: 0 });
  });

  it.skipIf(skip)('sends no digest after a day without events', async () => {
    const before = stack.mail.messages.length;
    clock = Date.parse('2026-11-29T08:00:05Z');
    expect(await runPollCycle(deps())).toMatchObject({ alertsCreated: 0, emails: { sent: 0 } });
    expect(await sendDueDeliveries(deps())).toMatchObject({ sent: 0 });
    expect(stack.mail.messages).toHaveLength(before);
  });

  it.skipIf(skip)('lists only what happened since the last digest, and sends none to whom nothing reached their level', async () => {
    clock = Date.parse('2026-11-29T09:30:00Z');
    serve('later');
    const { alertsCreated } = await runPollCycle(deps());
    expect(alertsCreated).toBeGreaterThan(0);
    const before = to('daily@ngo.example').length;
    clock = Date.parse('2026-11-30T08:00:00Z');
    expect(await sendDueDeliveries(deps())).toMatchObject({ sent: 1 });
    const digest = to('daily@ngo.example').slice(before);
    expect(digest).toHaveLength(1);
    expect(digest[0]?.subject).toMatch(new RegExp(`2026-11-30: ${alertsCreated} events? — `));
    expect(digest[0]?.text).toContain('Macina');
    expect(digest[0]?.text).not.toMatch(/Ogossagou|Djenné|Niono/);
    expect(to('crisis@ngo.example')).toHaveLength(1);
  });
});

function hrefs(mail: ParsedMail): string[] {
  return [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '');
}
