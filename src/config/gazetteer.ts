// Gazetteer records (the rows of an OCHA populated-places CSV, a GeoNames export, the features
// of a GeoJSON file) become watchlist places (pure). The admin columns become `within`, and each
// distinct admin area becomes a place of its kind, so that `within` always names known entries.
// Records of one name and one admin path are one place; places that share a name get distinct
// entry names (src/config/gazetteer-names.ts).
import { normalizeKey } from '../text/index.js';
import { areaIdentity, nameCandidates, type Candidate, type DroppedAlias, type PlaceFile, type PlaceKind } from './gazetteer-names.js';
import { describeUnusable } from './watchlist-rules.js';

export type { DroppedAlias, PlaceFile, PlaceKind } from './gazetteer-names.js';

/** One record of a gazetteer, numbered as a reader of the file counts (CSV: its line; GeoJSON: its feature, from 1). */
export interface GazetteerRecord {
  row: number;
  /** CSV: the columns by header; GeoJSON: the feature's properties. */
  fields: Readonly<Record<string, unknown>>;
  /** [latitude, longitude] of a GeoJSON Point; null for a feature without one. */
  point?: readonly [number, number] | null;
  /** Why the record cannot be read (a GeoJSON feature that is not a Point); it is skipped. */
  problem?: string;
}

/** Which columns say what (the `vigil watchlists import` options). */
export interface GazetteerColumns {
  name: string;
  altNames?: string;
  altNamesSeparator: string;
  /** Enclosing areas, innermost first, and the kind of each. */
  admin: readonly string[];
  adminKinds: readonly PlaceKind[];
  kind: PlaceKind;
  lat?: string;
  lon?: string;
  ref?: string;
  /** Appended to every admin path, as the outermost area. */
  country?: string;
}

export interface SkippedRecord {
  row: number;
  reason: string;
}

/** Places built from a gazetteer, and what was merged, skipped or dropped on the way. */
export interface GazetteerPlaces {
  places: PlaceFile[];
  /** Records of a name and admin path already seen: merged into that place (their alternate names added). */
  duplicates: number;
  skipped: SkippedRecord[];
  droppedAliases: DroppedAlias[];
}

/** The columns named in `columns` that the file lacks. */
export function missingColumns(columns: GazetteerColumns, header: readonly string[]): string[] {
  const named = [columns.name, columns.altNames, ...columns.admin, columns.lat, columns.lon, columns.ref];
  return named.filter((c): c is string => c !== undefined && !header.includes(c));
}

/** The places a gazetteer describes: admin areas (largest first), then the records in file order. */
export function placesFromGazetteer(records: readonly GazetteerRecord[], columns: GazetteerColumns): GazetteerPlaces {
  const skipped: SkippedRecord[] = [];
  const byIdentity = new Map<string, Candidate>();
  let duplicates = 0;
  for (const record of records) {
    const read = readRecord(record, columns);
    if ('reason' in read) {
      skipped.push({ row: record.row, reason: read.reason });
      continue;
    }
    addAreas(read, byIdentity);
    const seen = byIdentity.get(identityOf(read));
    if (seen) {
      duplicates += 1;
      mergeDuplicate(seen, read);
    } else byIdentity.set(identityOf(read), read);
  }
  const candidates = [...byIdentity.values()].sort(largestAreasFirst);
  const { places, droppedAliases } = nameCandidates(candidates);
  return { places, duplicates, skipped, droppedAliases };
}

function readRecord(record: GazetteerRecord, columns: GazetteerColumns): Candidate | { reason: string } {
  if (record.problem) return { reason: record.problem };
  const name = cellText(record.fields[columns.name]);
  if (name === '') return { reason: `missing name (column ${columns.name} is empty)` };
  const unusable = describeUnusable(name);
  if (unusable) return { reason: `name ${unusable}` };
  const coordinates = readCoordinates(record, columns);
  if (typeof coordinates === 'string') return { reason: coordinates };
  const path = columns.admin.flatMap((column, i) => {
    const area = cellText(record.fields[column]);
    return area === '' ? [] : [{ name: area, kind: columns.adminKinds[i] ?? 'commune' }];
  });
  if (columns.country) path.push({ name: columns.country, kind: 'country' });
  const ref = columns.ref ? cellText(record.fields[columns.ref]) : '';
  const aliases = columns.altNames ? cellList(record.fields[columns.altNames], columns.altNamesSeparator) : [];
  return { name, kind: columns.kind, path, aliases: uniqueAliases(name, aliases), ambiguous: false, ...(coordinates ? { coordinates } : {}), ...(ref ? { ref } : {}) };
}

// undefined: none given; a string: why the record is skipped.
function readCoordinates(record: GazetteerRecord, columns: GazetteerColumns): [number, number] | undefined | string {
  if (record.point) return checkRange(record.point[0], record.point[1]);
  if (!columns.lat || !columns.lon) return undefined;
  const lat = cellText(record.fields[columns.lat]);
  const lon = cellText(record.fields[columns.lon]);
  if (lat === '' && lon === '') return undefined;
  const latitude = parseDecimal(lat);
  const longitude = parseDecimal(lon);
  if (latitude === null || longitude === null) return `bad coordinate (${columns.lat} "${lat}", ${columns.lon} "${lon}")`;
  return checkRange(latitude, longitude);
}

function checkRange(latitude: number, longitude: number): [number, number] | string {
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return `bad coordinate (latitude ${latitude}, longitude ${longitude} out of range)`;
  return [latitude, longitude];
}

// French spreadsheets write "14,35".
function parseDecimal(text: string): number | null {
  const value = Number(text.includes('.') ? text : text.replace(',', '.'));
  return text === '' || !Number.isFinite(value) ? null : value;
}

/** A cell as trimmed text ('' when empty or absent). */
export function cellText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  // GeoJSON properties may be numbers or booleans; an object has no text to give.
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** A list cell: a JSON array (GeoJSON), or text split on `separator`. */
export function cellList(value: unknown, separator: string): string[] {
  const parts = Array.isArray(value) ? value.map(cellText) : cellText(value).split(separator);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

// Alternate names repeat the name in another case or accent, or each other: one of each form.
function uniqueAliases(name: string, aliases: readonly string[]): string[] {
  const keys = new Set([normalizeKey(name)]);
  return aliases.filter((alias) => {
    const key = normalizeKey(alias);
    return keys.size < keys.add(key).size;
  });
}

// Each level of a record's admin path is an area, enclosed by the levels above it.
function addAreas(record: Candidate, byIdentity: Map<string, Candidate>): void {
  record.path.forEach((area, i) => {
    const candidate: Candidate = { name: area.name, kind: area.kind, path: record.path.slice(i + 1), aliases: [], ambiguous: false };
    const identity = identityOf(candidate);
    if (!byIdentity.has(identity)) byIdentity.set(identity, candidate);
  });
}

/** One place per kind, folded name and admin path. */
function identityOf(c: Candidate): string {
  return areaIdentity(c, c.path);
}

function mergeDuplicate(seen: Candidate, record: Candidate): void {
  seen.aliases = uniqueAliases(seen.name, [...seen.aliases, record.name, ...record.aliases]);
  if (!seen.coordinates && record.coordinates) seen.coordinates = record.coordinates;
  if (!seen.ref && record.ref) seen.ref = record.ref;
}

const KIND_ORDER: readonly PlaceKind[] = ['country', 'region', 'cercle', 'commune', 'town', 'village'];

// Areas before what they enclose, as a reader of the file expects; records keep the file's order.
function largestAreasFirst(a: Candidate, b: Candidate): number {
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
}
