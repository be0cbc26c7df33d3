// Links of feed items: which ones are kept, and the canonical form under which the same story,
// linked with different tracking parameters, is recognised as one. Pure.

/** Longer links are dropped: no reader needs them, and some servers and mail clients cut them. */
export const MAX_LINK_LENGTH = 2048;

/**
 * The link as stored, or null: only http(s) links are kept (a feed's javascript: or data: link
 * must never reach a page or an email as something to click), and none over MAX_LINK_LENGTH.
 */
export function webLink(link: string | null): string | null {
  const url = link === null ? null : parseWebUrl(link);
  const href = url?.href ?? null;
  return href !== null && href.length <= MAX_LINK_LENGTH ? href : null;
}

// Parameters that say how a reader arrived, not what they read (mailing tools, ad and social
// networks), compared lower-cased. `utm_*` is matched by its prefix.
const TRACKING_PARAMETERS = new Set(['fbclid', 'gclid', 'dclid', 'mc_cid', 'mc_eid', 'igshid', '_hsenc', '_hsmi', 'ref_src', 'yclid', 'msclkid']);

/**
 * The link as the same story's other links would be written: tracking parameters removed, the
 * others sorted by name; scheme and host lower-cased, default port, fragment and the path's
 * trailing slash dropped. The scheme and a `www.` are kept: a site need not serve the same page
 * without them. Null for a link that is not http(s).
 */
export function canonicalLink(link: string): string | null {
  const url = parseWebUrl(link);
  if (!url) return null;
  // URL has lower-cased the scheme and host and dropped a default port already.
  url.hash = '';
  url.search = canonicalQuery(url.search);
  url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return url.href;
}

function parseWebUrl(link: string): URL | null {
  if (!URL.canParse(link)) return null;
  const url = new URL(link);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

// Pairs are kept as written ("?id" stays "?id", "%20" stays "%20"): only their order changes.
// Array sort is stable, so repeated names keep their order.
function canonicalQuery(search: string): string {
  const pairs = search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTracking(nameOf(pair)));
  if (pairs.length === 0) return '';
  const named = pairs.map((pair) => ({ pair, name: nameOf(pair) }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return `?${named.map((n) => n.pair).join('&')}`;
}

function nameOf(pair: string): string {
  const raw = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw; // a stray % in a name: compare it as written
  }
}

function isTracking(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMETERS.has(lower);
}
