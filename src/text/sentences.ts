// Sentence boundaries from the runtime's ICU segmenter, which handles quotes, French spacing
// before "?" and "!", and "U.N." before a lowercase word. It does end a sentence after a title
// or an initialism followed by a capital ("Dr. Amadou Diallo", "The U.N. Secretary-General"),
// so such splits are joined again here.

/** A sentence of the text and where it starts and ends. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// V8 takes time in proportion to the whole string for each segment it yields, so a long text is
// segmented in pieces of about this length (2 MB of short sentences: two minutes whole, a
// fraction of a second in pieces).
const PIECE_LENGTH = 2_000;
// Where every sentence segmenter breaks, whatever comes before (UAX #29, rules SB4 and SB11):
// after a line break; after "!" or "?" and spaces, before a letter or digit; after "." and
// spaces, before a capital. Pieces are cut there only, so they segment as the whole text would.
const CERTAIN_BREAK = /\n|[!?] +(?=[\p{L}\p{N}])|\. +(?=\p{Lu})/gu;

// Titles and abbreviations of English and French reporting that are followed by a name.
const ABBREVIATION =
  /(?:^|[\s(])(?:Dr|Mr|Mrs|Ms|Mx|M|Mme|Mmes|Mlle|MM|Mgr|Me|Pr|Prof|St|Ste|Gen|Gén|Col|Lt|Sgt|Capt|Cpt|Cmdt|Gov|Sen|Rep|Hon|Rev|No|Nos|Vol|art|Art|cf|vs|e\.g|i\.e|Jan|Feb|Febr|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|janv|févr|avr|juil|sept|oct|nov|déc)\.$|(?:^|[\s(])(?:[A-Z]\.){1,4}$/u;

/** Splits text into sentences, trimmed, with their offsets in the text. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let joinNext = false;
  for (const { segment, index } of segmentsOf(text)) {
    const lead = segment.length - segment.trimStart().length;
    const trimmed = segment.trim();
    if (!trimmed) continue;
    const previous = sentences.at(-1);
    if (joinNext && previous) {
      previous.end = index + lead + trimmed.length;
      previous.text = text.slice(previous.start, previous.end);
    } else {
      sentences.push({ text: trimmed, start: index + lead, end: index + lead + trimmed.length });
    }
    joinNext = ABBREVIATION.test(trimmed) && !segment.includes('\n');
  }
  return sentences;
}

function* segmentsOf(text: string): Generator<{ segment: string; index: number }> {
  for (let from = 0; from < text.length; ) {
    const to = pieceEnd(text, from);
    for (const { segment, index } of segmenter.segment(text.slice(from, to))) yield { segment, index: from + index };
    from = to;
  }
}

function pieceEnd(text: string, from: number): number {
  if (text.length - from <= PIECE_LENGTH) return text.length;
  CERTAIN_BREAK.lastIndex = from + PIECE_LENGTH;
  const found = CERTAIN_BREAK.exec(text);
  return found ? found.index + found[0].length : text.length;
}

/**
 * The sentence holding [start, end) of the text (the sentences from the one holding `start` to the
 * one holding `end`, for a name split across a line break), as `splitSentences` would give it.
 * Only the stretch between the certain breaks around it is segmented: a report names a watched
 * place in one sentence of dozens, and segmenting whole texts was a fifth of the matching time.
 */
export function sentenceAround(text: string, start: number, end: number): Sentence {
  const from = pieceStartBefore(text, start);
  const piece = text.slice(from, pieceEndAfter(text, end));
  if (isOneSentence(piece)) {
    const lead = piece.length - piece.trimStart().length;
    return { text: piece.trim(), start: from + lead, end: from + piece.trimEnd().length };
  }
  const sentences = splitSentences(piece);
  const first = sentenceAt(sentences, start - from);
  const last = sentenceAt(sentences, end - 1 - from) ?? first;
  if (!first || !last) return { text: text.slice(start, end), start, end };
  return { text: text.slice(from + first.start, from + last.end), start: from + first.start, end: from + last.end };
}

// A sentence breaks only after a terminator or a paragraph separator (UAX #29): a piece with
// none before its final terminators, closing marks and spaces is one sentence, and the segmenter
// (costly per call) is spared. Read by char code: a regex with Unicode classes cost as much.
function isOneSentence(piece: string): boolean {
  let i = 0;
  while (i < piece.length && !isTerminator(piece.charCodeAt(i))) i++;
  while (i < piece.length && isTerminator(piece.charCodeAt(i)) && !isParagraphSeparator(piece.charCodeAt(i))) i++;
  return i === piece.length || TAIL_OF_ONE_SENTENCE.test(piece.slice(i));
}

const TAIL_OF_ONE_SENTENCE = /^[\p{Quotation_Mark}\p{Ps}\p{Pe}\p{Pi}\p{Pf}]*\s*$/u;
const TERMINATOR = /[\u0085\u2028\u2029\u2024\ufe52\uff0e\p{Sentence_Terminal}]/u;
const terminators = new Map<number, boolean>();

function isTerminator(c: number): boolean {
  if (c < 128) return c === 46 || c === 33 || c === 63 || c === 13;
  // A character outside the BMP is read as a terminator: the segmenter decides.
  if (c >= 0xd800 && c <= 0xdfff) return true;
  let known = terminators.get(c);
  if (known === undefined) {
    known = TERMINATOR.test(String.fromCharCode(c));
    terminators.set(c, known);
  }
  return known;
}

const isParagraphSeparator = (c: number): boolean => c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;

// A certain break after "Dr." or "U.N." may be one the segmenter's split is joined again across:
// never cut there (cutting less is always safe).
function mayBeAbbreviation(text: string, dot: number): boolean {
  return ABBREVIATION.test(text.slice(Math.max(0, dot - 12), dot + 1));
}

// Where the certain break before `at` ends (0 if none): a piece boundary, scanning back.
function pieceStartBefore(text: string, at: number): number {
  for (let i = at; i > 0; i--) {
    const before = text.charCodeAt(i - 1);
    if (before === 10) return i;
    if (before !== 32) continue;
    let k = i - 1;
    while (k > 0 && text.charCodeAt(k) === 32) k--;
    const mark = text[k];
    if (mark !== '.' && mark !== '!' && mark !== '?') continue;
    const next = text[i] ?? '';
    if (mark !== '.' ? LETTER_OR_DIGIT.test(next) : UPPERCASE.test(next) && !mayBeAbbreviation(text, k)) return i;
  }
  return 0;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UPPERCASE = /\p{Lu}/u;

// Where the first certain break at or after `at` ends (the text's end if none).
const CERTAIN_BREAK_AFTER = new RegExp(CERTAIN_BREAK.source, 'gu');

function pieceEndAfter(text: string, at: number): number {
  const breaks = CERTAIN_BREAK_AFTER;
  breaks.lastIndex = at;
  for (let found = breaks.exec(text); found; found = breaks.exec(text)) {
    if (found[0][0] !== '.' || !mayBeAbbreviation(text, found.index)) return found.index + found[0].length;
  }
  return text.length;
}

/** The sentence holding `offset`, found by binary search over `sentences`. */
export function sentenceAt(sentences: readonly Sentence[], offset: number): Sentence | undefined {
  let low = 0;
  let high = sentences.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const s = sentences[mid] as Sentence;
    if (offset < s.start) high = mid - 1;
    else if (offset >= s.end) low = mid + 1;
    else return s;
  }
  return undefined;
}
