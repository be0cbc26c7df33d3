// What a feed the parser refuses is recorded as: one printable line, whatever bytes the feed
// held where the parser stopped (xml2js quotes them), short enough to read in `feeds list`.
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/parse.js';

describe('a refused feed’s error', () => {
  it('drops the control characters the parser quotes (PostgreSQL refuses a NUL in a text column)', async () => {
    // Markup inside <content> is written back to a string by rss-parser (xmlbuilder), which
    // refuses a character XML forbids and quotes the whole text it refused. C0 controls are
    // dropped by the repair pass (below); a lone surrogate is not, and the C1 controls beside it
    // are characters XML allows, so they reach the quote.
    const body = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><content type="xhtml"><div>${'y'.repeat(500)} \ud800 \u0085\u009b</div></content></entry></feed>`;
    const parsed = await parseFeed(body);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    // eslint-disable-next-line no-control-regex -- control characters are what must not be there
    expect(parsed.error).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(parsed.error.length).toBeLessThan(300);
    expect(parsed.error).toMatch(/^not a readable RSS or Atom feed: Invalid character in string: y+…$/);
  });

  it('is no error for C0 controls, NUL included: the repair pass drops them and the entry is read', async () => {
    const body = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><content type="xhtml"><div>${'y'.repeat(500)} \u0000\u0007\u001b</div></content></entry></feed>`;
    const parsed = await parseFeed(body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    // eslint-disable-next-line no-control-regex -- control characters are what must not be there
    expect(parsed.entries[0]?.html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(parsed.entries[0]?.html).toContain('y'.repeat(500));
  });
});
