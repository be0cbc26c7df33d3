// The bench's one table: each figure beside its baseline (what Vigil replaced, or the plain
// library it wraps) and the target its issue set, printed as Markdown, and recorded with the
// machine it ran on in BENCHMARKS.md when asked (`npm run bench -- --record`).
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** A target and whether this run met it. */
export interface Target {
  text: string;
  met: boolean;
}

export interface Row {
  stage: string;
  figure: string;
  vigil: number;
  /** What Vigil is compared with; absent when there is nothing older to run against. */
  baseline?: number;
  baselineName?: string;
  /** A duration or a size: smaller is better, and the ratio is baseline ÷ Vigil. */
  lowerIsBetter?: boolean;
  target?: Target;
}

export const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en') : n >= 1 ? n.toFixed(2) : n === 0 ? '0' : n.toPrecision(2));

/** How many times better Vigil does than its baseline, or null without one. */
export function ratioOf(row: Pick<Row, 'vigil' | 'baseline' | 'lowerIsBetter'>): number | null {
  if (row.baseline === undefined) return null;
  return row.lowerIsBetter ? row.baseline / row.vigil : row.vigil / row.baseline;
}

export const atLeast = (value: number, bound: number, unit = ''): Target => ({ text: `≥ ${fmt(bound)}${unit}`, met: value >= bound });
export const atMost = (value: number, bound: number, unit = ''): Target => ({ text: `≤ ${fmt(bound)}${unit}`, met: value <= bound });
export const ratioAtLeast = (row: Pick<Row, 'vigil' | 'baseline' | 'lowerIsBetter'>, bound: number): Target => ({ text: `ratio ≥ ${bound}x`, met: (ratioOf(row) ?? 0) >= bound });

/** The table as Markdown lines. */
export function markdownTable(rows: readonly Row[]): string[] {
  const cells = (r: Row) => {
    const ratio = ratioOf(r);
    return [
      r.stage,
      r.figure,
      fmt(r.vigil),
      r.baseline === undefined ? '—' : `${fmt(r.baseline)} (${r.baselineName ?? ''})`,
      ratio === null ? '—' : `${ratio.toFixed(2)}x`,
      r.target?.text ?? '—',
      r.target ? (r.target.met ? 'pass' : '**fail**') : '—',
    ];
  };
  const line = (c: string[]) => `| ${c.map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(['stage', 'figure', 'Vigil', 'baseline', 'ratio', 'target', 'pass/fail']), line(['---', '---', '---:', '---:', '---:', '---', '---']), ...rows.map((r) => line(cells(r)))];
}

/** This machine, in one line: CPU model and count, memory, Node. */
export function describeMachine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version} on ${process.platform}/${process.arch}`;
}

/** Writes BENCHMARKS.md: the table, when and where it ran, and how to run it again. */
export function recordBenchmarks(file: string, rows: readonly Row[], notes: readonly string[], postgres: string | null): void {
  const met = rows.filter((r) => r.target?.met).length;
  const targets = rows.filter((r) => r.target).length;
  const text = [
    '# Benchmarks',
    '',
    `The latest \`npm run bench\`, recorded by \`npm run bench -- --record\` on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `- Machine: ${describeMachine()}.`,
    `- Database: ${postgres ?? 'embedded only (DATABASE_URL unset)'}.`,
    `- Targets met: ${met} of ${targets}.`,
    '',
    ...markdownTable(rows),
    '',
    ...notes.map((n) => `- ${n}`),
    ...(notes.length ? [''] : []),
    'To run it again: `DATABASE_URL=postgresql://USER@HOST:5432/postgres npm run bench` (a server where this user may create',
    'databases; without it the PostgreSQL rows are skipped). `npm run bench -- --only web,notify` runs some stages;',
    '`--record` rewrites this file. Timings are wall-clock on the machine above: compare rows of one run, not runs of',
    'different machines. The README ("Benchmarks") says what each row measures.',
    '',
  ].join('\n');
  writeFileSync(file, text);
}
