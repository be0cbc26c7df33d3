// The demo's two feeds: fictional reports, dated relative to when the demo starts, shaped like
// what UN and local sources publish. An attack on a watched village (English), a follow-up from
// a second source in French that raises the toll, and an item that names nothing watched. Every
// title says it is a demonstration, so a forwarded email can never be taken for a real alert.
const HOUR_MS = 3_600_000;

interface DemoItem {
  guid: string;
  title: string;
  link: string;
  hoursAgo: number;
  text: string;
}

export const DEMO_WATCHED_VILLAGE = 'Djimdo';

const UN_DESK: DemoItem[] = [
  {
    guid: 'vigil-demo-un-1',
    title: 'DEMO (fictional): Gunmen attack Djimdo village in Bankass cercle, 14 civilians killed',
    link: 'https://example.org/vigil-demo/djimdo-attack',
    hoursAgo: 3,
    text:
      'This is a fictional report for the Vigil demonstration. Armed men on motorbikes attacked the village of Djimdo, ' +
      'in the Bankass cercle of central Mali, in the early hours of the morning, local officials said. At least 14 civilians ' +
      'were killed, among them women and children, and granaries were set on fire. Residents blamed a Dozo militia. ' +
      'Hundreds of people fled towards Bankass town.',
  },
  {
    guid: 'vigil-demo-un-2',
    title: 'DEMO (fictional): Cotton harvest begins early in Sikasso region',
    link: 'https://example.org/vigil-demo/cotton-harvest',
    hoursAgo: 2,
    text: 'This is a fictional report for the Vigil demonstration. Farmers in the Sikasso region began the cotton harvest two weeks early this year, the cooperative said.',
  },
];

const RADIO_LOCALE: DemoItem[] = [
  {
    guid: 'vigil-demo-fr-1',
    title: "DÉMO (fictif) : Djimdo, le bilan de l'attaque s'alourdit à 21 morts",
    link: 'https://example.org/vigil-demo/djimdo-bilan',
    hoursAgo: 1,
    text:
      "Ceci est une dépêche fictive pour la démonstration de Vigil. Le bilan de l'attaque contre le village de Djimdo, " +
      "dans le cercle de Bankass, s'est alourdi à 21 morts, selon des sources locales. Des miliciens dozos sont accusés " +
      "par les habitants. Plusieurs blessés ont été évacués vers Bankass.",
  },
];

/** The demo's feeds by path: what the local server serves, as RSS 2.0 dated from `now`. */
export function demoFeeds(now: Date): Record<string, { name: string; publisher: string; language: string; body: string }> {
  return {
    '/un-desk.xml': { name: 'Demo — UN news desk (fictional)', publisher: 'Demo UN desk', language: 'en', body: rss('Demo UN desk (fictional)', 'en', UN_DESK, now) },
    '/radio-locale.xml': { name: 'Démo — Radio locale (fictif)', publisher: 'Démo Radio locale', language: 'fr', body: rss('Démo Radio locale (fictif)', 'fr', RADIO_LOCALE, now) },
  };
}

function rss(title: string, language: string, items: readonly DemoItem[], now: Date): string {
  const entries = items.map(
    (i) =>
      `<item><title>${escapeXml(i.title)}</title><link>${i.link}</link><guid isPermaLink="false">${i.guid}</guid>` +
      `<pubDate>${new Date(now.getTime() - i.hoursAgo * HOUR_MS).toUTCString()}</pubDate><description>${escapeXml(i.text)}</description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://example.org/vigil-demo</link><description>Fictional reports for the Vigil demonstration</description><language>${language}</language>${entries.join('')}</channel></rss>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
