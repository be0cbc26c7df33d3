// Evidence: the sentence a mention stands in, as written, cut around the mention when long.
import { sentenceAround, type Sentence } from '../text/index.js';
import type { MatchField } from './types.js';

// Evidence is read in a list, a page and a mail: a run-on sentence (a table flattened to text, a
// title repeating a name) is cut to this many characters around the mention.
const MAX_EVIDENCE_LENGTH = 300;

/** The sentence of the mention at [start, end) (the title for the title), cut to about 300 characters around it. */
export function evidenceOf(source: string, field: MatchField, start: number, end: number): string {
  return evidenceReader(source, field)(start, end);
}

/**
 * `evidenceOf` for many mentions of one field: the last sentence found is kept, as the matches of
 * an item come in order and often several stand in one sentence.
 */
export function evidenceReader(source: string, field: MatchField): (start: number, end: number) => string {
  if (field === 'title') return (start, end) => evidenceAround(source, start, end);
  let last: Sentence | null = null;
  return (start, end) => {
    const sentence = last !== null && start >= last.start && end <= last.end ? last : sentenceAround(source, start, end);
    last = sentence;
    return evidenceAround(sentence.text, start - sentence.start, end - sentence.start);
  };
}

/** The sentence, or about MAX_EVIDENCE_LENGTH characters of it around [start, end), cut between words, cuts marked "…". */
function evidenceAround(sentence: string, start: number, end: number): string {
  if (sentence.length <= MAX_EVIDENCE_LENGTH) return sentence;
  if (end - start >= MAX_EVIDENCE_LENGTH) return sentence.slice(start, end);
  const room = MAX_EVIDENCE_LENGTH - (end - start);
  const from = Math.min(Math.max(0, start - Math.ceil(room / 2)), sentence.length - MAX_EVIDENCE_LENGTH);
  const to = from + MAX_EVIDENCE_LENGTH;
  const head = from === 0 ? 0 : wordStartFrom(sentence, from, start);
  const tail = to === sentence.length ? to : wordEndBefore(sentence, to, end);
  return `${head > 0 ? '…' : ''}${sentence.slice(head, tail).trim()}${tail < sentence.length ? '…' : ''}`;
}

// The first word start in [at, limit]; the mention's own start when a word runs over `at`.
function wordStartFrom(text: string, at: number, limit: number): number {
  for (let i = at; i < limit; i++) if (/\s/.test(text[i - 1] ?? '')) return i;
  return limit;
}

// The last word end in [limit, at]; the mention's own end when a word runs over `at`.
function wordEndBefore(text: string, at: number, limit: number): number {
  for (let i = at; i > limit; i--) if (/\s/.test(text[i] ?? '')) return i;
  return limit;
}
