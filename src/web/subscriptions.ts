// The subscriber's pages: subscribe (a form needing only an address; the answer is the same
// whether or not the address was subscribed), confirm (GET shows a button, POST confirms, so a
// mail scanner opening the link confirms nothing), preferences and unsubscribe (GET shows a
// button, POST unsubscribes: RFC 8058 one-click). Links carry tokens, looked up by their hash.
// Every form carries a CSRF token, checked on each POST but the one-click unsubscribe (a mail
// client posts it with no cookie; its unguessable link token is the proof). Subscribing is
// rate-limited per client address and per email address, confirming per client address.
import type { FastifyPluginCallback, FastifyReply } from 'fastify';
import type { Db } from '../db/index.js';
import {
  CADENCES,
  DEFAULT_PREFS,
  LANGUAGES,
  confirmByToken,
  findConfirmation,
  findSubscriptionByToken,
  parseEmailAddress,
  requestSubscription,
  unsubscribe,
  updatePreferences,
  type SubscriptionPrefs,
} from '../notify/index.js';
import { ALERT_LEVELS, LEVEL_INFO, type AlertLevel } from '../risk/index.js';
import { byClientAddress, byEmailAddress, checkCsrf, csrfToken, limitRequests, type RateLimits } from './safety.js';

export interface SubscriptionPagesDeps {
  db: Db;
  now: () => Date;
  page: (name: string, data: object) => string;
  rateLimits: RateLimits;
}

type Form = Partial<Record<'email' | 'watchlist' | 'minLevel' | 'cadence' | 'language', string>>;
/** The preferences form adds the filter: a multiple choice posts a value per choice. */
type PreferencesForm = Form & Partial<Record<'places' | 'actors', string | string[]>>;
type TokenParams = { Params: { token: string } };

