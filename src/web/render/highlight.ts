// The evidence sentence with the watched names it was matched on marked, as segments a template
// prints (escaped) with or without <mark>: no HTML is ever built from the sentence. Pure.

export interface Segment {
  text: string;
  marked: boolean;
}

/** Splits `sentence` around every occurrence of the aliases, ignoring case; overlaps are merged. */
export function highlightSegments(sentence: string, aliases: readonly string[]): Segment[] {
  const spans: [number, number][] = [];
  for (const alias of aliases.filter((a) => a.trim() !== '')) {
    const pattern = new RegExp(alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
    for (const m of sentence.matchAll(pattern)) spans.push([m.index, m.index + m[0].length]);
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const segments: Segment[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) segments.push({ text: sentence.slice(at, from), marked: false });
    segments.push({ text: sentence.slice(from, end), marked: true });
    at = end;
  }
  if (at < sentence.length) segments.push({ text: sentence.slice(at), marked: false });
  return segments;
}
