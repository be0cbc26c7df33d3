// How commands print: JSON for scripts (--json, on stdout), short readable lines otherwise.
// Logs and errors go to stderr, so stdout holds only the answer.
import type { AlertShow, AlertView } from '../alerts/index.js';
import type { FeedCheck } from './feed-check.js';
import { shortHash, type CatalogSyncReport } from '../catalog/index.js';
import type { AddFeedsResult, ConfigWarning, VigilConfig, WatchlistConfig, WatchlistImportReport } from '../config/index.js';
import type { CycleReport } from '../cycle.js';
import { describeUrl } from '../db/index.js';
import type { FeedView, ItemView } from '../feeds/index.js';
import { LEVEL_INFO, isLevel, type Count } from '../risk/index.js';
import type { RematchReport } from '../rematch.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(lines: string[]): void {
  process.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
}

export function formatCycleReport(r: CycleReport): string[] {
  const failed = r.feedsFailed > 0 ? ` (${r.feedsFailed} failed; see the log)` : '';
  const emails = r.emails.transportDown ? `, mail server unreachable: ${r.emails.retrying} will be retried` : '';
  return [
    `Feeds polled:    ${r.feedsPolled}${failed}${r.feedsUnchanged > 0 ? `, ${r.feedsUnchanged} unchanged` : ''}`,
    `New items:       ${r.newItems}${r.duplicates > 0 ? ` (and ${r.duplicates} already stored from another feed)` : ''}${r.quarantined > 0 ? `, ${r.quarantined} quarantined` : ''}`,
    `Matches:         ${r.matches}`,
    `Alerts created:  ${r.alertsCreated}`,
    `Alerts revised:  ${r.alertsRevised}`,
    `Emails queued:   ${r.emailsQueued}`,
    `Emails sent:     ${r.emails.sent}${r.emails.failed > 0 ? `, ${r.emails.failed} failed` : ''}${emails}`,
    `Took:            ${(r.durationMs / 1000).toFixed(1)} s`,
  ];
}

export function formatAlerts(alerts: AlertView[]): string[] {
  if (alerts.length === 0) return ['No alerts.'];
  return alerts.flatMap((a) => [
    `#${a.id}  ${a.eventDate.slice(0, 10)}  ${a.level.toUpperCase()}${a.withdrawn ? ' (WITHDRAWN)' : ''}  ${a.title}`,
    ...(a.withdrawn ? [`      withdrawn ${a.withdrawn.at.slice(0, 10)}: ${a.withdrawn.reason}`] : []),
    ...a.sources.map((s) => `      source: ${s.publisher}${s.link ? `  ${s.link}` : ''}`),
  ]);
}

export function formatAlertShow(a: AlertShow): string[] {
  const killed = a.killed ? `${a.killed.min === a.killed.max ? a.killed.min : `${a.killed.min}–${a.killed.max}`} killed (reported)` : 'no toll reported';
  return [
    `#${a.id}  ${levelLabel(a.level).toUpperCase()}${a.historical ? ' (history: never mailed)' : ''}${a.withdrawn ? ' (WITHDRAWN)' : ''}  revision ${a.revision}`,
    a.title,
    ...(a.withdrawn ? [`Withdrawn on ${a.withdrawn.at.slice(0, 10)}: ${a.withdrawn.reason}`] : []),
    `Event date: ${a.eventDate.slice(0, 10)} · Watchlist: ${a.watchlist.name} · ${killed}`,
    `Places: ${a.places.map((p) => `${p.name} (${p.kind}${p.within.length > 0 ? `, ${p.within.join(', ')}` : ''})`).join('; ')}`,
    ...(a.perpetrators.length > 0 ? [`Named as perpetrator: ${a.perpetrators.join(', ')}`] : []),
    '',
    'Why this level:',
    ...a.reasons.map((r) => `  - ${r}`),
    ...section('Figures (reported, by source):', a.figures.map((f) => `  - ${f.figure}: ${describeCount(f.count)}, ${f.source}: “${f.evidence}”`)),
    ...section(
      'Sources:',
      a.sources.map((s) => {
        const also = s.alsoCarriedBy.length > 0 ? ` (also carried by ${s.alsoCarriedBy.map((c) => c.publisher).join(', ')})` : '';
        return `  - ${s.publisher}, ${s.publishedAt?.slice(0, 10) ?? 'undated'}: ${s.title}${s.link ? `  ${s.link}` : ''}${also}`;
      }),
    ),
    ...section(
      'Revisions:',
      a.revisions.map((r) => `  ${r.revision}. ${r.at.slice(0, 16).replace('T', ' ')}  ${r.level}${r.notified ? ' (mailed)' : ''}: ${r.changes.join('; ')}`),
    ),
    ...section('Recent history of the area:', a.history.map((h) => `  - #${h.id} ${h.eventDate.slice(0, 10)} ${h.level}: ${h.title}`)),
  ];
}

