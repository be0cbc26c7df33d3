// A subscriber's whole path on the web, against a real SMTP server: the /subscribe form (only an
// address needed) → a confirmation email (the answer the same whoever asks) → the confirm link
// (a button; single use) → alert emails → the preferences link changes the level → one-click
// unsubscribe → a re-subscription gets only a new confirmation. Tokens are stored hashed and
// never reach the request log.
import type { ParsedMail } from 'mailparser';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPollCycle } from '../../src/cycle.js';
import { sendDueDeliveries } from '../../src/notify/index.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { buildWebApp } from '../../src/web/index.js';
import { DATABASE_KINDS } from '../helpers/db.js';
import { recipientOf } from '../helpers/servers.js';
import { fixture, startStack, type Stack } from '../helpers/stack.js';

const FEEDS = [
  { name: 'HRW — Mali', path: '/hrw.atom', publisher: 'Human Rights Watch' },
  { name: 'ReliefWeb — Mali', path: '/reliefweb.xml', publisher: 'ReliefWeb' },
];

describe.each(DATABASE_KINDS)('subscribing on the web, on the $kind database', ({ kind, skip }) => {
  let stack: Stack;
  // As a browser does: the page sets the CSRF cookie and puts the token in its form.
  const withForm = async (pageUrl: string) => {
    const page = await fetch(pageUrl);
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    return { cookie: page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), token };
  };
  const post = async (url: string, fields: Record<string, string> = {}, pageUrl: string = url) => {
    const { cookie, token } = await withForm(pageUrl);
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ ...fields, _csrf: token }).toString() });
  };
  const form = (fields: Record<string, string>) => post(`${stack.baseUrl}/subscribe`, fields);
  // A mail client's one-click unsubscribe: no page, no cookie, no CSRF token.
  const oneClick = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  const mailTo = (address: string) => stack.mail.messages.filter((m) => recipientOf(m) === address);
  let manageUrl = '';

  beforeAll(async () => {
    if (skip) return;
    stack = await startStack(kind, FEEDS, {});
    await stack.subscribe('active@ngo.example', 'serious-concern', true);
  });

  afterAll(async () => {
    if (!skip) await stack?.close();
  });

  it.skipIf(skip)('answers a subscription the same way whether or not the address was subscribed, and emails only a confirmation', async () => {
    const page = await fetch(`${stack.baseUrl}/subscribe`);
    expect(await page.text()).toContain('<input type="email" name="email"');

    const answers = await Promise.all([form({ email: 'Reader@NGO.example' }), form({ email: 'active@ngo.example' })]);
    const [fresh, known] = await Promise.all(answers.map(async (r) => ({ status: r.status, body: await r.text() })));
    expect(fresh?.status).toBe(200);
    expect(known).toEqual(fresh);
    expect(fresh?.body).toContain('Check your inbox');
    // Asked twice: one confirmation email, not two.
    await form({ email: 'reader@ngo.example' });

    expect(await sendDueDeliveries(stack.deps)).toMatchObject({ sent: 1, cancelled: 0 });
    await stack.mail.waitFor(1);
    expect(mailTo('active@ngo.example')).toHaveLength(0);
    const [confirmation] = mailTo('reader@ngo.example');
    expect(confirmation?.subject).toBe('[Vigil] Confirm your subscription to Central Mali — Mopti and Ségou regions');
    expect(confirmation?.messageId).toMatch(/^<confirm-\d+\.[0-9a-f]{24}@test\.example>$/);
  });

  it.skipIf(skip)('confirms with a button behind the link, once', async () => {
    const confirmUrl = linkIn(mailTo('reader@ngo.example')[0], '/confirm/');
    // Opening the link (as a mail scanner does) confirms nothing.
    expect(await (await fetch(confirmUrl)).text()).toContain('<button type="submit">Confirm</button>');
    expect(await stack.app.db.prisma.subscription.count({ where: { confirmedAt: { not: null } } })).toBe(1);

    const confirmed = await post(confirmUrl);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You will receive Vigil alerts');
    expect((await post(confirmUrl, {}, `${stack.baseUrl}/subscribe`)).status).toBe(404);
    // A post without the form's CSRF token is refused before its link is even looked up.
    expect((await fetch(confirmUrl.replace(/[\w-]+$/, 'x'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).status).toBe(403);
    // Stored as a hash only.
    const token = confirmUrl.split('/').pop() ?? '';
    const stored = await stack.app.db.prisma.subscriptionToken.findMany({ select: { hash: true } });
    expect(stored.map((t) => t.hash)).not.toContain(token);
  });

  it.skipIf(skip)('sends alerts once confirmed, with a preferences link that changes the level', async () => {
    stack.feeds.routes.set('/hrw.atom', { body: fixture('hrw-mali.atom.xml'), contentType: 'application/atom+xml' });
    const report = await runPollCycle(stack.deps);
    expect(report).toMatchObject({ alertsCreated: 1, emailsQueued: 2, emails: { sent: 2 } });
    const [alert] = mailTo('reader@ngo.example').filter((m) => m.subject?.startsWith('[Vigil] CURRENT CRISIS'));
    manageUrl = linkIn(alert, '/preferences/');
    expect(alert?.text).toContain('Manage your subscription');

    expect(await (await fetch(manageUrl)).text()).toContain('<option value="serious-concern" selected>');
    const saved = await post(manageUrl, { minLevel: 'current-crisis', cadence: 'immediate', language: 'en' });
    expect(await saved.text()).toContain('Saved.');
    expect(await stack.app.db.prisma.subscription.findFirst({ where: { subscriber: { email: 'reader@ngo.example' } }, select: { minLevel: true } })).toEqual({ minLevel: 'current-crisis' });

    // An imminent-risk event: below the reader's new level, above the other subscriber's.
    stack.feeds.routes.set('/reliefweb.xml', { body: fixture('reliefweb-ouembe.rss.xml') });
    const later = await runPollCycle(stack.later(60));
    expect(later).toMatchObject({ alertsCreated: 1, emailsQueued: 1 });
    expect(mailTo('reader@ngo.example')).toHaveLength(2);
  });

  it.skipIf(skip)('unsubscribes in one click; subscribing again without confirming gets no alert', async () => {
    const unsubscribeUrl = manageUrl.replace('/preferences/', '/unsubscribe/');
    expect((await oneClick(unsubscribeUrl)).status).toBe(200);
    expect((await form({ email: 'reader@ngo.example', minLevel: 'serious-concern' })).status).toBe(200);
    // Its first confirmation was sent minutes ago: no second one yet (one per ten minutes).
    expect(await sendDueDeliveries(stack.deps)).toMatchObject({ sent: 0 });
    const sentBefore = mailTo('reader@ngo.example').length;

    const activeBefore = mailTo('active@ngo.example').length;
    stack.feeds.routes.set('/reliefweb.xml', { body: fixture('reliefweb-ouembe.rss.xml').replace('</channel>', GOUARI_ITEM) });
    const report = await runPollCycle(stack.later(120));
    expect(report).toMatchObject({ alertsCreated: 1, emailsQueued: 1 });
    expect(mailTo('active@ngo.example')).toHaveLength(activeBefore + 1);
    expect(mailTo('reader@ngo.example')).toHaveLength(sentBefore);
    expect(await stack.app.db.prisma.subscription.findFirst({ where: { subscriber: { email: 'reader@ngo.example' } }, select: { confirmedAt: true, unsubscribedAt: true } })).toMatchObject({ confirmedAt: null });
  });

  it.skipIf(skip)('never writes a link token to the request log, and shows the mail state in /healthz', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    const web = buildWebApp({ db: stack.app.db.prisma, log, templates: stack.app.templates, templatesDir: TEMPLATES_DIR, now: () => new Date() });
    const token = manageUrl.split('/').pop() ?? '';
    for (const path of [`/unsubscribe/${token}`, `/preferences/${token}`, `/confirm/${token}`]) await web.inject({ method: 'GET', url: path });
    const health = await web.inject({ method: 'GET', url: '/healthz' });
    await web.close();
    expect(lines.join('')).not.toContain(token);
    expect(lines.join('')).toContain('/unsubscribe/[redacted]');
    expect(health.json()).toMatchObject({ database: 'ok', mail: { status: 'ok' } });
  });
});

const GOUARI_ITEM = `<item>
  <title>Mali: new attack on Gouari village</title>
  <link>https://reliefweb.int/report/mali/gouari-attack</link>
  <guid isPermaLink="false">https://reliefweb.int/report/mali/gouari-attack</guid>
  <pubDate>Thu, 26 Nov 2026 20:00:00 +0000</pubDate>
  <description>Gunmen attacked Gouari, in the Bankass cercle, on Thursday, killing 6 villagers.</description>
</item></channel>`;

function linkIn(message: ParsedMail | undefined, path: string): string {
  const url = new RegExp(`https?://\\S+${path}[\\w-]+`).exec(message?.text ?? '')?.[0];
  if (!url) throw new Error(`no ${path} link in the email`);
  return url;
}
