// Event dates: when a sentence says the violence happened ("on 19 November", "hier", "dans la
// nuit de samedi à dimanche", "the 2019 massacre"), resolved against the publication date, so
// that an alert carries the day of the attack rather than the day of the report. Pure.
//
// The sentence is read folded (src/text: accents and capitals removed, punctuation kept), with
// every folded character mapped back to the original, so the evidence is shown as written.
// Readers are tried from the most specific form to the least ("dans la nuit du 19 au 20
// novembre" before "20 novembre", "avant-hier" before "hier"); the words one reader takes are not
// read again by a later one. Of the dates found, the most precise wins, then the first.
//
// Conventions
// - A date is midnight UTC of its day (Mali is UTC+0 all year).
// - A month alone ("in March 2019") is the 1st of that month, precision 'month'; a year alone
//   ("en 2019") is 1 January, precision 'year'. "Three weeks ago" and "last week" are counted in
//   days (precision 'day'); "two months ago" and "last month" give the month.
// - A date without a year is the most recent one not after the publication day.
// - A night ("the night of Saturday to Sunday") is dated by the day it begins.
// - "Last Sunday"/"dimanche dernier" is strictly before the publication day (nobody says "last
//   Friday" of today); a bare "Sunday"/"dimanche" may be the publication day itself.
// - A date after the publication day, a year alone equal to the publication year (it says
//   nothing), and a date that starts a period, is planned, is a birth or dates the report itself
//   are not event dates.
import { tokenize } from '../text/index.js';

/** When the text says the violence happened, and the words that said it. */
export interface EventDate {
  date: Date;
  evidence: string;
  precision: 'day' | 'month' | 'year';
}

type Precision = EventDate['precision'];

interface Resolved {
  date: Date;
  precision: Precision;
}

/** The date the sentence gives for what it reports, resolved against the publication date; null when it gives none. */
export function findEventDate(sentence: string, published: Date, timeZone = 'Africa/Bamako'): EventDate | null {
  const today = calendarDay(published, timeZone);
  const folded = fold(sentence);
  const clauses = clauseStarts(folded.text);
  const taken: [number, number][] = [];
  let best: (EventDate & { start: number }) | null = null;
  for (const reader of READERS) {
    for (const m of folded.text.matchAll(reader.pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      // Taken even when refused: "depuis mars 2019" must not be read again as "2019".
      taken.push([start, end]);
      if (!isEventDate(folded.text, start, end, clauses)) continue;
      const found = reader.read(m, { today, sentence, folded });
      if (!found || found.date > today || saysNothing(found, today)) continue;
      if (best && !isBetter(found, start, best)) continue;
      best = { ...found, start, evidence: sentence.slice(folded.from[start], folded.to[end - 1]) };
    }
  }
  return best && { date: best.date, evidence: best.evidence, precision: best.precision };
}

/** The first date found over the sentences in order (the caller passes the sentences about a place, the violent ones first). */
export function eventDateOf(sentences: readonly string[], published: Date, timeZone?: string): EventDate | null {
  for (const sentence of sentences) {
    const found = findEventDate(sentence, published, timeZone);
    if (found) return found;
  }
  return null;
}

const RANK: Record<Precision, number> = { day: 3, month: 2, year: 1 };

// "Five years ago, on 23 March 2019": the day beats the year; between equals, the first said.
function isBetter(found: Resolved, start: number, best: Resolved & { start: number }): boolean {
  const rank = RANK[found.precision] - RANK[best.precision];
  return rank > 0 || (rank === 0 && start < best.start);
}

// "In 2026" in a 2026 report adds nothing to the publication date.
function saysNothing(found: Resolved, today: Date): boolean {
  return found.precision === 'year' && found.date.getUTCFullYear() === today.getUTCFullYear();
}

// ---- The folded sentence ------------------------------------------------------------------

/** The sentence folded as tokenize folds it, punctuation kept; `from`/`to` give each character's span in the original. */
interface Folded {
  text: string;
  from: number[];
  to: number[];
}

// Typographic variants between words, unified so one pattern reads them all.
const SEPARATOR_FOLDS: Record<string, string> = { '’': "'", '‘': "'", 'ʼ': "'", '`': "'", '´': "'", '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '−': '-' };

function fold(sentence: string): Folded {
  const folded: Folded = { text: '', from: [], to: [] };
  const append = (chars: string, from: number, to: number): void => {
    folded.text += chars;
    for (let i = 0; i < chars.length; i++) {
      folded.from.push(from);
      folded.to.push(to);
    }
  };
  const appendSeparators = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const char = sentence.charAt(i);
      append(/\s/.test(char) ? ' ' : (SEPARATOR_FOLDS[char] ?? char.toLowerCase()), i, i + 1);
    }
  };
  let offset = 0;
  for (const token of tokenize(sentence)) {
    appendSeparators(offset, token.start);
    append(token.norm, token.start, token.end);
    offset = token.end;
  }
  appendSeparators(offset, sentence.length);
  return folded;
}