function levelLabel(level: string): string {
  return isLevel(level) ? LEVEL_INFO[level].label : level;
}

function section(heading: string, lines: string[]): string[] {
  return lines.length > 0 ? ['', heading, ...lines] : [];
}

function describeCount(c: Count): string {
  const range = c.min === c.max ? `${c.min}` : `${c.min}–${c.max}`;
  return `${c.qualifier === 'exact' ? '' : `${c.qualifier.replace('-', ' ')} `}${range}${c.approximate ? ' (approximate)' : ''}`;
}

export function formatFeeds(feeds: FeedView[]): string[] {
  if (feeds.length === 0) return ['No feeds: run `vigil sync`.'];
  return feeds.flatMap((f) => [
    `#${f.id}  ${f.status.toUpperCase().padEnd(8)}  ${f.name} (${f.publisher})  ${f.fetchUrl ?? f.url}`,
    `      last success ${f.lastSuccessAt?.slice(0, 16).replace('T', ' ') ?? 'never'}, next poll ${f.nextPollAt?.slice(0, 16).replace('T', ' ') ?? 'at the next tick'}, ${f.itemsSeen} items`,
    ...(f.lastError ? [`      error (${f.errorCount} in a row): ${f.lastError}`] : []),
    ...f.quarantined.map((q) => `      quarantined: ${q.title} (${q.error})`),
  ]);
}

export function formatFeedCheck(c: FeedCheck): string[] {
  if (!c.ok) return [`${c.url}: not readable${c.status ? ` (HTTP ${c.status})` : ''}: ${c.error ?? ''}`];
  const matched = c.entries.filter((e) => e.matches.length > 0).length;
  return [
    `${c.url}: ${c.entries.length} entries, ${matched} naming a watched place or actor (nothing stored).`,
    ...c.entries.map((e) => `  ${e.publishedAt?.slice(0, 10) ?? 'undated   '}  ${e.title}${e.matches.length > 0 ? `  [${e.matches.join(', ')}]` : ''}`),
  ];
}

export function formatImport(r: AddFeedsResult, skipped: readonly string[]): string[] {
  return [
    r.added.length > 0 ? `Added ${r.added.length} feeds to ${r.file}; \`vigil sync\` (or the next start) polls them.` : `No new feeds for ${r.file}.`,
    ...r.added.map((f) => `  + ${f.name}  ${f.url}`),
    ...(r.alreadyThere.length > 0 ? [`Already in the catalog: ${r.alreadyThere.length}`, ...r.alreadyThere.map((f) => `  = ${f.name}  ${f.url}`)] : []),
    ...(skipped.length > 0 ? [`Skipped: ${skipped.length}`, ...skipped.map((s) => `  - ${s}`)] : []),
  ];
}

export function formatItems(items: ItemView[]): string[] {
  if (items.length === 0) return ['No items.'];
  return items.flatMap((i) => {
    const found = i.matches.map((m) => `${m.name}${m.alias !== m.name ? ` ("${m.alias}")` : ''}`);
    return [`#${i.id}  ${(i.publishedAt ?? i.seenAt).slice(0, 10)}  ${i.feed}: ${i.title}`, ...(found.length > 0 ? [`      matches: ${[...new Set(found)].join(', ')}`] : [])];
  });
}

