// What a notice says beyond the event's stored fields, read from them alone (pure): the facts of
// the one-sentence summary, the victims as each source reported them, and what changed since the
// last notice. Nothing is guessed: a part the reports do not give is left out.
import type { AlertDetail } from '../alerts/index.js';
import { isLevel, type FigureReports } from '../risk/index.js';
import type { ChangeFacts, SummaryFacts } from './strings/index.js';

/** Who, where, when and the toll with who reported it. */
export function summaryFacts(alert: AlertDetail): SummaryFacts {
  const places = alert.places.slice(0, 3).map(({ place }) => (place.within[0] ? `${place.name} (${place.within[0]})` : place.name));
  return {
    kind: alert.violence[0] ?? null,
    where: places.join(places.length === 2 ? ' & ' : ', '),
    eventDate: alert.eventDate,
    perpetrators: alert.actors.filter((a) => a.role === 'perpetrator').map((a) => a.actor.name),
    toll: alert.killedMin === null ? null : { min: alert.killedMin, max: alert.killedMax ?? alert.killedMin, publishers: tollPublishers(alert) },
  };
}

// The publishers whose reports gave a toll, each once, in the order they reported.
function tollPublishers(alert: AlertDetail): string[] {
  return [...new Set(alert.sources.filter((s) => (s.figures as FigureReports).killed).map((s) => s.item.feed.publisher))];
}

/** Each victim group a source named (civilians, women, children, elderly, a community), with who named it. */
export function victimsReported(alert: AlertDetail): { group: string; publishers: string[] }[] {
  const groups = new Map<string, Set<string>>();
  for (const source of alert.sources) {
    for (const group of source.victims) {
      const publishers = groups.get(group) ?? new Set<string>();
      publishers.add(source.item.feed.publisher);
      groups.set(group, publishers);
    }
  }
  return [...groups].map(([group, publishers]) => ({ group, publishers: [...publishers] }));
}

/** The revision this notice tells of, and the one last told to subscribers before it. */
export function revisionsOf(alert: AlertDetail, revision: number) {
  return {
    row: alert.revisions.find((r) => r.revision === revision) ?? null,
    told: alert.revisions.filter((r) => r.notified && r.revision < revision).at(-1) ?? null,
  };
}

/** Level, toll and sources since the last notice (the first report when none was told). */
export function changeFacts(alert: AlertDetail, revision: number): ChangeFacts {
  const { row, told } = revisionsOf(alert, revision);
  const now = { level: row?.level ?? alert.level, min: row ? row.killedMin : alert.killedMin, max: row ? row.killedMax : alert.killedMax };
  const before = told ?? alert.revisions[0] ?? null;
  const range = (min: number | null, max: number | null) => (min === null ? null : { min, max: max ?? min });
  const killedBefore = before ? range(before.killedMin, before.killedMax) : null;
  const killedNow = range(now.min, now.max);
  const from = before?.level ?? now.level;
  return {
    level: from !== now.level && isLevel(from) && isLevel(now.level) ? { from, to: now.level } : null,
    killed: sameRange(killedBefore, killedNow) ? null : { from: killedBefore, to: killedNow },
    newSources: [...new Set(alert.sources.filter((s) => s.revision > (before?.revision ?? 0) && s.revision <= revision).map((s) => s.item.feed.publisher))],
  };
}

function sameRange(a: { min: number; max: number } | null, b: { min: number; max: number } | null): boolean {
  return a === b || (a !== null && b !== null && a.min === b.min && a.max === b.max);
}