// ---- Which dates are about the event ------------------------------------------------------

// Words just before a date that make it something other than the day of the event: the start
// of a period, a deadline or a plan, a birth, the date of a report, letter or statement (the
// item's own byline included), a habit ("every Sunday").
const NOT_EVENT_BEFORE = new RegExp(
  String.raw`\b(?:since|ever since|depuis|born|ne|nee|nes|nees|date of birth|date de naissance|published|updated|posted|last updated|publie|publiee|mis a jour|modifie|until|till|by|d'ici|jusqu'au|jusqu'a|jusqu'en|jusqu'aux|scheduled for|planned for|set for|due|prevue?s? pour|prevue?s?|programmee?s? pour|a compter du|as of|every|each|chaque|said|announced|statement|communique|a declare|a annonce|report|rapport|letter|lettre|dated|datee?)` +
    String.raw`(?: (?:on|in|of|the|le|la|les|l'|en|de|du|at))*[ :,]*$`,
);
// A dateline: "BAMAKO, Nov 20 (Reuters) -" dates the dispatch.
const DATELINE_AFTER = /^ ?\((?:reuters|afp|ap|xinhua|anadolu)\)/;
// Words that put a clause in the future or make it a plan; "next" only before a time word, as
// "the next day" is a narrative's past.
const FUTURE =
  /\b(?:will|shall|going to|scheduled|planned|plans to|plan to|upcoming|forthcoming|next (?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|expected to|prochaine?s?|prevue?s?|programmee?s?|doit|doivent|devra|devront|devrait|devraient|sera|seront|aura lieu|auront lieu|se tiendra|se tiendront|se reunira|se reuniront|va|vont|a venir|d'ici)\b/;
// Where a clause begins: a semicolon, a colon, a dash between spaces, or a conjunction, so that
// in "gunmen attacked on Sunday and the council will meet on Monday" only Monday is planned.
const CLAUSE_BREAK = /[;:]| - |\b(?:and|but|while|whereas|after|when|because|et|mais|tandis que|alors que|apres|lorsque|quand|parce que|car)\b/g;

function clauseStarts(text: string): number[] {
  return [0, ...[...text.matchAll(CLAUSE_BREAK)].map((m) => m.index)];
}

function isEventDate(text: string, start: number, end: number, clauses: readonly number[]): boolean {
  if (NOT_EVENT_BEFORE.test(text.slice(Math.max(0, start - 40), start))) return false;
  if (DATELINE_AFTER.test(text.slice(end))) return false;
  const clauseStart = clauses.findLast((c) => c <= start) ?? 0;
  const clauseEnd = clauses.find((c) => c > start) ?? text.length;
  return !FUTURE.test(text.slice(clauseStart, clauseEnd));
}

// ---- Calendar arithmetic (UTC days) -------------------------------------------------------

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

// The publication's calendar day where it was published, as midnight UTC.
function calendarDay(published: Date, timeZone: string): Date {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(published);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(part('year'), part('month') - 1, part('day')));
}

/** The day, or null when it does not exist (31 June, 29 February 2025). */
function utcDay(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

function monthsBefore(today: Date, months: number): Date {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, 1));
}

// "25 December" in a 3 January report is last year's; 29 February goes back to a leap year.
function latestDayMonth(today: Date, month: number, day: number): Date | null {
  for (let year = today.getUTCFullYear(); year >= today.getUTCFullYear() - 8; year--) {
    const date = utcDay(year, month, day);
    if (date && date <= today) return date;
  }
  return null;
}

function latestMonth(today: Date, month: number): Date {
  const year = month - 1 <= today.getUTCMonth() ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  return new Date(Date.UTC(year, month - 1, 1));
}

