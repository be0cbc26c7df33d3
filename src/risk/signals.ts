// An item's signals in one line each, as `vigil items list --json` shows them (DESIGN.md, "JSON
// output"): the first figure of each kind reported at a watched place and the kinds of violence.
// What an alert is made of is the per-place reading (place-signals.ts); this is its summary.
import type { EntityMatch } from '../matching/index.js';
import { FIGURES, type Figure } from './figures.js';
import { extractPlaceSignals, type PlaceSignals, type SignalItem, type ViolenceFound } from './place-signals.js';
import type { SignalRules } from './rules.js';

/** Reported figures (null when not stated) and the violence found in an item. */
export interface Signals {
  figures: Record<Figure, number | null>;
  violence: ViolenceFound[];
}

export function summarizeSignals(places: readonly PlaceSignals[]): Signals {
  const figures = Object.fromEntries(FIGURES.map((f) => [f, null])) as Record<Figure, number | null>;
  const violence: ViolenceFound[] = [];
  for (const place of places) {
    for (const figure of FIGURES) figures[figure] ??= place.figures[figure]?.min ?? null;
    for (const v of place.violence) if (!violence.some((x) => x.kind === v.kind)) violence.push(v);
  }
  return { figures, violence };
}

/** The summary straight from an item: extract per place, then summarise. */
export function extractSignals(rules: SignalRules, item: SignalItem, matches: readonly EntityMatch[]): Signals {
  return summarizeSignals(extractPlaceSignals(rules, item, matches));
}
