// How commands print: JSON for scripts (--json, on stdout), short readable lines otherwise.
// Logs and errors go to stderr, so stdout holds only the answer.
import type { AlertView } from '../alerts/index.js';
import type { CycleReport } from '../cycle.js';
import type { ItemView } from '../feeds/index.js';

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
    `Feeds polled:    ${r.feedsPolled}${failed}`,
    `New items:       ${r.newItems}`,
    `Matches:         ${r.matches}`,
    `Alerts created:  ${r.alertsCreated}`,
    `Emails queued:   ${r.emailsQueued}`,
    `Emails sent:     ${r.emails.sent}${r.emails.failed > 0 ? `, ${r.emails.failed} failed` : ''}${emails}`,
    `Took:            ${(r.durationMs / 1000).toFixed(1)} s`,
  ];
}

export function formatAlerts(alerts: AlertView[]): string[] {
  if (alerts.length === 0) return ['No alerts.'];
  return alerts.flatMap((a) => [
    `#${a.id}  ${a.eventDate.slice(0, 10)}  ${a.level.toUpperCase()}  ${a.title}`,
    ...a.sources.map((s) => `      source: ${s.publisher}${s.link ? `  ${s.link}` : ''}`),
  ]);
}

export function formatItems(items: ItemView[]): string[] {
  if (items.length === 0) return ['No items.'];
  return items.flatMap((i) => {
    const found = i.matches.map((m) => `${m.name}${m.alias !== m.name ? ` ("${m.alias}")` : ''}`);
    return [`#${i.id}  ${(i.publishedAt ?? i.seenAt).slice(0, 10)}  ${i.feed}: ${i.title}`, ...(found.length > 0 ? [`      matches: ${[...new Set(found)].join(', ')}`] : [])];
  });
}
