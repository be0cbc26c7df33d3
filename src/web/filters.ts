// The history's filters as they travel in a URL: parsed from the query string (every problem
// named, nothing silently dropped), and written back as the canonical query of a permalink.
// Pure.
import type { AlertFilter, HistoryCursor } from '../alerts/index.js';
import { LEVELS } from '../risk/index.js';

/** The filter fields as strings, as a form and a permalink carry them. */
export interface FilterParams {
  watchlist: string;
  level: string[];
  from: string;
  to: string;
  place: string;
  actor: string;
  q: string;
}

export interface ParsedFilter {
  params: FilterParams;
  filter: AlertFilter;
  after: HistoryCursor | null;
  /** One sentence per field that could not be read. */
  problems: string[];
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 200;

type Query = Record<string, string | string[] | undefined>;

/** Reads `?watchlist=&level=&from=&to=&place=&actor=&q=&after=`. */
export function parseFilter(query: Query): ParsedFilter {
  const problems: string[] = [];
  const one = (key: string) => {
    const value = query[key];
    return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
  };
  const levels = [query.level ?? []].flat().map((l) => l.trim()).filter(Boolean);
  const params: FilterParams = { watchlist: one('watchlist'), level: levels, from: one('from'), to: one('to'), place: one('place'), actor: one('actor'), q: one('q').slice(0, MAX_TEXT) };
  const filter: AlertFilter = {};
  if (params.watchlist) filter.watchlist = params.watchlist;
  const unknown = levels.filter((l) => !(LEVELS as readonly string[]).includes(l));
  if (unknown.length) problems.push(`Unknown level "${unknown.join('", "')}": use ${LEVELS.join(', ')}.`);
  if (levels.length) filter.levels = levels.filter((l) => !unknown.includes(l));
  const from = dateOf(params.from, 'from', problems);
  if (from) filter.from = from;
  const to = dateOf(params.to, 'to', problems);
  if (to) filter.before = new Date(to.getTime() + DAY_MS);
  const place = idOf(params.place, 'place', problems);
  if (place !== null) filter.placeId = place;
  const actor = idOf(params.actor, 'actor', problems);
  if (actor !== null) filter.actorId = actor;
  if (params.q) filter.text = params.q;
  const after = one('after') ? parseCursor(one('after')) : null;
  if (one('after') && !after) problems.push(`after: the page cursor "${one('after')}" is not one Vigil gave (follow the next-page link as given).`);
  return { params, filter, after, problems };
}

function dateOf(value: string, field: string, problems: string[]): Date | null {
  if (!value) return null;
  const date = DATE.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (date && !Number.isNaN(date.getTime())) return date;
  problems.push(`The date "${value}" in ${field} is not a date as YYYY-MM-DD.`);
  return null;
}

function idOf(value: string, field: string, problems: string[]): number | null {
  if (!value) return null;
  if (/^\d{1,9}$/.test(value)) return Number(value);
  problems.push(`The ${field} "${value}" is not a ${field} id.`);
  return null;
}

/** "1764000000000-42": the event date in milliseconds and the id of the last event shown. */
export function formatCursor(cursor: HistoryCursor): string {
  return `${cursor.eventDate.getTime()}-${cursor.id}`;
}

export function parseCursor(text: string): HistoryCursor | null {
  const match = /^(\d{1,15})-(\d{1,9})$/.exec(text);
  return match ? { eventDate: new Date(Number(match[1])), id: Number(match[2]) } : null;
}

/** The canonical query string of a filter state (empty fields left out), with `?` or empty. */
export function queryOf(params: FilterParams, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams();
  for (const key of ['watchlist', 'from', 'to', 'place', 'actor', 'q'] as const) if (params[key]) search.append(key, params[key]);
  for (const level of params.level) search.append('level', level);
  for (const [key, value] of Object.entries(extra)) search.append(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}