const URL_TOKEN = /\/(unsubscribe|preferences|confirm)\/[^/?#]+/g;

/** A URL as it may be logged: link tokens replaced, so the request log never holds one. */
export function redactLinkTokens(url: string): string {
  return url.replace(URL_TOKEN, '/$1/[redacted]');
}

/** The pages as a Fastify plugin: `app.register(subscriptionPages, deps)`. */
export const subscriptionPages: FastifyPluginCallback<SubscriptionPagesDeps> = (app, deps, done) => {
  const html = (reply: FastifyReply, name: string, data: object, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(deps.page(name, { csrf: csrfToken(reply), ...data }));
  const { windowMs, subscribePerIp, subscribePerAddress, confirmPerIp } = deps.rateLimits;
  // Rate limits first, so that requests refused for their CSRF token count too.
  const subscribeLimits = [{ max: subscribePerIp, windowMs, key: byClientAddress }, { max: subscribePerAddress, windowMs, key: byEmailAddress }];
  const subscribeChecks = { preHandler: [limitRequests(app, 'subscribe', subscribeLimits), checkCsrf(app)] };
  const confirmChecks = { preHandler: [limitRequests(app, 'confirm', [{ max: confirmPerIp, windowMs, key: byClientAddress }]), checkCsrf(app)] };
  const csrfCheck = { preHandler: checkCsrf(app) };
  const notFound = (reply: FastifyReply) => html(reply, 'link-not-found', { title: 'Link not valid' }, 404);

  app.get('/subscribe', async (_request, reply) => html(reply, 'subscribe', await formView(deps.db, {}, null)));

  app.post<{ Body: Form }>('/subscribe', subscribeChecks, async (request, reply) => {
    const form = request.body ?? {};
    const address = parseEmailAddress(form.email ?? '');
    const watchlists = await deps.db.watchlist.findMany({ select: { id: true, slug: true }, orderBy: { slug: 'asc' } });
    const watchlist = form.watchlist ? watchlists.find((w) => w.slug === form.watchlist) : watchlists[0];
    const prefs = parsePrefs(form);
    const problem = !address.ok ? 'Please enter a valid email address.' : !watchlist ? 'Please choose a watchlist.' : !prefs ? 'Please choose a level, cadence and language from the lists.' : null;
    if (problem || !address.ok || !watchlist || !prefs) return html(reply, 'subscribe', await formView(deps.db, form, problem), 400);
    const result = await requestSubscription(deps.db, { email: address.email, watchlistId: watchlist.id, prefs, now: deps.now() });
    request.log.info({ subscriberId: result.subscriberId, subscriptionId: result.subscriptionId, outcome: result.outcome }, 'subscription requested');
    // The same page whatever the outcome: it must not tell who is subscribed.
    return html(reply, 'subscribe-sent', { title: 'Check your inbox' });
  });

  app.get<TokenParams>('/confirm/:token', async (request, reply) => {
    const subscription = await findConfirmation(deps.db, request.params.token, deps.now());
    return subscription ? html(reply, 'confirm', { title: 'Confirm', watchlist: subscription.watchlist.name }) : notFound(reply);
  });

  app.post<TokenParams>('/confirm/:token', confirmChecks, async (request, reply) => {
    const subscription = await findConfirmation(deps.db, request.params.token, deps.now());
    if (!subscription || !(await confirmByToken(deps.db, request.params.token, deps.now()))) return notFound(reply);
    request.log.info({ subscriptionId: subscription.id }, 'subscription confirmed');
    return html(reply, 'confirmed', { title: 'Subscribed', watchlist: subscription.watchlist.name });
  });

  app.get<TokenParams>('/preferences/:token', async (request, reply) => {
    const subscription = await findSubscriptionByToken(deps.db, request.params.token);
    if (!subscription) return notFound(reply);
    const names = await watchedNames(deps.db, subscription.watchlist.id);
    return html(reply, 'preferences', preferencesView(subscription, names, request.params.token, false));
  });

  app.post<TokenParams & { Body: PreferencesForm }>('/preferences/:token', csrfCheck, async (request, reply) => {
    const subscription = await findSubscriptionByToken(deps.db, request.params.token);
    if (!subscription) return notFound(reply);
    const names = await watchedNames(deps.db, subscription.watchlist.id);
    const form = request.body ?? {};
    const prefs = parsePrefs(form);
    const filter = parseFilter(form, names);
    if (!prefs || !filter) return html(reply, 'preferences', { ...preferencesView(subscription, names, request.params.token, false), problem: 'Please choose from the lists.' }, 400);
    await updatePreferences(deps.db, subscription.id, { ...prefs, ...filter });
    request.log.info({ subscriptionId: subscription.id }, 'preferences changed');
    return html(reply, 'preferences', preferencesView({ ...subscription, ...prefs, ...filter }, names, request.params.token, true));
  });

  app.get<TokenParams>('/unsubscribe/:token', async (request, reply) => {
    const subscription = await findSubscriptionByToken(deps.db, request.params.token);
    if (!subscription) return notFound(reply);
    return html(reply, 'unsubscribe', { title: 'Unsubscribe', watchlist: subscription.watchlist.name, done: subscription.unsubscribedAt !== null });
  });

  app.post<TokenParams>('/unsubscribe/:token', async (request, reply) => {
    const subscription = await findSubscriptionByToken(deps.db, request.params.token);
    if (!subscription) return notFound(reply);
    if (!subscription.unsubscribedAt) await unsubscribe(deps.db, subscription.id, deps.now());
    request.log.info({ subscriptionId: subscription.id }, 'unsubscribed');
    return html(reply, 'unsubscribed', { title: 'Unsubscribed', watchlist: subscription.watchlist.name });
  });
  done();
};

/** The form's choices, with the defaults for what it left out; null when one is not a choice. */
function parsePrefs(form: Form): SubscriptionPrefs | null {
  const minLevel = form.minLevel || DEFAULT_PREFS.minLevel;
  const cadence = form.cadence || DEFAULT_PREFS.cadence;
  const language = form.language || DEFAULT_PREFS.language;
  if (!(ALERT_LEVELS as readonly string[]).includes(minLevel) || !(CADENCES as readonly string[]).includes(cadence) || !(LANGUAGES as readonly string[]).includes(language)) return null;
  return { minLevel: minLevel as AlertLevel, cadence: cadence as SubscriptionPrefs['cadence'], language: language as SubscriptionPrefs['language'] };
}

function choices(values: readonly string[], selected: string, label: (v: string) => string = (v) => v) {
  return values.map((value) => ({ value, label: label(value), selected: value === selected }));
}

function levelChoices(selected: string) {
  return choices(ALERT_LEVELS, selected, (v) => `${LEVEL_INFO[v as AlertLevel].label} and above`);
}

async function formView(db: Db, form: Form, problem: string | null) {
  const watchlists = await db.watchlist.findMany({ select: { slug: true, name: true }, orderBy: { slug: 'asc' } });
  return {
    title: 'Subscribe',
    problem,
    email: form.email ?? '',
    watchlists: watchlists.map((w) => ({ value: w.slug, label: w.name, selected: w.slug === form.watchlist })),
    levels: levelChoices(form.minLevel ?? DEFAULT_PREFS.minLevel),
    cadences: choices(CADENCES, form.cadence ?? DEFAULT_PREFS.cadence),
    languages: choices(LANGUAGES, form.language ?? DEFAULT_PREFS.language),
  };
}

interface WatchedNames {
  places: string[];
  actors: string[];
}

// The names a filter may hold: the watchlist's places (cercles first) and actors in force.
async function watchedNames(db: Db, watchlistId: number): Promise<WatchedNames> {
  const where = { watchlistId, retiredAt: null };
  const [places, actors] = await Promise.all([
    db.place.findMany({ where, select: { name: true, kind: true }, orderBy: { name: 'asc' } }),
    db.actor.findMany({ where, select: { name: true }, orderBy: { name: 'asc' } }),
  ]);
  const cercle = (p: { kind: string }) => (p.kind === 'cercle' ? 0 : 1);
  return { places: places.sort((a, b) => cercle(a) - cercle(b)).map((p) => p.name), actors: actors.map((a) => a.name) };
}

/** The places and actors chosen (none: every event); null when one is not the watchlist's. */
function parseFilter(form: PreferencesForm, names: WatchedNames): { filterPlaces: string[]; filterActors: string[] } | null {
  const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((v) => v !== '');
  const filterPlaces = list(form.places);
  const filterActors = list(form.actors);
  if (filterPlaces.some((p) => !names.places.includes(p)) || filterActors.some((a) => !names.actors.includes(a))) return null;
  return { filterPlaces, filterActors };
}

type ShownSubscription = { minLevel: string; cadence: string; language: string; filterPlaces: string[]; filterActors: string[]; unsubscribedAt: Date | null; watchlist: { name: string } };

function preferencesView(s: ShownSubscription, names: WatchedNames, token: string, saved: boolean) {
  const chosen = (all: string[], selected: string[]) => all.map((value) => ({ value, label: value, selected: selected.includes(value) }));
  return {
    places: chosen(names.places, s.filterPlaces),
    actors: chosen(names.actors, s.filterActors),
    title: 'Your subscription',
    token,
    problem: null,
    watchlist: s.watchlist.name,
    saved,
    unsubscribed: s.unsubscribedAt !== null,
    levels: levelChoices(s.minLevel),
    cadences: choices(CADENCES, s.cadence),
    languages: choices(LANGUAGES, s.language),
  };
}
