// RSS 2.0 documents written by the tests, for feeds whose items a test changes between cycles.

export interface FeedEntry {
  guid: string;
  title: string;
  /** RFC 822, as RSS writes it: "Mon, 23 Nov 2026 20:00:00 +0000". */
  pubDate: string;
  description: string;
  link?: string;
}

export function rssFeed(entries: readonly FeedEntry[], title = 'Test feed'): string {
  const items = entries.map(
    (e) => `  <item>
    <title>${escapeXml(e.title)}</title>
    <link>${escapeXml(e.link ?? `https://news.example.org/${e.guid}`)}</link>
    <guid isPermaLink="false">${escapeXml(e.guid)}</guid>
    <pubDate>${e.pubDate}</pubDate>
    <description>${escapeXml(e.description)}</description>
  </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>${escapeXml(title)}</title>
  <link>https://news.example.org/</link>
  <description>Test feed</description>
${items.join('\n')}
</channel></rss>
`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
