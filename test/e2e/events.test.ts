// Events, not reports, end to end on both databases: one attack reported by three feeds over two
// days in two languages is one event with three sources and a figure range, mailed once plus one
// revision when the toll grows materially; a second attack on a village three weeks after the
// first is a new event, escalated; an anniversary article raises nothing current; two feeds
// carrying one attack, polled at once, make one event.
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts, showAlert } from '../../src/alerts/index.js';
import { runPollCycle } from '../../src/cycle.js';
import { DATABASE_KINDS } from '../helpers/db.js';
import { rssFeed } from '../helpers/feeds.js';
import { startStack, type Stack } from '../helpers/stack.js';

const FEEDS = [
  { name: 'UN News — Africa', path: '/un.xml', publisher: 'UN News' },
  { name: 'RFI — Afrique', path: '/rfi.xml', publisher: 'RFI' },
  { name: 'HRW — Mali', path: '/hrw.xml', publisher: 'Human Rights Watch' },
  { name: 'Studio Tamani', path: '/tamani.xml', publisher: 'Studio Tamani' },
];

const UN_OGOSSAGOU = {
  guid: 'un-1',
  title: 'Mali: gunmen kill 30 villagers in Ogossagou',
  pubDate: 'Mon, 23 Nov 2026 20:00:00 +0000',
  description: 'Gunmen attacked the village of Ogossagou in the Bankass cercle on Sunday, killing 30 civilians, according to local officials.',
};
const RFI_OGOSSAGOU = {
  guid: 'rfi-1',
  title: 'Mali : au moins 31 civils tués à Ogossagou',
  pubDate: 'Tue, 24 Nov 2026 08:00:00 +0000',
  description: "Des hommes armés ont attaqué le village d'Ogossagou dans la nuit de samedi à dimanche. Au moins 31 civils ont été tués, selon des sources locales.",
};
const HRW_OGOSSAGOU = {
  guid: 'hrw-1',
  title: 'Mali: at least 40 killed in Ogossagou massacre',
  pubDate: 'Wed, 25 Nov 2026 10:00:00 +0000',
  description: 'At least 40 villagers were killed when gunmen attacked Ogossagou on 22 November, Human Rights Watch said.',
};
const KALALA_FIRST = {
  guid: 'tamani-1',
  title: 'Attaque à Kalala, cercle de Macina',
  pubDate: 'Mon, 02 Nov 2026 09:00:00 +0000',
  description: 'Des hommes armés ont attaqué Kalala, dans le cercle de Macina, le 1er novembre, tuant 3 villageois.',
};
const KALALA_SECOND = {
  guid: 'tamani-2',
  title: 'Kalala attaqué de nouveau',
  pubDate: 'Tue, 24 Nov 2026 09:00:00 +0000',
  description: 'Des hommes armés ont de nouveau attaqué Kalala, dans le cercle de Macina, hier, tuant 2 villageois.',
};
const ANNIVERSARY = {
  guid: 'un-2',
  title: 'Mali: survivors remember the Ogossagou massacre',
  pubDate: 'Tue, 24 Nov 2026 12:00:00 +0000',
  description: 'On 23 March 2019, gunmen massacred 160 villagers in Ogossagou. Survivors gathered this week to remember them.',
};

