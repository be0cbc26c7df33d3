// One normalisation for feed text and for aliases, so that "OUÉMBÉ", "Ouembe" and "Ouémbé"
// are the same token and "Jama’at" equals "Jama'at". Each token keeps its offsets in the
// original text, so evidence can be shown as it was written. The loop reads char codes and
// slices whole ASCII words: building tokens character by character cost half the matching time.

/** Where a token stands when it is part of a link rather than of the prose. */
export type LinkKind = 'url' | 'email' | 'file';

/** A run of letters and digits, folded; `start`/`end` index the original string. */
export interface Token {
  norm: string;
  start: number;
  end: number;
  /** Punctuation that ends a clause (. , ; : ! ? brackets, quotes, a line break) stands before it. */
  breakBefore: boolean;
  /** Set by `tokenize(text, { mentions: true })` on a token inside a URL, an e-mail address or a file name. */
  inside: LinkKind | null;
}

/** How to read the text; the default is the plain reading the risk stage relies on. */
export interface TokenizeOptions {
  /**
   * Read it for mentions of names: tokens inside URLs, e-mail addresses and file names are marked
   * (`inside`), leftover HTML tags are skipped, and a single line break does not end a clause (a
   * blank line or a block tag does), so "Dan Na\nAmbassagou" is one name.
   */
  mentions?: boolean;
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
const CLAUSE_BREAKS = new Set([...'.,;:!?()[]{}"«»“”„|/\n'].map((c) => c.charCodeAt(0)));
// Whitespace ends a link: "see https://…/ogossagou Bankass" marks the link only.
const SPACES = new Set([...' \t\n\r\f\v\u00a0\u2002\u2003\u2009\u202f\u3000'].map((c) => c.charCodeAt(0)));
// What follows the last dot of a link-like word: a file name ("ouembe.pdf") or a domain ("ogossagou.ml").
const FILE_EXTENSIONS = new Set('pdf doc docx odt rtf txt xls xlsx ods csv ppt pptx htm html php asp aspx jpg jpeg png gif svg webp tif tiff mp3 mp4 zip rar json xml kml kmz geojson shp'.split(' '));
const DOMAINS = new Set('com org net int gov edu info io news africa eu ml bf ne fr sn ci mr td dz ma tn gn ch be uk ca us de'.split(' '));
// Tags that end a block of text, so a name never runs across them; others (b, i, span, a) do not.
const BLOCK_TAGS = /^\/?(?:p|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|hr)\b/i;
const TAG_MAX_LENGTH = 200;

const CODE_A = 65;
const CODE_Z = 90;
const CODE_LOWER_A = 97;
const CODE_LOWER_Z = 122;
const CODE_0 = 48;
const CODE_9 = 57;
const NEWLINE = 10;

/** Splits text into folded tokens: accents removed, case folded, punctuation dropped. */
export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  return new Scanner(text, options.mentions === true).run();
}

/** The folded form of a name or phrase: its tokens joined by single spaces. */
export function normalizeKey(text: string): string {
  return tokenize(text)
    .map((t) => t.norm)
    .join(' ');
}

const isAsciiLower = (c: number): boolean => (c >= CODE_LOWER_A && c <= CODE_LOWER_Z) || (c >= CODE_0 && c <= CODE_9);
const isAsciiUpper = (c: number): boolean => c >= CODE_A && c <= CODE_Z;
const isAsciiWordChar = (c: number): boolean => isAsciiLower(c) || isAsciiUpper(c);

/** One left-to-right pass over the text; state lives in fields so no object is made per character. */
class Scanner {
  private readonly tokens: Token[] = [];
  private breakBefore = false;
  private newlines = 0;
  private wordEnd = 0;
  // The current run of non-space characters: a link is one run.
  private runFirstToken = 0;
  private runLink: LinkKind | null = null;
  private runDotted = false;
  private lastDotToken = -1;
  private slashAfterDot = false;

  constructor(
    private readonly text: string,
    private readonly mentions: boolean,
  ) {}

