// Links from feeds are kept only when they are http(s): a `javascript:` or `data:` link from a
// careless or hostile feed must never become something a reader can click. Pure.

/** The URL when it is an absolute http(s) URL, else null. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
