// Reads a gazetteer file into records: a CSV (or tab-separated) table with a header row, or a
// GeoJSON FeatureCollection whose features' properties are the columns and whose Point gives
// the coordinates. The only file reading of an import; src/config/gazetteer.ts does the rest.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ERROR_CODES, VigilError, messageOf } from '../errors.js';
import { missingColumns, placesFromGazetteer, type GazetteerColumns, type GazetteerPlaces, type GazetteerRecord } from './gazetteer.js';
import { EXPORT_COLUMNS, isExportHeader, placesFromExport } from './watchlist-export.js';

/** A gazetteer's column names (CSV header, GeoJSON property keys) and its records. */
export interface GazetteerTable {
  columns: string[];
  records: GazetteerRecord[];
}

/** Reads `file` by its extension: .geojson or .json as GeoJSON, .tsv or .txt as tab-separated, else CSV. */
function readGazetteer(file: string): GazetteerTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new VigilError(ERROR_CODES.INVALID_INPUT, `${file}: cannot be read (${messageOf(error)})`, { cause: error });
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.geojson' || ext === '.json') return readGeoJson(file, text);
  return readCsv(file, text, ext === '.tsv' || ext === '.txt' ? '\t' : [',', ';']);
}

function readCsv(file: string, text: string, delimiter: string | string[]): GazetteerTable {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, bom: true, delimiter, skip_empty_lines: true, relax_column_count: true, info: true, trim: true });
  } catch (error) {
    throw new VigilError(ERROR_CODES.INVALID_INPUT, `${file}: not a readable CSV file (${messageOf(error)})`, { cause: error });
  }
  const columns = rows[0] ? Object.keys(rows[0].record) : headerOf(text);
  // OCHA's files carry HXL hashtags ("#loc +name") in the row under the header: not a place.
  const records = rows.filter(({ record }) => !isHxlRow(record)).map(({ record, info }) => ({ row: info.lines, fields: record }));
  return { columns, records };
}

function headerOf(text: string): string[] {
  return (text.split(/\r?\n/)[0] ?? '').split(/[,;\t]/).map((c) => c.trim());
}

function isHxlRow(record: Record<string, string>): boolean {
  const cells = Object.values(record).filter((v) => v !== '');
  return cells.length > 0 && cells.every((v) => v.startsWith('#'));
}

interface Feature {
  geometry?: { type?: string; coordinates?: unknown } | null;
  properties?: Record<string, unknown> | null;
}

function readGeoJson(file: string, text: string): GazetteerTable {
  let data: { type?: string; features?: Feature[] };
  try {
    data = JSON.parse(text) as typeof data;
  } catch (error) {
    throw new VigilError(ERROR_CODES.INVALID_INPUT, `${file}: not JSON (${messageOf(error)})`, { cause: error });
  }
  if (data?.type !== 'FeatureCollection' || !Array.isArray(data.features)) {
    throw new VigilError(ERROR_CODES.INVALID_INPUT, `${file}: not a GeoJSON FeatureCollection (got type ${JSON.stringify(data?.type)})`);
  }
  const columns = new Set<string>();
  const records = data.features.map((feature, i): GazetteerRecord => {
    const fields = feature?.properties ?? {};
    for (const key of Object.keys(fields)) columns.add(key);
    return { row: i + 1, fields, ...readPoint(feature?.geometry) };
  });
  return { columns: [...columns], records };
}

function readPoint(geometry: Feature['geometry']): Pick<GazetteerRecord, 'point' | 'problem'> {
  if (!geometry) return { point: null };
  const [lon, lat] = Array.isArray(geometry.coordinates) ? (geometry.coordinates as unknown[]) : [];
  if (geometry.type !== 'Point') return { problem: `geometry is a ${String(geometry.type)}, not a Point` };
  if (typeof lat !== 'number' || typeof lon !== 'number') return { problem: 'bad coordinate (a Point without two numbers)' };
  // GeoJSON is [longitude, latitude] (RFC 7946).
  return { point: [lat, lon] };
}

/**
 * The places of a gazetteer file: read with `columns` (the import's column options), or, when
 * none are given, as a `vigil watchlists export` of a watchlist.
 */
export function readGazetteerPlaces(file: string, columns: GazetteerColumns | null): GazetteerPlaces {
  const table = readGazetteer(file);
  if (!columns) {
    if (isExportHeader(table.columns)) return placesFromExport(table.records);
    throw new VigilError(
      ERROR_CODES.INVALID_INPUT,
      `${file}: give --name-column (and --admin-columns, --alt-names-column…) to read a gazetteer; without them the file must be a \`vigil watchlists export\` (columns ${EXPORT_COLUMNS.join(', ')}). Its columns: ${table.columns.join(', ')}`,
    );
  }
  const missing = missingColumns(columns, table.columns);
  if (missing.length > 0) {
    throw new VigilError(ERROR_CODES.INVALID_INPUT, `${file} has no column ${missing.map((c) => `"${c}"`).join(', ')}; its columns: ${table.columns.join(', ')}`);
  }
  return placesFromGazetteer(table.records, columns);
}