function latestWeekday(today: Date, weekday: number, strictlyBefore: boolean): Date {
  const back = (today.getUTCDay() - weekday + 7) % 7;
  return addDays(today, back === 0 && strictlyBefore ? -7 : -back);
}

// ---- Words ---------------------------------------------------------------------------------

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, janvier: 1, janv: 1,
  february: 2, feb: 2, fevrier: 2, fevr: 2, fev: 2,
  march: 3, mar: 3, mars: 3,
  april: 4, apr: 4, avril: 4, avr: 4,
  may: 5, mai: 5,
  june: 6, jun: 6, juin: 6,
  july: 7, jul: 7, juillet: 7, juil: 7,
  august: 8, aug: 8, aout: 8,
  september: 9, sep: 9, sept: 9, septembre: 9,
  october: 10, oct: 10, octobre: 10,
  november: 11, nov: 11, novembre: 11,
  december: 12, dec: 12, decembre: 12,
};
// English month names that are also verbs ("12 may have died", "thousands march"): months only
// when written with a capital.
const CAPITALISED_ONLY = new Set(['may', 'march']);
const WEEKDAYS: Record<string, number> = {
  sunday: 0, dimanche: 0, monday: 1, lundi: 1, tuesday: 2, mardi: 2, wednesday: 3, mercredi: 3,
  thursday: 4, jeudi: 4, friday: 5, vendredi: 5, saturday: 6, samedi: 6,
};
const NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10,
};
// Nouns that make a bare year the year of an event: "the 2019 massacre", "l'attaque de 2019".
const EVENT_NOUNS = 'massacres?|attacks?|killings?|raids?|ambush(?:es)?|assaults?|atrocities|violence|bombings?|tueries?|attaques?|embuscades?|violences|evenements|events';

const alternation = (words: Iterable<string>): string => [...words].sort((a, b) => b.length - a.length).join('|');
// Building blocks without capture groups; each reader captures what it reads.
const MONTH_NAME = String.raw`(?:${alternation(Object.keys(MONTHS))})(?![a-z])`;
const WEEKDAY_NAME = `(?:${alternation(Object.keys(WEEKDAYS))})`;
const ORDINAL = '(?:er|st|nd|rd|th)?';
const NUMBER_WORD = String.raw`(?:\d{1,2}|${alternation(Object.keys(NUMBERS))})`;
// What follows "to"/"à" in a night: "Sunday", "20 novembre", "Sunday 20 November 2025".
const NIGHT_END = String.raw`(?:${WEEKDAY_NAME},? )?(?:the )?\d{1,2}${ORDINAL} ${MONTH_NAME}(?:\.?,? \d{4}(?!\d))?|${WEEKDAY_NAME}`;

// ---- Readers ---------------------------------------------------------------------------------

interface ReadContext {
  today: Date;
  sentence: string;
  folded: Folded;
}

interface Reader {
  pattern: RegExp;
  read(m: RegExpExecArray, context: ReadContext): Resolved | null;
}

// 'd' gives each group's offsets, to see how a month name was written.
const pattern = (source: string): RegExp => new RegExp(source, 'dg');

const onDay = (date: Date | null): Resolved | null => date && { date, precision: 'day' };
const inMonth = (date: Date | null): Resolved | null => date && { date, precision: 'month' };
const inYear = (value: number): Resolved | null => (value >= 1900 && value <= 2100 ? { date: new Date(Date.UTC(value, 0, 1)), precision: 'year' } : null);

// The month of group `group`, or null for "may"/"march" written in lower case (verbs).
function monthAt(m: RegExpExecArray, group: number, { sentence, folded }: ReadContext): number | null {
  const word = m[group];
  const at = m.indices?.[group]?.[0];
  if (word === undefined || at === undefined) return null;
  const written = sentence.charAt(folded.from[at] ?? 0);
  if (CAPITALISED_ONLY.has(word) && written === written.toLowerCase()) return null;
  return MONTHS[word] ?? null;
}

function numberOf(word: string | undefined): number {
  return word === undefined ? NaN : (NUMBERS[word] ?? Number(word));
}

