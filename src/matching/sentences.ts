// Sentence boundaries, from the runtime's ICU segmenter rather than a hand-written regex:
// it knows "Dr." and "U.N." do not end sentences, in English and in French.

/** A sentence of the text and where it starts and ends. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Splits text into sentences, trimmed, with their offsets in the text. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const lead = segment.length - segment.trimStart().length;
    const trimmed = segment.trim();
    if (trimmed) sentences.push({ text: trimmed, start: index + lead, end: index + lead + trimmed.length });
  }
  return sentences;
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
