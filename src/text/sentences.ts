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