// A day and month, with or without the year: "19 November 2025", "le 1er juillet".
function dayMonthYear(today: Date, dayWord: string | undefined, monthNumber: number | null | undefined, yearWord: string | undefined): Resolved | null {
  if (monthNumber === null || monthNumber === undefined) return null;
  const dayNumber = Number(dayWord);
  return onDay(yearWord === undefined ? latestDayMonth(today, monthNumber, dayNumber) : utcDay(Number(yearWord), monthNumber, dayNumber));
}

const NIGHT_END_PARTS = new RegExp(String.raw`^(?:(${WEEKDAY_NAME})(?:,? |$))?(?:(?:the )?(\d{1,2})${ORDINAL} (${MONTH_NAME})(?:\.?,? (\d{4}))?)?$`);

// A night is dated by the day it began: the day before the one it ended on.
function nightStart(m: RegExpExecArray, { today }: ReadContext): Resolved | null {
  const end = NIGHT_END_PARTS.exec(m.groups?.['end'] ?? '');
  if (!end) return null;
  const [, weekdayWord, dayWord, monthWord, yearWord] = end;
  if (monthWord !== undefined) {
    const ending = dayMonthYear(today, dayWord, MONTHS[monthWord], yearWord);
    return ending && onDay(addDays(ending.date, -1));
  }
  const weekday = WEEKDAYS[weekdayWord ?? ''];
  return weekday === undefined ? null : onDay(addDays(latestWeekday(today, weekday, false), -1));
}

function ago(today: Date, count: number, unit: string | undefined): Resolved | null {
  if (!Number.isInteger(count) || count < 1) return null;
  if (unit === 'day') return onDay(addDays(today, -count));
  if (unit === 'week') return onDay(addDays(today, -7 * count));
  if (unit === 'month') return inMonth(monthsBefore(today, count));
  return unit === 'year' ? inYear(today.getUTCFullYear() - count) : null;
}

const FRENCH_UNITS: Record<string, string> = { jour: 'day', jours: 'day', semaine: 'week', semaines: 'week', mois: 'month', an: 'year', ans: 'year', annee: 'year', annees: 'year' };

// Fixed phrases counted back from the publication day; the longer phrase first ("avant-hier"
// before "hier").
const RELATIVE_DAYS: [string, number][] = [
  ['the day before yesterday', -2],
  ['avant-hier|avant hier', -2],
  ['yesterday', -1],
  ['hier', -1],
  ['last night', -1],
  ['la nuit derniere', -1],
  ['this morning|this afternoon|earlier today', 0],
  ["ce matin|cet apres-midi|aujourd'hui", 0],
  ['last week|the previous week', -7],
  ['la semaine derniere|la semaine passee', -7],
];

