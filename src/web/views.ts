// View models of the pages: the shapes the templates print, built from what the queries
// return. Every link from a feed passes safeHref here, so no template has to think of it. Pure.
import type { AlertShow, EvidenceSentence, HistoryAlert } from '../alerts/index.js';
import { LEVEL_INFO, isLevel, type Count } from '../risk/index.js';
import { highlightSegments } from './render/highlight.js';
import { safeHref } from './render/links.js';

export function levelLabel(level: string): string {
  return LEVEL_INFO[isLevel(level) ? level : 'info'].label;
}

export function levelDefinition(level: string): string {
  return LEVEL_INFO[isLevel(level) ? level : 'info'].definition;
}

/** "37", "30–40": sources that disagree show as a range (DESIGN.md, "Figures, the ACLED way"). */
export function rangeText(range: { min: number; max: number } | null): string | null {
  if (!range) return null;
  return range.min === range.max ? `${range.min}` : `${range.min}–${range.max}`;
}

/** "at least 30", "about 30", "30–40". */
export function countText(count: Count): string {
  const base = count.min === count.max ? `${count.min}` : `${count.min}–${count.max}`;
  const qualified = { exact: base, 'at-least': `at least ${base}`, 'more-than': `more than ${base}`, 'up-to': `up to ${base}`, about: `about ${base}` }[count.qualifier];
  return count.approximate && count.qualifier !== 'about' ? `about ${qualified}` : qualified;
}

const FIGURE_LABELS: Record<string, string> = { killed: 'Killed', injured: 'Injured', abducted: 'Abducted', homesBurned: 'Homes burned', displaced: 'Displaced' };

/** One event of the history list. */
export function listItemView(alert: HistoryAlert) {
  return {
    id: alert.id,
    level: alert.level,
    levelLabel: levelLabel(alert.level),
    title: alert.title,
    eventDate: alert.eventDate,
    places: alert.placeDetails.map((p) => ({ id: p.id, name: p.name })),
    killedText: rangeText(alert.killed),
    reasons: alert.reasons,
    historical: alert.historical,
    withdrawn: alert.withdrawn,
    revision: alert.revision,
    revised: alert.revision > 1,
    sourceCount: alert.sources.length,
    sources: alert.sources.map((s) => ({ publisher: s.publisher, link: safeHref(s.link) })),
  };
}

/** The event page: the notice as the email tells it, with its revisions and evidence. */
export function eventView(show: AlertShow, places: { id: number; name: string }[], evidence: EvidenceSentence[], recommendedActions: string | null) {
  const placeIds = new Map(places.map((p) => [p.name, p.id]));
  return {
    title: show.title,
    id: show.id,
    level: show.level,
    levelLabel: levelLabel(show.level),
    levelDefinition: levelDefinition(show.level),
    eventDate: show.eventDate,
    watchlist: show.watchlist,
    historical: show.historical,
    withdrawn: show.withdrawn,
    killedText: rangeText(show.killed),
    places: show.places.map((p) => ({ id: placeIds.get(p.name) ?? null, name: p.name, within: p.within.join(', ') })),
    perpetrators: show.perpetrators,
    mentioned: show.actors.filter((a) => !show.perpetrators.includes(a)),
    reasons: show.reasons,
    figures: show.figures.map((f) => ({ label: FIGURE_LABELS[f.figure] ?? f.figure, value: countText(f.count), source: f.source })),
    evidence: evidence.map((e) => ({ publisher: e.publisher, segments: highlightSegments(e.sentence, e.aliases) })),
    sources: show.sources.map((s) => ({
      publisher: s.publisher,
      title: s.title,
      link: safeHref(s.link),
      publishedAt: s.publishedAt,
      revision: s.revision,
      alsoCarriedBy: s.alsoCarriedBy.map((c) => ({ publisher: c.publisher, link: safeHref(c.link) })),
    })),
    revisions: [...show.revisions].reverse().map((r) => ({
      ...r,
      levelLabel: levelLabel(r.level),
      previousLabel: r.previousLevel && r.previousLevel !== r.level ? levelLabel(r.previousLevel) : null,
      killedText: rangeText(r.killed),
    })),
    history: show.history.map((h) => ({ ...h, levelLabel: levelLabel(h.level) })),
    recommendedActions,
    revision: show.revision,
  };
}