export function formatRematchReport(r: RematchReport): string[] {
  const list = (ids: number[]) => (ids.length === 0 ? 'none' : ids.map((id) => `#${id}`).join(', '));
  return [
    `Re-matched ${r.itemsScanned.toLocaleString('en')} items stored since ${r.since.slice(0, 10)}: ${r.itemsChanged} changed (${r.matchesAdded} matches added, ${r.matchesRemoved} removed).`,
    `  events opened: ${list(r.eventsOpened)}; revised: ${list(r.eventsRevised)}; withdrawn: ${list(r.eventsWithdrawn)}; emails queued: ${r.deliveries}`,
  ];
}

export function formatSyncReport(r: CatalogSyncReport): string[] {
  if (r.skipped) return [`Catalog: unchanged (config ${shortHash(r.hash)}); nothing written.`];
  const replaced = r.previous && r.previous.hash !== r.hash ? `, replacing config ${shortHash(r.previous.hash)} synced by ${r.previous.syncedBy}` : '';
  const { feeds, watchlists, places, actors } = r;
  return [
    `Catalog: synced from config ${shortHash(r.hash)}${replaced}, in ${(r.durationMs / 1000).toFixed(1)} s.`,
    `  feeds:      ${feeds.added} added, ${feeds.updated} updated, ${feeds.disabled} disabled`,
    ...(
      [
        ['watchlists', watchlists],
        ['places', places],
        ['actors', actors],
      ] as const
    ).map(([name, c]) => `  ${`${name}:`.padEnd(11)} ${c.added} added, ${c.updated} updated, ${c.retired} retired`),
  ];
}

/** What `vigil config check` reports of a valid configuration (also its --json shape). */
export function summarizeConfig(config: VigilConfig) {
  return {
    file: config.file,
    schedule: config.schedule,
    feeds: { enabled: config.feeds.filter((f) => f.enabled).length, disabled: config.feeds.filter((f) => !f.enabled).length },
    watchlists: config.watchlists.map((w) => ({ slug: w.slug, file: w.file, places: w.places.length, actors: w.actors.length })),
    risk: config.riskSource,
    database: config.databaseUrl ? describeUrl(config.databaseUrl) : `embedded database in ${config.dataDir}`,
    mail: config.mail.smtpUrl ? `SMTP server ${new URL(config.mail.smtpUrl).host}` : `.eml files in ${config.mail.outboxDir}`,
    web: { listen: `${config.web.host}:${config.web.port}`, baseUrl: config.web.baseUrl },
    warnings: config.warnings,
  };
}

export function formatConfigSummary(s: ReturnType<typeof summarizeConfig>): string[] {
  return [
    `${s.file} is valid.`,
    `Schedule:    ${s.schedule}`,
    `Feeds:       ${s.feeds.enabled} enabled${s.feeds.disabled > 0 ? `, ${s.feeds.disabled} disabled` : ''}`,
    ...s.watchlists.map((w) => `Watchlist:   ${w.slug} (${w.places} places, ${w.actors} actors) from ${w.file}`),
    `Risk rules:  ${s.risk.kind === 'built-in' ? `built-in (${s.risk.file})` : s.risk.file}`,
    `Database:    ${s.database}`,
    `Mail:        ${s.mail}`,
    `Web:         listens on ${s.web.listen}; links point to ${s.web.baseUrl}`,
    ...formatWarnings(s.warnings),
  ];
}

/** Warnings as lines "file:line:col: warning: …", the way problems are shown. */
export function formatWarnings(warnings: readonly ConfigWarning[]): string[] {
  if (warnings.length === 0) return [];
  return [`Warnings (${warnings.length}):`, ...warnings.map((w) => `  ${w.file}:${w.line}:${w.column}: warning: ${w.message}`)];
}