const READERS: Reader[] = [
  {
    // "in the night of Saturday to Sunday", "on the night of 19 to 20 November".
    pattern: pattern(String.raw`\b(?:(?:in|during|on) )?(?:the )?(?:night (?:of|from)|overnight from) (?:the )?[^,;]{1,30}? (?:to|into) (?:the )?(?<end>${NIGHT_END})`),
    read: nightStart,
  },
  {
    // "dans la nuit de samedi à dimanche", "dans la nuit du 19 au 20 novembre".
    pattern: pattern(String.raw`\b(?:(?:dans|pendant|durant|au cours de) )?la nuit (?:de |du |d')[^,;]{1,30}? (?:a|au) (?<end>${NIGHT_END})`),
    read: nightStart,
  },
  {
    // ISO: "2026-11-20".
    pattern: pattern(String.raw`(?<![\w/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w/-]|\.\d)`),
    read: (m) => onDay(utcDay(Number(m[1]), Number(m[2]), Number(m[3]))),
  },
  {
    // Day first, as Mali writes: "19/11/2026", "19.11.2026"; never a document symbol ("S/2019/454").
    pattern: pattern(String.raw`(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\w/-]|\.\d)`),
    read: (m) => onDay(utcDay(Number(m[4]), Number(m[3]), Number(m[1]))),
  },
  {
    // "on 19 November", "le mardi 3 juin 2025", "the 19th of November", "19 Nov."
    pattern: pattern(String.raw`\b(?:(?:on|le|the) )?(?:${WEEKDAY_NAME},? )?(?:the )?(\d{1,2})${ORDINAL}(?: of)? (${MONTH_NAME})(?:\.?,? (\d{4})(?!\d))?`),
    read: (m, context) => dayMonthYear(context.today, m[1], monthAt(m, 2, context), m[3]),
  },
  {
    // "November 19", "on Sunday, Nov. 19, 2025"; not "in March 12 people were killed".
    pattern: pattern(String.raw`(?<!\b(?:in|en|since|during|of|de) )\b(?:on )?(?:${WEEKDAY_NAME},? )?(${MONTH_NAME})\.? (\d{1,2})${ORDINAL}(?![\d:h])(?:,? (\d{4})(?!\d))?`),
    read: (m, context) => dayMonthYear(context.today, m[2], monthAt(m, 1, context), m[3]),
  },
  {
    // "in March 2019", "en mars 2019", "fin mars 2019": precision month.
    pattern: pattern(String.raw`\b(?:(?:in|en|of|de|d') ?)?(?:(?:early|late|mid|debut|fin|mi)[ -](?:de )?)?(${MONTH_NAME})\.?,? (\d{4})(?!\d)`),
    read: (m, context) => {
      const monthNumber = monthAt(m, 1, context);
      return monthNumber === null ? null : inMonth(new Date(Date.UTC(Number(m[2]), monthNumber - 1, 1)));
    },
  },
  {
    // "in March", "en juin", without a year: the most recent such month.
    pattern: pattern(String.raw`\b(?:in|en|au mois de)(?: (?:early|late|mid|debut|fin))? (${MONTH_NAME})`),
    read: (m, context) => {
      const monthNumber = monthAt(m, 1, context);
      return monthNumber === null ? null : inMonth(latestMonth(context.today, monthNumber));
    },
  },
  ...RELATIVE_DAYS.map(([words, days]): Reader => ({ pattern: pattern(String.raw`\b(?:${words})(?![\w'-])`), read: (_m, { today }) => onDay(addDays(today, days)) })),
  {
    pattern: pattern(String.raw`\b(?:last month|the previous month|le mois dernier|le mois passe)\b`),
    read: (_m, { today }) => inMonth(monthsBefore(today, 1)),
  },
  {
    pattern: pattern(String.raw`\b(?:last year|the previous year|l'annee derniere|l'an dernier|l'annee passee|l'an passe)\b`),
    read: (_m, { today }) => inYear(today.getUTCFullYear() - 1),
  },
  {
    // "two days ago", "three weeks ago", "five years ago".
    pattern: pattern(String.raw`\b(${NUMBER_WORD}) (day|week|month|year)s? ago\b`),
    read: (m, { today }) => ago(today, numberOf(m[1]), m[2]),
  },
  {
    // "il y a deux jours", "il y a trois semaines", "il y a cinq ans".
    pattern: pattern(String.raw`\bil y a (${NUMBER_WORD}) (jours?|semaines?|mois|ans?|annees?)\b`),
    read: (m, { today }) => ago(today, numberOf(m[1]), FRENCH_UNITS[m[2] ?? '']),
  },
  {
    // "on Sunday", "last Sunday", "dimanche dernier", "ce mardi".
    pattern: pattern(String.raw`\b(?:(last|past|on|this|ce|le) )?(${WEEKDAY_NAME})(?: (dernier|passe))?\b`),
    read: (m, { today }) => {
      const weekday = WEEKDAYS[m[2] ?? ''];
      const strictlyBefore = m[1] === 'last' || m[1] === 'past' || m[3] !== undefined;
      return weekday === undefined ? null : onDay(latestWeekday(today, weekday, strictlyBefore));
    },
  },
  {
    // "the 2019 massacre", "2019 attacks".
    pattern: pattern(String.raw`\b(?:the )?(\d{4}) (?:${EVENT_NOUNS})\b`),
    read: (m) => inYear(Number(m[1])),
  },
  {
    // "le massacre de 2019", "the attacks of 2019".
    pattern: pattern(String.raw`\b(?:${EVENT_NOUNS}) (?:de|d'|of|in|en) (\d{4})(?!\d)`),
    read: (m) => inYear(Number(m[1])),
  },
  {
    // "in 2019", "en 2019", "in late 2019", "début 2019".
    pattern: pattern(String.raw`\b(?:(?:in|en|during|pendant|durant)(?: (?:early|late|mid|debut|fin))?|early|late|debut|fin|mi-) ?(\d{4})(?!\d)`),
    read: (m) => inYear(Number(m[1])),
  },
];
