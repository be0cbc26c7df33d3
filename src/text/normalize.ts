// One normalisation for feed text and for aliases, so that "OUÉMBÉ", "Ouembe" and "Ouémbé"
// are the same token and "Jama’at" equals "Jama'at". Each token keeps its offsets in the
// original text, so evidence can be shown as it was written.

/** A run of letters and digits, folded; `start`/`end` index the original string. */
export interface Token {
  norm: string;
  start: number;
  end: number;
  /** Punctuation that ends a clause (. , ; : ! ? brackets, quotes, a line break) stands before it. */
  breakBefore: boolean;
}

// Letters NFKD does not decompose into a base letter and a mark.
const FOLDS: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i', ð: 'd', þ: 'th' };
// Apostrophe-like modifier letters: Unicode calls them letters, readers call them punctuation.
const APOSTROPHE_LETTERS = new Set(['ʼ', 'ʹ', 'ʻ', 'ʽ', 'ˈ']);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARKS = /\p{M}/gu;
// Inside a word, these are not separators: combining accents written apart from their letter
// (decomposed text), the soft hyphen (&shy;) and zero-width characters.
const JOINERS = /^[\p{M}\u00ad\u200b-\u200d\u2060\ufeff]$/u;
// Between words, these end a clause: a name is never matched across them ("Mopti. Region-wide").
const CLAUSE_BREAKS = /[.,;:!?()[\]{}"«»“”„|/\n]/;

/** Splits text into folded tokens: accents removed, case folded, punctuation dropped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let norm = '';
  let start = -1;
  let end = 0;
  let breakBefore = false;
  let offset = 0;
  for (const char of text) {
    const folded = foldChar(char);
    if (folded === null) {
      if (start >= 0) {
        tokens.push({ norm, start, end, breakBefore });
        norm = '';
        start = -1;
        breakBefore = false;
      }
      if (CLAUSE_BREAKS.test(char)) breakBefore = true;
    } else if (folded !== '' || start >= 0) {
      if (start < 0) start = offset;
      norm += folded;
      end = offset + char.length;
    }
    offset += char.length;
  }
  if (start >= 0) tokens.push({ norm, start, end, breakBefore });
  return tokens;
}

/** The folded form of a name or phrase: its tokens joined by single spaces. */
export function normalizeKey(text: string): string {
  return tokenize(text)
    .map((t) => t.norm)
    .join(' ');
}

// The folded letters of one character; '' for a joiner (part of a word, adds nothing); null for
// a separator.
function foldChar(char: string): string | null {
  const code = char.charCodeAt(0);
  if (code < 128) {
    if (code >= 65 && code <= 90) return String.fromCharCode(code + 32);
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ? char : null;
  }
  let folded = foldCache.get(char);
  if (folded === undefined) {
    folded = foldUnicode(char);
    foldCache.set(char, folded);
  }
  return folded;
}

// Non-ASCII characters are few and repeat (é, ’, –): fold each once per process.
const foldCache = new Map<string, string | null>();

function foldUnicode(char: string): string | null {
  if (JOINERS.test(char)) return '';
  if (APOSTROPHE_LETTERS.has(char)) return null;
  let out = '';
  for (const c of char.normalize('NFKD').replace(MARKS, '').toLowerCase()) {
    const mapped = FOLDS[c] ?? c;
    if (LETTER_OR_DIGIT.test(mapped)) out += mapped;
  }
  return out === '' ? null : out;
}
