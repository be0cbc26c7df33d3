// A subscription filtered by place or actor (`vigil subscribers add --place/--actor`): an event
// reaches it only when it happened at one of the places, or within one (Bankass cercle holds its
// villages), or names one of the actors. Subscribed through the CLI, polled for real, received
// through a real SMTP server on 127.0.0.1.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passesFilter } from '../../src/notify/filter.js';
import { mintToken } from '../../src/notify/links.js';
import { vigil } from '../helpers/cli.js';
import { recipientOf } from '../helpers/servers.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { WEB_FEEDS, pollWebFeeds } from '../web/fixtures.js';

describe('passesFilter', () => {
  const ogossagou = { places: [{ name: 'Ogossagou', within: ['Bankass cercle', 'Mopti region', 'Mali'] }], actors: ['Dan Na Ambassagou'] };
  it('passes every event without a filter', () => {
    expect(passesFilter({ filterPlaces: [], filterActors: [] }, ogossagou)).toBe(true);
  });
  it('passes an event at a place named, or within one, folding case and accents', () => {
    expect(passesFilter({ filterPlaces: ['ogossagou'], filterActors: [] }, ogossagou)).toBe(true);
    expect(passesFilter({ filterPlaces: ['Bankass Cercle'], filterActors: [] }, ogossagou)).toBe(true);
    expect(passesFilter({ filterPlaces: ['Ouémbé'], filterActors: [] }, ogossagou)).toBe(false);
  });
  it('passes an event naming an actor, places or actors either', () => {
    expect(passesFilter({ filterPlaces: [], filterActors: ['Dan Na Ambassagou'] }, ogossagou)).toBe(true);
    expect(passesFilter({ filterPlaces: ['Ouémbé'], filterActors: ['Dan Na Ambassagou'] }, ogossagou)).toBe(true);
    expect(passesFilter({ filterPlaces: ['Ouémbé'], filterActors: ['JNIM'] }, ogossagou)).toBe(false);
  });
});

describe('subscriptions filtered by place or actor', () => {
  let stack: Stack;
  let config: string;
  let env: Record<string, string>;
  const add = (email: string, ...filter: string[]) => vigil(['--config', config, 'subscribers', 'add', email, '--watchlist', 'central-mali', '--confirmed', '--by', 'test', ...filter], env);

  beforeAll(async () => {
    stack = await startStack(process.env.DATABASE_URL ? 'postgres' : 'embedded', WEB_FEEDS, {});
    config = join(stack.db.dataDir, 'vigil.yaml');
    env = stack.db.url ? { DATABASE_URL: stack.db.url } : {};
    for (const [email, ...filter] of [
      ['ogota@ngo.example', '--place', 'ogota'],
      ['cercle@ngo.example', '--place', 'Bankass cercle'],
      ['dozo@ngo.example', '--actor', 'Dozo militias'],
      ['all@ngo.example'],
    ] as const) {
      const added = await add(email, ...filter);
      expect(added.code, added.stderr).toBe(0);
    }
    await pollWebFeeds(stack);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('shows the filter in `subscribers list`, under the watchlist’s own names', async () => {
    const listed = await vigil(['--config', config, 'subscribers', 'list'], env);
    expect(listed.stdout).toMatch(/ogota@ngo\.example .* only Ogota \(active\)/);
    expect(listed.stdout).toMatch(/dozo@ngo\.example .* only Dozo militias \(active\)/);
  });

  it('refuses a place or actor the watchlist does not have, naming the option (exit 2)', async () => {
    const unknown = await add('x@ngo.example', '--place', 'Atlantis');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--place: no watched place named "Atlantis" in central-mali');
    expect((await add('y@ngo.example', '--actor', 'Nobody')).stderr).toContain('--actor: no watched actor named "Nobody"');
  });

  it('lets the subscriber choose the filter on the preferences page, and clear it', async () => {
    const db = stack.app.db.prisma;
    const subscription = await db.subscription.findFirstOrThrow({ where: { subscriber: { email: 'all@ngo.example' } }, select: { id: true } });
    const url = `/preferences/${await mintToken(db, subscription.id, 'manage', new Date())}`;
    const page = await stack.web.inject({ method: 'GET', url });
    expect(page.body).toMatch(/<select name="places" multiple[^>]*>.*<option value="Bankass cercle">/s);
    expect(page.body).toContain('<option value="Dozo militias">');
    const cookie = (Array.isArray(page.headers['set-cookie']) ? page.headers['set-cookie'] : [page.headers['set-cookie'] ?? '']).map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const post = (fields: [string, string][]) =>
      stack.web.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, payload: new URLSearchParams([...fields, ['_csrf', csrf]]).toString() });
    const filterOf = () => db.subscription.findUniqueOrThrow({ where: { id: subscription.id }, select: { filterPlaces: true, filterActors: true } });

    expect((await post([['minLevel', 'serious-concern'], ['places', 'Ogota'], ['places', 'Ouémbé'], ['actors', 'JNIM']])).statusCode).toBe(200);
    expect(await filterOf()).toEqual({ filterPlaces: ['Ogota', 'Ouémbé'], filterActors: ['JNIM'] });
    expect((await post([['places', 'Atlantis']])).statusCode).toBe(400);
    expect(await filterOf()).toEqual({ filterPlaces: ['Ogota', 'Ouémbé'], filterActors: ['JNIM'] });
    expect((await post([['minLevel', 'serious-concern']])).statusCode).toBe(200);
    expect(await filterOf()).toEqual({ filterPlaces: [], filterActors: [] });
  });

  it('mails each event only to the subscriptions it passes', async () => {
    const events = await stack.app.db.prisma.alert.findMany({ select: { title: true, places: { select: { place: { select: { name: true } } } } } });
    expect(events).toHaveLength(3);
    const delivered = await stack.app.db.prisma.delivery.count({ where: { kind: 'alert' } });
    await stack.mail.waitFor(delivered, 20_000);
    const received = (email: string) =>
      stack.mail.messages
        .filter((m) => recipientOf(m) === email)
        .map((m) => /(Ogossagou|Ogota|Bankass)/.exec(m.subject ?? '')?.[1])
        .sort();
    expect(received('ogota@ngo.example')).toEqual(['Ogota']);
    expect(received('cercle@ngo.example')).toEqual(['Bankass', 'Ogossagou', 'Ogota']);
    expect(received('dozo@ngo.example')).toEqual(['Ogossagou']);
    expect(received('all@ngo.example')).toEqual(['Bankass', 'Ogossagou', 'Ogota']);
  });
});