describe.each(DATABASE_KINDS)('events on the $kind database', ({ kind, skip }) => {
  let stack: Stack;
  let officer: number;
  const at = (iso: string) => ({ ...stack.deps, now: () => new Date(iso) });

  beforeAll(async () => {
    if (skip) return;
    // Only Studio Tamani answers at first: its report of an attack on Kalala on 1 November is
    // polled the day after; the other feeds answer from the first test on.
    stack = await startStack(kind, FEEDS, { '/tamani.xml': { body: rssFeed([KALALA_FIRST]) } }, { risk: 'built-in' });
    officer = await stack.subscribe('officer@ngo.example', 'serious-concern', true);
    await stack.subscribe('director@ngo.example', 'current-crisis', true);
    await runPollCycle(at('2026-11-02T10:00:00Z'));
    await stack.mail.waitFor(1);
  });

  afterAll(async () => {
    if (!skip) await stack?.close();
  });

  it.skipIf(skip)('makes one event of an attack reported in English and French by two feeds polled at once', async () => {
    stack.feeds.routes.set('/un.xml', { body: rssFeed([UN_OGOSSAGOU]) });
    stack.feeds.routes.set('/rfi.xml', { body: rssFeed([RFI_OGOSSAGOU]) });
    const report = await runPollCycle(at('2026-11-24T09:30:00Z'));

    expect(report).toMatchObject({ newItems: 2, alertsCreated: 1, alertsRevised: 1 });
    const ogossagou = (await listAlerts(stack.app.db.prisma, { limit: 10 })).filter((a) => a.places.includes('Ogossagou'));
    expect(ogossagou).toHaveLength(1);
    expect(ogossagou[0]).toMatchObject({ level: 'current-crisis', killed: { min: 30, max: 31 }, revision: 2, historical: false });
    expect(ogossagou[0]?.eventDate.slice(0, 10)).toBe('2026-11-21');
    expect(ogossagou[0]?.sources.map((s) => s.publisher).sort()).toEqual(['RFI', 'UN News']);
  });

  it.skipIf(skip)('mails the event once per subscriber: the second report is shown, not mailed', async () => {
    // Ogossagou to both subscribers; Kalala (serious concern) to the officer only.
    const messages = await stack.mail.waitFor(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(messages).toHaveLength(3);
    const subjects = messages.map((m) => m.subject ?? '').sort();
    expect(subjects.filter((s) => s.includes('Ogossagou'))).toHaveLength(2);
    expect(subjects.filter((s) => s.includes('Kalala'))).toHaveLength(1);
  });

  it.skipIf(skip)('mails a revision when a later report raises the toll materially, with the range and who said what', async () => {
    stack.feeds.routes.set('/hrw.xml', { body: rssFeed([HRW_OGOSSAGOU]) });
    const report = await runPollCycle(at('2026-11-25T12:00:00Z'));

    expect(report).toMatchObject({ newItems: 1, alertsCreated: 0, alertsRevised: 1, emailsQueued: 2 });
    const [event] = (await listAlerts(stack.app.db.prisma, { limit: 10 })).filter((a) => a.places.includes('Ogossagou'));
    expect(event).toMatchObject({ killed: { min: 30, max: 40 }, revision: 3 });
    expect(event?.sources).toHaveLength(3);
    const messages = await stack.mail.waitFor(5);
    const update = messages.slice(3).find((m) => to(m) === 'officer@ngo.example') as ParsedMail;
    expect(update.subject).toMatch(/^\[Vigil\] UPDATE: CURRENT CRISIS: Ogossagou — .*30–40 killed/);
    expect(update.text).toContain('30–40 killed reported by 3 sources');
    // What changed since the first notice; the order of the first two reports depends on which feed came first.
    expect(update.text).toMatch(/^UPDATE \(revision 3\): .*new source: (RFI|UN News), .*killed 30–31 → 30–40; new source: Human Rights Watch, 2026-11-25$/m);
    expect(update.text).toContain('Killed: at least 40, according to Human Rights Watch, 2026-11-25');
    expect(update.text).toContain('Killed: 30, according to UN News, 2026-11-23');
    expect(update.messageId).toMatch(new RegExp(`^<alert-\\d+\\.r3\\.s${officer}\\.[0-9a-f]{24}@test\\.example>$`));
    // Threaded under the event's first notice to this subscriber.
    const first = update.messageId?.replace('.r3.', '.r1.');
    expect(update.inReplyTo).toBe(first);
    expect(update.references).toEqual(first);

    const shown = await showAlert(stack.app.db.prisma, event?.id ?? 0, 90);
    expect(shown?.revisions.map((r) => r.notified)).toEqual([true, false, true]);
    expect(shown?.revisions[2]?.changes).toContain('new source: Human Rights Watch, 2026-11-25');
  });

  it.skipIf(skip)('opens a second, escalated event for a new attack on a village three weeks after the first', async () => {
    stack.feeds.routes.set('/tamani.xml', { body: rssFeed([KALALA_FIRST, KALALA_SECOND]) });
    const report = await runPollCycle(at('2026-11-25T12:30:00Z'));

    expect(report).toMatchObject({ newItems: 1, alertsCreated: 1, alertsRevised: 0 });
    const kalala = (await listAlerts(stack.app.db.prisma, { limit: 10 })).filter((a) => a.places.includes('Kalala'));
    expect(kalala.map((a) => a.eventDate.slice(0, 10))).toEqual(['2026-11-23', '2026-11-01']);
    expect(kalala.map((a) => a.level)).toEqual(['imminent-risk', 'serious-concern']);
    expect(kalala[0]?.escalation).toMatch(/^Escalation: 2nd violent event in Macina cercle in 30 days \(earlier: #\d+ on 2026-11-01\)$/);
    expect(kalala[0]?.reasons.at(-1)).toBe(kalala[0]?.escalation);
  });

  it.skipIf(skip)('keeps an anniversary article as history: an event dated 2019, never mailed', async () => {
    const sent = stack.mail.messages.length;
    stack.feeds.routes.set('/un.xml', { body: rssFeed([UN_OGOSSAGOU, ANNIVERSARY]) });
    const report = await runPollCycle(at('2026-11-25T13:00:00Z'));

    expect(report).toMatchObject({ newItems: 1, alertsCreated: 1, emailsQueued: 0 });
    const old = (await listAlerts(stack.app.db.prisma, { limit: 20 })).find((a) => a.eventDate.startsWith('2019'));
    expect(old).toMatchObject({ historical: true, places: ['Ogossagou'] });
    expect(old?.eventDate.slice(0, 10)).toBe('2019-03-23');
    await new Promise((r) => setTimeout(r, 200));
    expect(stack.mail.messages).toHaveLength(sent);
  });
});

function to(message: ParsedMail): string {
  const address = Array.isArray(message.to) ? message.to[0] : message.to;
  return address?.value[0]?.address ?? '';
}