/** A watchlist as `vigil watchlists list` shows it (also its --json shape). */
export function summarizeWatchlist(w: WatchlistConfig) {
  const placesByKind: Record<string, number> = {};
  for (const p of w.places) placesByKind[p.kind] = (placesByKind[p.kind] ?? 0) + 1;
  return { slug: w.slug, name: w.name, file: w.file, places: w.places.length, placesByKind, actors: w.actors.length };
}

export function formatWatchlists(summaries: ReturnType<typeof summarizeWatchlist>[]): string[] {
  return summaries.flatMap((s) => {
    const kinds = Object.entries(s.placesByKind).map(([kind, n]) => `${n} ${kind}`);
    return [`${s.slug}  ${s.name}`, `      ${s.places} places (${kinds.join(', ') || 'none'}), ${s.actors} actors; ${s.file}`];
  });
}

export function formatWatchlistShow(w: WatchlistConfig): string[] {
  const place = (p: WatchlistConfig['places'][number]): string[] => [
    `  ${p.name} (${p.kind}${p.ambiguous ? ', ambiguous' : ''})${p.within.length > 0 ? ` in ${p.within.join(' > ')}` : ''}`,
    ...(p.aliases.length > 0 ? [`      aliases: ${p.aliases.join(', ')}`] : []),
    ...(p.coordinates || p.ref ? [`      ${[p.coordinates ? `at ${p.coordinates.join(', ')}` : '', p.ref ? `ref ${p.ref}` : ''].filter(Boolean).join('; ')}`] : []),
  ];
  const actor = (a: WatchlistConfig['actors'][number]): string[] => [
    `  ${a.name} (${a.type}${a.ambiguous ? ', ambiguous' : ''})`,
    ...(a.aliases.length > 0 ? [`      aliases: ${a.aliases.join(', ')}`] : []),
    ...(a.communities.length > 0 ? [`      communities: ${a.communities.join(', ')}`] : []),
  ];
  return [`${w.slug}  ${w.name}`, `File: ${w.file}`, '', `Places (${w.places.length}):`, ...w.places.flatMap(place), '', `Actors (${w.actors.length}):`, ...w.actors.flatMap(actor)];
}

// A gazetteer of thousands of rows can skip or conflict on thousands: the first few, then a count.
const MAX_LISTED = 20;

function listed<T>(heading: string, items: readonly T[], line: (item: T) => string): string[] {
  if (items.length === 0) return [];
  const more = items.length > MAX_LISTED ? [`  … and ${items.length - MAX_LISTED} more (--json lists them all)`] : [];
  return [`${heading} (${items.length}):`, ...items.slice(0, MAX_LISTED).map((item) => `  ${line(item)}`), ...more];
}

export function formatWatchlistImport(r: WatchlistImportReport & { dryRun: boolean; durationMs: number }): string[] {
  const outcome = r.problems.length > 0 ? 'Not written: the result would not load.' : r.dryRun ? 'Dry run: nothing written.' : r.written ? `Wrote ${r.file}${r.created ? ' (new)' : ''}.` : `${r.file} already holds all of it; nothing written.`;
  return [
    outcome,
    `  added ${r.added}, merged ${r.merged}, unchanged ${r.unchanged}, duplicates in the input ${r.duplicates}, conflicts ${r.conflicts.length}, rows skipped ${r.skipped.length}, aliases left out ${r.droppedAliases.length}; took ${(r.durationMs / 1000).toFixed(1)} s`,
    ...listed('Conflicts, left as they were', r.conflicts, (c) => `${c.name}: ${c.differences.join('; ')}`),
    ...listed('Rows skipped', r.skipped, (s) => `row ${s.row}: ${s.reason}`),
    ...listed('Aliases left out', r.droppedAliases, (d) => `"${d.alias}" (${d.places.join(', ')}): ${d.reason}`),
    ...listed('Problems', r.problems, (p) => p),
    ...listed('Warnings', r.warnings, (w) => `${w.file}:${w.line}:${w.column}: ${w.message}`),
    ...(r.written ? ['Run `vigil sync` (or restart) to use it.'] : []),
  ];
}
