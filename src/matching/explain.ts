// Every candidate mention of a watched name in an item, whether it counted and why: what
// `vigil watchlists test` prints, so a watchlist keeper sees what an alias does before adding it.
import { findPhrases, tokenize, type LinkKind, type Token } from '../text/index.js';
import type { EntityEntry, Matcher } from './compile.js';
import { judgeMentions } from './context.js';
import { evidenceOf } from './evidence.js';
import { findMentions } from './find.js';
import type { MatchableItem, MatchExplanation, MatchField, MentionSpan } from './types.js';

const INSIDE: Record<LinkKind, string> = { url: 'inside a URL', email: 'inside an e-mail address', file: 'inside a file name' };

/** Every candidate mention in the item, title first, each with whether it counted and why. */
export function explainMatches(matcher: Matcher, item: MatchableItem): MatchExplanation[] {
  const mentions = findMentions(matcher, item);
  const verdicts = judgeMentions(matcher, mentions);
  const explained: MatchExplanation[] = [];
  for (const { entry, field, spans } of mentions.found) {
    const verdict = verdicts.get(entry);
    const why = !verdict?.counts ? 'ambiguous: no context in the item' : (verdict.reason ?? 'counted');
    for (const span of spans) explained.push(explanation(item, entry, field, span, verdict?.counts === true, why));
  }
  for (const field of ['title', 'text'] as const) {
    for (const { entry, span, link } of mentionsInLinks(matcher, item[field])) explained.push(explanation(item, entry, field, span, false, INSIDE[link]));
  }
  return explained.sort((a, b) => (a.field === b.field ? a.start - b.start : a.field === 'title' ? -1 : 1));
}

function explanation(item: MatchableItem, entry: EntityEntry, field: MatchField, { start, end }: MentionSpan, counted: boolean, why: string): MatchExplanation {
  const source = item[field];
  const { kind, entityId, watchlistId, name } = entry;
  return { kind, entityId, watchlistId, name, alias: source.slice(start, end), field, start, end, sentence: evidenceOf(source, field, start, end), counted, why };
}

// Watched names the tokenizer set aside as parts of links, found by matching each link alone.
function mentionsInLinks(matcher: Matcher, source: string): { entry: EntityEntry; span: MentionSpan; link: LinkKind }[] {
  const found: { entry: EntityEntry; span: MentionSpan; link: LinkKind }[] = [];
  for (const run of linkRuns(tokenize(source, { mentions: true }))) {
    const link = run[0]?.inside as LinkKind;
    const tokens = run.map((t) => ({ ...t, inside: null }));
    for (const hit of findPhrases(matcher.index, tokens)) {
      const span = { start: tokens[hit.first]?.start ?? 0, end: tokens[hit.last]?.end ?? 0 };
      for (const value of hit.values) if (value.kind !== 'area') found.push({ entry: value, span, link });
    }
  }
  return found;
}

// Consecutive tokens inside links of one kind.
function linkRuns(tokens: readonly Token[]): Token[][] {
  const runs: Token[][] = [];
  let run: Token[] = [];
  for (const token of tokens) {
    if (token.inside !== null && (run.length === 0 || run[0]?.inside === token.inside)) {
      run.push(token);
      continue;
    }
    if (run.length > 0) runs.push(run);
    run = token.inside === null ? [] : [token];
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
