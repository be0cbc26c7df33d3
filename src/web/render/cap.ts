// CAP 1.2 (OASIS Common Alerting Protocol) for one event: the message public warning systems
// and GDACS exchange. Each revision is a message of its own (identifier per revision); later
// revisions are Updates referencing the earlier ones, and a withdrawn event is a Cancel. The
// level gives urgency, severity and certainty (CAP_MAPPING, documented in the README). Pure.
import { escapeXml } from './xml.js';

export interface CapMapping {
  urgency: 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
  severity: 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
  certainty: 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';
}

/**
 * current-crisis: atrocity under way, reported by sources → act now, extreme, observed.
 * imminent-risk: a credible warning or escalation → act soon, severe, likely.
 * serious-concern: violence without the marks of atrocity → plan, moderate, observed.
 * info: a mention → unknown, minor, unknown. An event kept as history has urgency Past.
 */
export const CAP_MAPPING: Readonly<Record<string, CapMapping>> = {
  'current-crisis': { urgency: 'Immediate', severity: 'Extreme', certainty: 'Observed' },
  'imminent-risk': { urgency: 'Expected', severity: 'Severe', certainty: 'Likely' },
  'serious-concern': { urgency: 'Future', severity: 'Moderate', certainty: 'Observed' },
  info: { urgency: 'Unknown', severity: 'Minor', certainty: 'Unknown' },
};

export interface CapEvent {
  id: number;
  level: string;
  levelLabel: string;
  title: string;
  eventDate: Date;
  historical: boolean;
  withdrawn: { at: Date; reason: string } | null;
  watchlistName: string;
  places: { name: string; within: readonly string[]; latitude: number | null; longitude: number | null }[];
  reasons: readonly string[];
  killed: { min: number; max: number } | null;
  sources: number;
  /** Every revision with the time it was made, oldest first. */
  revisions: { revision: number; at: Date }[];
  recommendedActions: string | null;
  /** The event page. */
  url: string;
}

/** Each place with coordinates is drawn as a circle of this radius, as its position is a town's. */
const CIRCLE_KM = 10;

export function renderCap(event: CapEvent, baseUrl: string): string {
  const sender = `vigil@${new URL(baseUrl).hostname}`;
  const latest = event.revisions.at(-1) ?? { revision: 1, at: event.eventDate };
  const message = event.withdrawn
    ? { identifier: identifierOf(event.id, 'withdrawn'), sent: event.withdrawn.at, msgType: 'Cancel', earlier: event.revisions }
    : { identifier: identifierOf(event.id, `r${latest.revision}`), sent: latest.at, msgType: latest.revision > 1 ? 'Update' : 'Alert', earlier: event.revisions.slice(0, -1) };
  const mapping = CAP_MAPPING[event.level] ?? CAP_MAPPING.info!;
  const references = message.earlier.map((r) => `${sender},${identifierOf(event.id, `r${r.revision}`)},${capDate(r.at)}`).join(' ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
    el('identifier', message.identifier),
    el('sender', sender),
    el('sent', capDate(message.sent)),
    el('status', 'Actual'),
    el('msgType', message.msgType),
    el('scope', 'Public'),
    ...(event.withdrawn ? [el('note', `Withdrawn: ${event.withdrawn.reason}`)] : []),
    ...(references ? [el('references', references)] : []),
    el('incidents', identifierOf(event.id, 'event')),
    '  <info>',
    el('language', 'en', 4),
    el('category', 'Security', 4),
    el('event', `Violence against civilians (${event.levelLabel})`, 4),
    el('urgency', event.historical ? 'Past' : mapping.urgency, 4),
    el('severity', mapping.severity, 4),
    el('certainty', mapping.certainty, 4),
    el('onset', capDate(event.eventDate), 4),
    el('senderName', `Vigil — ${event.watchlistName}`, 4),
    el('headline', event.title.slice(0, 160), 4),
    el('description', descriptionOf(event), 4),
    ...(event.recommendedActions ? [el('instruction', event.recommendedActions, 4)] : []),
    el('web', event.url, 4),
    ...parameters(event),
    ...areaLines(event),
    '  </info>',
    '</alert>',
    '',
  ].join('\n');
}

/** CAP's dateTime: seconds, and an explicit offset instead of Z (the 1.2 schema's pattern). */
export function capDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

function identifierOf(id: number, suffix: string): string {
  return `vigil-alert-${id}-${suffix}`;
}

function el(name: string, text: string, indent = 2): string {
  return `${' '.repeat(indent)}<${name}>${escapeXml(text)}</${name}>`;
}

function descriptionOf(event: CapEvent): string {
  const toll = event.killed ? `Killed (reported): ${event.killed.min === event.killed.max ? event.killed.min : `${event.killed.min}–${event.killed.max}`}. ` : '';
  return `${toll}Why this level: ${event.reasons.join('; ') || 'none given'}. Reported figures from ${event.sources} source(s), not independently verified.`;
}

function parameters(event: CapEvent): string[] {
  const values: [string, string][] = [['vigilLevel', event.level], ['sources', String(event.sources)]];
  if (event.killed) values.push(['killedMin', String(event.killed.min)], ['killedMax', String(event.killed.max)]);
  return values.map(([name, value]) => `    <parameter>\n${el('valueName', name, 6)}\n${el('value', value, 6)}\n    </parameter>`);
}

function areaLines(event: CapEvent): string[] {
  const desc = event.places.map((p) => [p.name, ...p.within].join(', ')).join('; ') || event.watchlistName;
  const circles = event.places.flatMap((p) => (p.latitude === null || p.longitude === null ? [] : [el('circle', `${p.latitude},${p.longitude} ${CIRCLE_KM}`, 6)]));
  return ['    <area>', el('areaDesc', desc, 6), ...circles, '    </area>'];
}
