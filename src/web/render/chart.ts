// The place page's chart: incidents and reported deaths per month as two bar panels sharing
// the months, laid out here in numbers and drawn by the template as inline SVG (no script, no
// library, nothing fetched). Pure.
import type { MonthCount } from '../../alerts/index.js';

export interface Bar {
  month: string;
  x: number;
  y: number;
  height: number;
  value: number;
}

export interface Panel {
  label: string;
  max: number;
  /** Top of the panel's drawing area. */
  top: number;
  bars: Bar[];
}

export interface MonthlyChart {
  width: number;
  height: number;
  barWidth: number;
  panels: Panel[];
  /** Month labels under the bars: January and the first and last months. */
  ticks: { x: number; y: number; text: string }[];
  /** A sentence for screen readers and the SVG's <title>. */
  summary: string;
}

const PANEL_HEIGHT = 90;
const GAP = 34;
const LEFT = 8;
const RIGHT = 8;
const TOP = 22;

/** The months from the first with an event to `lastMonth` ("2026-11"), at most `maxMonths`. */
export function monthsOf(counts: readonly MonthCount[], lastMonth: string, maxMonths: number): MonthCount[] {
  const first = counts[0]?.month ?? lastMonth;
  const byMonth = new Map(counts.map((c) => [c.month, c]));
  const months: MonthCount[] = [];
  for (let m = lastMonth; months.length < maxMonths && m >= first; m = previousMonth(m)) months.push(byMonth.get(m) ?? { month: m, events: 0, killed: 0 });
  return months.reverse();
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function layoutMonthlyChart(months: readonly MonthCount[], width = 640): MonthlyChart {
  const slot = (width - LEFT - RIGHT) / Math.max(1, months.length);
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const panel = (label: string, value: (c: MonthCount) => number, index: number): Panel => {
    const max = Math.max(1, ...months.map(value));
    const top = TOP + index * (PANEL_HEIGHT + GAP);
    return {
      label,
      max,
      top,
      bars: months.map((c, i) => {
        const height = Math.round((value(c) / max) * PANEL_HEIGHT * 10) / 10;
        return { month: c.month, x: round(LEFT + i * slot + (slot - barWidth) / 2), y: round(top + PANEL_HEIGHT - height), height, value: value(c) };
      }),
    };
  };
  const panels = [panel('Incidents per month', (c) => c.events, 0), panel('Reported deaths per month (lowest figure)', (c) => c.killed, 1)];
  const axisY = TOP + 2 * PANEL_HEIGHT + GAP + 16;
  const ticks = months.flatMap((c, i) =>
    i === 0 || i === months.length - 1 || c.month.endsWith('-01') ? [{ x: round(LEFT + i * slot + slot / 2), y: axisY, text: c.month }] : [],
  );
  const events = months.reduce((n, c) => n + c.events, 0);
  const killed = months.reduce((n, c) => n + c.killed, 0);
  const span = months.length ? `${months[0]?.month} to ${months.at(-1)?.month}` : 'no months';
  return { width, height: axisY + 8, barWidth: round(barWidth), panels, ticks, summary: `${events} incidents and ${killed} reported deaths from ${span}.` };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
