// Editing a watchlist while `vigil run` runs: a valid edit is synced and the stored items are
// matched again within seconds, without a restart (an item stored earlier that names the new
// alias shows the match in `vigil items list`); an invalid edit is reported with every problem,
// its file and line, and the watchlists in force stay; SIGHUP reloads too.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, vigil, type VigilProcess } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { rssFeed } from '../helpers/feeds.js';
import { startFeedServer, type FeedServer } from '../helpers/servers.js';

const postgres = DATABASE_KINDS.find((k) => k.kind === 'postgres');

const watchlistYaml = (sobaneAliases: string) => `slug: test-mali
name: Test Mali
places:
  - name: Bankass cercle
    kind: cercle
    within: [Mali]
  - name: Mali
    kind: country
  - name: Sobane Da
    kind: village
    aliases: [${sobaneAliases}]
    within: [Bankass cercle, Mali]
`;

describe.skipIf(postgres?.skip ?? true)('reloading watchlists while running', () => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let config: string;
  let watchlistFile: string;
  let env: Record<string, string>;
  let running: VigilProcess;

  const itemMatches = async (): Promise<string[]> => {
    const listed = await vigil(['--config', config, 'items', 'list', '--json'], env);
    const items = JSON.parse(listed.stdout) as { guid: string; matches: { name: string; alias: string }[] }[];
    return items.find((i) => i.guid === 'sobane-kou')?.matches.map((m) => `${m.name}=${m.alias}`) ?? [];
  };
  const nextLog = async (msg: string, after: number, timeoutMs = 10_000): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = running.logs.slice(after).find((l) => l.msg === msg);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no "${msg}" within ${timeoutMs} ms: ${JSON.stringify(running.logs.slice(after))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    feeds = await startFeedServer();
    const body = rssFeed([{ guid: 'sobane-kou', title: 'Attack in Sobane Kou', pubDate: new Date().toUTCString(), description: 'Gunmen attacked Sobane Kou on Sunday, killing 12 villagers.' }]);
    feeds.routes.set('/feed.xml', { body });
    mkdirSync(join(db.dataDir, 'watchlists'));
    watchlistFile = join(db.dataDir, 'watchlists', 'test-mali.yaml');
    writeFileSync(watchlistFile, watchlistYaml(''));
    config = writeTestConfig({ dir: db.dataDir, feeds: [{ name: 'Feed', url: feeds.url('/feed.xml'), publisher: 'OCHA' }], watchlists: [join(db.dataDir, 'watchlists', '*.yaml')] });
    env = { DATABASE_URL: db.url as string };
    expect((await vigil(['--config', config, 'migrate'], env)).code).toBe(0);
    running = startVigil(['--config', config, 'run'], env);
    await running.waitForLog('poll cycle finished');
  });

  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await feeds?.close();
    await db?.drop();
  });

  it('stored the item before the alias existed, matching nothing', async () => {
    expect(await itemMatches()).toEqual([]);
  });

  it('matches the stored item within 10 s of an edit adding the alias, without a restart', async () => {
    const from = running.logs.length;
    const edited = Date.now();
    writeFileSync(watchlistFile, watchlistYaml('Sobane Kou'));
    const rematched = await nextLog('items re-matched with the reloaded watchlists', from);
    // Named in the title and in the text: a match in each.
    expect(rematched).toMatchObject({ itemsChanged: 1, matchesAdded: 2 });
    expect(await itemMatches()).toEqual(['Sobane Da=Sobane Kou', 'Sobane Da=Sobane Kou']);
    expect(Date.now() - edited).toBeLessThan(10_000);
    const alerts = JSON.parse((await vigil(['--config', config, 'alerts', 'list', '--json'], env)).stdout) as { places: string[] }[];
    expect(alerts.map((a) => a.places)).toEqual([['Sobane Da']]);
  });

  it('reports every problem of an invalid edit with its file and line, and keeps the watchlists in force', async () => {
    const from = running.logs.length;
    writeFileSync(watchlistFile, `${watchlistYaml('Sobane Kou')}  - name: Ogota\n    kind: planet\n  - kind: village\n`);
    const refused = await nextLog('the config changed but is not valid: nothing of it is applied; the feeds and watchlists in force stay', from);
    const message = JSON.stringify(refused.error);
    expect(message).toContain('test-mali.yaml:14');
    expect(message).toContain('test-mali.yaml:15');
    expect(running.child.exitCode).toBeNull();
    // The CLI would refuse the invalid config too: read what the database holds.
    const client = new pg.Client({ connectionString: db.url as string });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; aliases: string[] }>('SELECT name, aliases FROM place WHERE retired_at IS NULL ORDER BY name');
      expect(rows).toEqual([
        { name: 'Bankass cercle', aliases: [] },
        { name: 'Mali', aliases: [] },
        { name: 'Sobane Da', aliases: ['Sobane Kou'] },
      ]);
    } finally {
      await client.end();
    }
  });

  it('reloads on SIGHUP', async () => {
    writeFileSync(watchlistFile, watchlistYaml('Sobane Kou'));
    await new Promise((r) => setTimeout(r, 1_000));
    const from = running.logs.length;
    running.child.kill('SIGHUP');
    await nextLog('SIGHUP: reloading the config', from);
    expect(running.child.exitCode).toBeNull();
  });

  it('re-matches on demand with `vigil rematch`, which finds nothing more to change', async () => {
    const { code, stdout } = await vigil(['--config', config, 'rematch', '--days', '7', '--json'], env);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ itemsScanned: 1, itemsChanged: 0, eventsWithdrawn: [] });
  });
});