  run(): Token[] {
    const { text } = this;
    let i = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (isAsciiWordChar(c)) {
        i = this.word(i, this.readAsciiWord(i));
      } else if (c === 32) {
        // The commonest separator, handled here rather than in a call per space.
        if (this.mentions) this.endRun();
        i += 1;
      } else if (c < 128) {
        i = this.separator(i, c);
      } else {
        i = this.nonAscii(i);
      }
    }
    this.endRun();
    return this.tokens;
  }

  private word(start: number, norm: string): number {
    this.tokens.push({ norm, start, end: this.wordEnd, breakBefore: this.breakBefore, inside: null });
    this.breakBefore = false;
    this.newlines = 0;
    return this.wordEnd;
  }

  // An ASCII word, sliced whole; it goes on character by character only if a non-ASCII letter follows.
  private readAsciiWord(from: number): string {
    const { text } = this;
    let i = from;
    let upper = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isAsciiLower(c)) continue;
      if (!isAsciiUpper(c)) break;
      upper = true;
    }
    const head = upper ? text.slice(from, i).toLowerCase() : text.slice(from, i);
    if (i < text.length && text.charCodeAt(i) >= 128) return this.readRestOfWord(head, i);
    this.wordEnd = i;
    return head;
  }

  // Goes on with a word from `from`, one code point at a time; sets wordEnd.
  private readRestOfWord(head: string, from: number): string {
    const { text } = this;
    let norm = head;
    let i = from;
    this.wordEnd = from;
    while (i < text.length) {
      const cp = text.codePointAt(i) as number;
      const folded = foldCodePoint(cp);
      if (folded === null) break;
      norm += folded;
      i += cp > 0xffff ? 2 : 1;
      this.wordEnd = i;
    }
    return norm;
  }

  private nonAscii(i: number): number {
    const cp = this.text.codePointAt(i) as number;
    const folded = foldCodePoint(cp);
    const next = i + (cp > 0xffff ? 2 : 1);
    if (folded === null) {
      if (SPACES.has(cp)) this.endRun();
      else if (CLAUSE_BREAKS.has(cp)) this.breakBefore = true;
      return next;
    }
    // A joiner before any letter belongs to no word.
    if (folded === '') return next;
    return this.word(i, this.readRestOfWord(folded, next));
  }

  private separator(i: number, c: number): number {
    if (c === 32) {
      if (this.mentions) this.endRun();
      return i + 1;
    }
    if (!this.mentions) {
      if (CLAUSE_BREAKS.has(c)) this.breakBefore = true;
      return i + 1;
    }
    if (c === NEWLINE) {
      // One line break is layout (a wrapped line, a feed's <br>); a blank line ends a paragraph.
      this.newlines += 1;
      if (this.newlines >= 2) this.breakBefore = true;
      this.endRun();
      return i + 1;
    }
    if (SPACES.has(c)) {
      this.endRun();
      return i + 1;
    }
    if (c === 60 /* < */) return this.tag(i);
    this.linkSign(i, c);
    if (CLAUSE_BREAKS.has(c)) this.breakBefore = true;
    return i + 1;
  }

  // A leftover HTML tag is skipped as if it were not there; a block tag ends the clause.
  private tag(i: number): number {
    const { text } = this;
    const next = text.charCodeAt(i + 1);
    if (!(isAsciiWordChar(next) || next === 47 || next === 33)) {
      this.endRun();
      return i + 1;
    }
    const close = text.indexOf('>', i + 1);
    const inner = close < 0 || close - i > TAG_MAX_LENGTH ? null : text.slice(i + 1, close);
    if (inner === null || inner.includes('<')) {
      this.endRun();
      return i + 1;
    }
    this.endRun();
    if (BLOCK_TAGS.test(inner)) this.breakBefore = true;
    else if (/^br\b/i.test(inner)) this.newlines += 1;
    return close + 1;
  }

  // Notes what makes the current run a link: "://", "@" between words, a dot between words.
  private linkSign(i: number, c: number): void {
    const { text } = this;
    const before = i > 0 ? text.charCodeAt(i - 1) : 0;
    const after = text.charCodeAt(i + 1);
    if (c === 58 /* : */ && after === 47 && text.charCodeAt(i + 2) === 47) this.runLink = 'url';
    else if (c === 64 /* @ */ && isWordCode(before) && isWordCode(after)) this.runLink ??= 'email';
    else if (c === 46 /* . */ && isWordCode(before) && isWordCode(after)) {
      this.runDotted = true;
      this.lastDotToken = this.tokens.length;
    } else if (c === 47 /* / */ && this.runDotted) this.slashAfterDot = true;
  }

  // At the end of a run of non-space characters, marks its tokens if it was a link.
  private endRun(): void {
    if (this.runLink !== null || this.runDotted) this.markRun();
    this.runFirstToken = this.tokens.length;
  }

  private markRun(): void {
    const kind = this.runLink ?? this.dottedLinkKind();
    if (kind !== null) for (let t = this.runFirstToken; t < this.tokens.length; t++) (this.tokens[t] as Token).inside = kind;
    this.runLink = null;
    this.runDotted = false;
    this.lastDotToken = -1;
    this.slashAfterDot = false;
  }

  private dottedLinkKind(): LinkKind | null {
    if (!this.runDotted) return null;
    const last = this.tokens[this.lastDotToken]?.norm ?? '';
    if (FILE_EXTENSIONS.has(last)) return 'file';
    if (this.slashAfterDot || DOMAINS.has(last) || this.tokens[this.runFirstToken]?.norm === 'www') return 'url';
    return null;
  }
}

// A letter or digit on each side makes "@" and "." parts of a link; a curly quote does not.
const isWordCode = (c: number): boolean => isAsciiWordChar(c) || (c >= 128 && (foldCodePoint(c) ?? '') !== '');

// Non-ASCII characters are few and repeat (é, ’, –): fold each once per process.
const foldCache = new Map<number, string | null>();

// The folded letters of one code point; '' for a joiner (part of a word, adds nothing); null for
// a separator.
function foldCodePoint(cp: number): string | null {
  if (cp < 128) {
    if (isAsciiUpper(cp)) return String.fromCharCode(cp + 32);
    return isAsciiLower(cp) ? String.fromCharCode(cp) : null;
  }
  let folded = foldCache.get(cp);
  if (folded === undefined) {
    folded = foldUnicode(String.fromCodePoint(cp));
    foldCache.set(cp, folded);
  }
  return folded;
}

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
