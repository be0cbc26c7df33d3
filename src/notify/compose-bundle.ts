// From a formed digest or summary to its one email: the recipient (cancelled if it may no longer
// receive alerts), the events and revisions of its rows, fresh manage links, and the Message-ID
// the plan wrote on every row. A template error is a bug (NoticeRenderError), as for a notice.
import type { Db } from '../db/index.js';
import type { Templates } from '../templates.js';
import type { Plan } from './bundle.js';
import { NoticeRenderError, type Composed } from './compose.js';
import { renderBundle, type BundleEvent } from './digest.js';
import { mintToken } from './links.js';
import { loadRecipient, refusalOf } from './subscriptions.js';

export interface ComposeBundleDeps {
  db: Db;
  templates: Templates;
  baseUrl: string;
  domain: string;
  timezone: string;
}

export async function composeBundle(deps: ComposeBundleDeps, subscriptionId: number, plan: Extract<Plan, { kind: 'bundle' }>, now: Date): Promise<Composed> {
  const recipient = await loadRecipient(deps.db, subscriptionId);
  const refusal = refusalOf(recipient);
  if (refusal) return { cancel: refusal };
  const events = await loadBundleEvents(deps.db, plan.notices);
  if (events.length === 0) return { cancel: 'events gone' };
  const manageUrl = `${deps.baseUrl}/preferences/${await mintToken(deps.db, recipient.id, 'manage', now)}`;
  const unsubscribeUrl = manageUrl.replace('/preferences/', '/unsubscribe/');
  let rendered: { subject: string; html: string; text: string };
  try {
    rendered = renderBundle(deps.templates, {
      batch: plan.batch,
      at: plan.at,
      timezone: deps.timezone,
      watchlist: recipient.watchlist,
      events,
      recipient: { email: recipient.subscriber.email, minLevel: recipient.minLevel },
      baseUrl: deps.baseUrl,
      unsubscribeUrl,
      manageUrl,
    });
  } catch (error) {
    throw new NoticeRenderError(error);
  }
  return {
    mail: {
      to: recipient.subscriber.email,
      ...rendered,
      messageId: plan.messageId,
      list: { id: `${recipient.watchlist.slug}.${deps.domain}`, name: `Vigil: ${recipient.watchlist.name}`, unsubscribeUrl },
    },
  };
}

async function loadBundleEvents(db: Db, notices: readonly { alertId: number; revision: number }[]): Promise<BundleEvent[]> {
  const revisionsOf = new Map<number, number[]>();
  for (const n of notices) revisionsOf.set(n.alertId, [...(revisionsOf.get(n.alertId) ?? []), n.revision]);
  const alerts = await db.alert.findMany({
    where: { id: { in: [...revisionsOf.keys()] } },
    select: { id: true, title: true, level: true, eventDate: true, killedMin: true, killedMax: true, revisions: { select: { revision: true, level: true, changes: true }, orderBy: { revision: 'asc' } } },
    orderBy: [{ eventDate: 'desc' }, { id: 'desc' }],
  });
  return alerts.map((a) => ({
    alertId: a.id,
    title: a.title,
    eventDate: a.eventDate,
    killedMin: a.killedMin,
    killedMax: a.killedMax,
    revisions: revisionsIn(a, revisionsOf.get(a.id) ?? []),
  }));
}

// The revisions the email tells of; an event stored before revisions were kept counts as its first.
function revisionsIn(alert: { level: string; revisions: BundleEvent['revisions'] }, numbers: readonly number[]): BundleEvent['revisions'] {
  const found = alert.revisions.filter((r) => numbers.includes(r.revision));
  return found.length > 0 ? found : [{ revision: 1, level: alert.level, changes: [] }];
}
