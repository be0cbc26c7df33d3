// Feeds the web tests poll: HRW's report of Ogossagou (a fixture), a hostile feed carrying
// markup, script, a javascript: link and a spreadsheet formula, and a local feed whose story
// links point at the test's own feed server (so a browser can follow them without the network).
import type { FeedServer } from '../helpers/servers.js';
import { runPollCycle } from '../../src/cycle.js';
import { fixture, type Stack, type StackFeed } from '../helpers/stack.js';

export const WEB_FEEDS: StackFeed[] = [
  { name: 'HRW — Mali', path: '/hrw.atom', publisher: 'Human Rights Watch' },
  { name: 'Hostile', path: '/hostile.xml', publisher: '=HYPERLINK("http://evil.example","Hostile")' },
  { name: 'Local radio', path: '/local.xml', publisher: 'Radio Locale' },
];

// Written for the test: a title and body with markup and script, a javascript: link.
export const HOSTILE_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example</link><description>x</description>
<item>
  <title>Ogota: gunmen attack &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &lt;img src=x onerror=alert(2)&gt; =1+1</title>
  <link>javascript:alert(3)</link>
  <guid>hostile-1</guid>
  <pubDate>Tue, 24 Nov 2026 10:00:00 +0000</pubDate>
  <description>&lt;p&gt;Gunmen attacked Ogota, in the cercle de Bankass. &lt;a href="javascript:alert(6)"&gt;more&lt;/a&gt;&lt;img src=x onerror="alert(4)"&gt;&lt;script&gt;alert(5)&lt;/script&gt; =HYPERLINK("http://evil.example")&lt;/p&gt;</description>
</item>
</channel></rss>`;

/** An item about Bankass town (which has coordinates), linking to a story on the feed server. */
export function localFeed(server: FeedServer, items: { guid: string; title: string; text: string; date: string }[]): string {
  const entries = items
    .map((i) => `<item><title>${i.title}</title><link>${server.url(`/story/${i.guid}`)}</link><guid>${i.guid}</guid><pubDate>${i.date}</pubDate><description>${i.text}</description></item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Radio Locale</title><link>${server.url('/')}</link><description>x</description>\n${entries}\n</channel></rss>`;
}

export const BANKASS_ITEM = {
  guid: 'bankass-1',
  title: 'Bankass : des hommes armés tuent au moins 14 civils',
  text: 'Au moins 14 civils ont été tués lorsque des hommes armés ont attaqué la ville de Bankass, dans le cercle de Bankass, le 22 novembre 2026. Des habitants ont fui vers Mopti.',
  date: 'Mon, 23 Nov 2026 09:00:00 +0000',
};

export const OGOSSAGOU_UPDATE = {
  guid: 'ogossagou-2',
  title: 'Ogossagou : le bilan passe à 41 morts',
  text: 'Le bilan du massacre d’Ogossagou, dans le cercle de Bankass, est passé à 41 morts le 26 novembre 2026, selon des sources locales.',
  date: 'Thu, 26 Nov 2026 18:00:00 +0000',
};

/**
 * Polls the feeds in a fixed order (HRW and the hostile feed, then the local radio an hour
 * later), so the events and their levels are the same on every run: concurrent polls would
 * otherwise decide which event of Bankass cercle comes second and is escalated.
 */
export async function pollWebFeeds(stack: Stack) {
  const server = stack.feeds;
  server.routes.set('/hrw.atom', { body: fixture('hrw-mali.atom.xml'), contentType: 'application/atom+xml' });
  server.routes.set('/hostile.xml', { body: HOSTILE_FEED });
  await runPollCycle(stack.deps);
  server.routes.set('/local.xml', { body: localFeed(server, [BANKASS_ITEM]) });
  server.routes.set('/story/bankass-1', { body: '<!DOCTYPE html><title>Radio Locale — Bankass</title><h1>Bankass story</h1>', contentType: 'text/html; charset=utf-8' });
  await runPollCycle(stack.later(60));
}
