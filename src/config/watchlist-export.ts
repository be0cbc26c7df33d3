// A watchlist's places as a table (CSV) or a map layer (GeoJSON), and back (pure). The export
// names every place with its entry name, kind and `within`, so importing it rebuilds the same
// places: `vigil watchlists import <slug> export.csv` needs no column options.
import { stringify } from 'csv-stringify/sync';
import { normalizeKey } from '../text/index.js';
import { cellList, cellText, type GazetteerPlaces, type GazetteerRecord, type PlaceFile, type PlaceKind, type SkippedRecord } from './gazetteer.js';
import { PLACE_KINDS } from './schema.js';

/** The columns of an export, in order. */
export const EXPORT_COLUMNS = ['name', 'kind', 'aliases', 'within', 'latitude', 'longitude', 'ref', 'ambiguous'] as const;
// Between the items of a list cell: no name in a gazetteer uses it, unlike "," and ";".
export const LIST_SEPARATOR = '|';

export type ExportFormat = 'csv' | 'geojson';

/** True when a file's columns are an export's (then it is read as one). */
export function isExportHeader(columns: readonly string[]): boolean {
  // A GeoJSON export carries the coordinates in its geometry, not as columns.
  return ['name', 'kind', 'aliases', 'within'].every((c) => columns.includes(c));
}

/** The places in `format`, as text to write. */
export function renderPlaces(places: readonly PlaceFile[], format: ExportFormat): string {
  return format === 'csv' ? renderCsv(places) : renderGeoJson(places);
}

/** The places as a CSV file with EXPORT_COLUMNS. */
export function renderCsv(places: readonly PlaceFile[]): string {
  const rows = places.map((p) => [
    p.name,
    p.kind,
    p.aliases.join(LIST_SEPARATOR),
    p.within.join(LIST_SEPARATOR),
    p.coordinates?.[0] ?? '',
    p.coordinates?.[1] ?? '',
    p.ref ?? '',
    p.ambiguous ? 'true' : 'false',
  ]);
  return stringify(rows, { header: true, columns: [...EXPORT_COLUMNS] });
}

/** The places as a GeoJSON FeatureCollection; a place without coordinates has a null geometry. */
export function renderGeoJson(places: readonly PlaceFile[]): string {
  const features = places.map((p) => ({
    type: 'Feature',
    // GeoJSON is [longitude, latitude] (RFC 7946), the reverse of the watchlist's order.
    geometry: p.coordinates ? { type: 'Point', coordinates: [p.coordinates[1], p.coordinates[0]] } : null,
    properties: { name: p.name, kind: p.kind, aliases: p.aliases, within: p.within, ref: p.ref ?? null, ambiguous: p.ambiguous },
  }));
  return `${JSON.stringify({ type: 'FeatureCollection', features }, null, 2)}\n`;
}

/** Places from an export's records, as written (no names qualified, no areas added). */
export function placesFromExport(records: readonly GazetteerRecord[]): GazetteerPlaces {
  const skipped: SkippedRecord[] = [];
  const byName = new Map<string, PlaceFile>();
  let duplicates = 0;
  for (const record of records) {
    const place = readExportRecord(record);
    if (typeof place === 'string') {
      skipped.push({ row: record.row, reason: place });
      continue;
    }
    const key = normalizeKey(place.name);
    if (byName.has(key)) duplicates += 1;
    else byName.set(key, place);
  }
  return { places: [...byName.values()], duplicates, skipped, droppedAliases: [] };
}

function readExportRecord({ fields, point, problem }: GazetteerRecord): PlaceFile | string {
  if (problem) return problem;
  const name = cellText(fields.name);
  if (name === '') return 'missing name (column name is empty)';
  const kind = cellText(fields.kind);
  if (!(PLACE_KINDS as readonly string[]).includes(kind)) return `unknown kind "${kind}" (one of ${PLACE_KINDS.join(', ')})`;
  const coordinates = point ? readPair(String(point[0]), String(point[1])) : readPair(cellText(fields.latitude), cellText(fields.longitude));
  if (typeof coordinates === 'string') return coordinates;
  const ref = cellText(fields.ref);
  return {
    name,
    kind: kind as PlaceKind,
    aliases: cellList(fields.aliases, LIST_SEPARATOR),
    within: cellList(fields.within, LIST_SEPARATOR),
    ambiguous: cellText(fields.ambiguous) === 'true',
    ...(coordinates ? { coordinates: [coordinates[0], coordinates[1]] as [number, number] } : {}),
    ...(ref ? { ref } : {}),
  };
}

function readPair(lat: string, lon: string): readonly [number, number] | null | string {
  if (lat === '' && lon === '') return null;
  const [latitude, longitude] = [Number(lat), Number(lon)];
  if (lat === '' || lon === '' || !Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    return `bad coordinate (latitude "${lat}", longitude "${lon}")`;
  }
  return [latitude, longitude];
}
