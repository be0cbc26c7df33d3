// CSV of the alert history for spreadsheets and HDX tools: a header row, then the HXL hashtag
// row (Humanitarian Exchange Language), then one row per event. Text cells that a spreadsheet
// would run as a formula (starting with =, +, -, @, tab or carriage return) get a leading
// apostrophe, as OWASP advises; numbers are written as numbers. Pure.

export type Cell = string | number | null;

export interface CsvColumn<T> {
  header: string;
  hxl: string;
  value: (row: T) => Cell;
}

export function renderCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => c.header), columns.map((c) => c.hxl), ...rows.map((row) => columns.map((c) => cellText(c.value(row))))];
  return lines.map((cells) => cells.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** The cell as text, a formula-looking string made inert. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
