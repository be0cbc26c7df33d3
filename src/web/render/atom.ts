// Atom (RFC 4287) for the alert history: one entry per event, its id a `tag:` URI that never
// changes, its `updated` the time of its latest revision, so a reader sees a revised event as
// an updated entry rather than a new one. Pure.
import { escapeXml } from './xml.js';

export interface AtomEntry {
  id: string;
  title: string;
  updated: Date;
  published: Date;
  /** The event page. */
  link: string;
  summary: string;
  categories: { term: string; label: string }[];
  /** Other representations of the entry (the CAP message). */
  alternates: { type: string; href: string }[];
}

export interface AtomFeed {
  id: string;
  title: string;
  /** The newest entry's updated time, or the feed's own when empty. */
  updated: Date;
  selfUrl: string;
  /** The HTML page showing the same events. */
  pageUrl: string;
  entries: AtomEntry[];
}

/**
 * `tag:vigil.example.org,2026:alert/42` (RFC 4151). The date is the year Vigil began minting
 * these ids, fixed so ids stay the same for ever; the host is the instance's base URL's.
 */
export function tagUri(baseUrl: string, specific: string): string {
  return `tag:${new URL(baseUrl).hostname},2026:${specific}`;
}

export function renderAtom(feed: AtomFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <updated>${feed.updated.toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.pageUrl)}"/>`,
    '  <author><name>Vigil</name></author>',
    '  <generator>Vigil</generator>',
    ...feed.entries.flatMap(entryLines),
    '</feed>',
    '',
  ];
  return lines.join('\n');
}

function entryLines(entry: AtomEntry): string[] {
  return [
    '  <entry>',
    `    <id>${escapeXml(entry.id)}</id>`,
    `    <title type="text">${escapeXml(entry.title)}</title>`,
    `    <updated>${entry.updated.toISOString()}</updated>`,
    `    <published>${entry.published.toISOString()}</published>`,
    `    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
    ...entry.alternates.map((a) => `    <link rel="alternate" type="${escapeXml(a.type)}" href="${escapeXml(a.href)}"/>`),
    ...entry.categories.map((c) => `    <category term="${escapeXml(c.term)}" label="${escapeXml(c.label)}"/>`),
    `    <summary type="text">${escapeXml(entry.summary)}</summary>`,
    '  </entry>',
  ];
}
