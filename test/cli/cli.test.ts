// The `vigil` command as an operator runs it: child processes of bin/vigil.js (the compiled
// CLI; `npm test` builds it first), against feeds on a local HTTP server, on both databases.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, vigil, type VigilProcess } from '../helpers/cli.js';
import { REPO_CONFIG_DIR, writeTestConfig } from '../helpers/config.js';
import { readMigrations } from '../../src/db/index.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { startFeedServer, type FeedServer } from '../helpers/servers.js';
import { fixture } from '../helpers/stack.js';

const MIGRATIONS = readMigrations(MIGRATIONS_DIR).map((m) => m.name);

describe('vigil --help and --version', () => {
  it('lists every command with a one-line description', async () => {
    const { code, stdout } = await vigil(['--help']);
    expect(code).toBe(0);
    for (const command of ['run', 'migrate', 'poll', 'alerts', 'items', 'subscribers']) expect(stdout).toMatch(new RegExp(`^  ${command}\\b.* {2,}\\S`, 'm'));
    expect(stdout).toContain('--config <path>');
  });

  it('documents the options of a subcommand', async () => {
    const { code, stdout } = await vigil(['subscribers', 'add', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--watchlist <slug>');
    expect(stdout).toContain('--confirmed');
  });

  it('prints the version of package.json', async () => {
    const version = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;
    expect((await vigil(['--version'])).stdout.trim()).toBe(version);
  });

  it('refuses an unknown command with a hint, exit code 2', async () => {
    const { code, stderr } = await vigil(['pol']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'pol'");
    expect(stderr).toContain('vigil --help');
  });
});

describe.each(DATABASE_KINDS)('vigil commands on the $kind database', ({ kind, skip }) => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let config: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(kind);
    feeds = await startFeedServer({
      '/un.xml': { body: fixture('un-news-africa.rss.xml') },
      '/hrw.atom': { body: fixture('hrw-mali.atom.xml'), contentType: 'application/atom+xml' },
    });
    config = writeTestConfig({
      dir: db.dataDir,
      feeds: [
        { name: 'UN News — Africa', url: feeds.url('/un.xml'), publisher: 'UN News' },
        { name: 'HRW — Mali', url: feeds.url('/hrw.atom'), publisher: 'Human Rights Watch' },
      ],
    });
    env = db.url ? { DATABASE_URL: db.url } : {};
  });

  afterAll(async () => {
    if (skip) return;
    await feeds?.close();
    await db?.drop();
  });

  it.skipIf(skip)('asks for `vigil migrate` before anything reads a database that lacks migrations', async () => {
    const { code, stderr } = await vigil(['--config', config, 'alerts', 'list'], env);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^vigil: The .* lacks ${MIGRATIONS.length} migration\\(s\\) \\(first: \\d{14}_init\\)\\. Run \`vigil migrate\``));
  });

  it.skipIf(skip)('migrate applies the migrations, then finds nothing to do', async () => {
    const first = await vigil(['--config', config, 'migrate', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).applied).toEqual(MIGRATIONS);
    const second = await vigil(['--config', config, 'migrate'], env);
    expect(second.stdout).toMatch(/is up to date\.$/m);
  });

  it.skipIf(skip)('subscribers add checks the address and the watchlist, and says what was wrong', async () => {
    const bad = await vigil(['--config', config, 'subscribers', 'add', 'officer@', '--watchlist', 'central-mali'], env);
    expect(bad).toMatchObject({ code: 2, stderr: 'vigil: "officer@" is not a valid email address (expected something like name@example.org)\n' });
    const unknown = await vigil(['--config', config, 'subscribers', 'add', 'officer@ngo.example', '--watchlist', 'sahel'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`No watchlist "sahel" in the database's catalog (known: central-mali).`);

    const added = await vigil(['--config', config, 'subscribers', 'add', 'Officer@NGO.example', '--watchlist', 'central-mali', '--confirmed', '--json'], env);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ email: 'officer@ngo.example', watchlist: 'central-mali', minLevel: 'serious-concern', confirmed: true, created: true });
  });

  it.skipIf(skip)('poll runs one cycle, prints its summary, and writes the alert email to the outbox', async () => {
    const { code, stdout } = await vigil(['--config', config, 'poll', '--json'], env);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ feedsPolled: 2, feedsFailed: 0, newItems: 5, alertsCreated: 1, emailsQueued: 1, emails: { sent: 1 } });

    const outbox = join(db.dataDir, 'outbox');
    const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const mail = await simpleParser(readFileSync(join(outbox, files[0] as string)));
    expect(mail.subject).toMatch(/^\[Vigil\] CURRENT CRISIS: Ogossagou/);

    const again = await vigil(['--config', config, 'poll'], env);
    expect(again.stdout).toMatch(/^New items: +0$/m);
    expect(again.stdout).toMatch(/^Emails sent: +0$/m);
  });

  it.skipIf(skip)('alerts list --json prints the alerts in the documented shape', async () => {
    const { code, stdout } = await vigil(['--config', config, 'alerts', 'list', '--json'], env);
    expect(code).toBe(0);
    const alerts = JSON.parse(stdout) as Record<string, unknown>[];
    expect(alerts).toHaveLength(1);
    expect(Object.keys(alerts[0] ?? {})).toEqual(
      expect.arrayContaining(['id', 'level', 'title', 'eventDate', 'places', 'actors', 'killed', 'reasons', 'sources', 'revision']),
    );
    expect(alerts[0]).toMatchObject({ level: 'current-crisis', places: ['Ogossagou'], killed: { min: 37, max: 37 } });
    expect((alerts[0]?.sources as Record<string, unknown>[])[0]).toEqual(
      expect.objectContaining({ guid: expect.any(String), link: expect.any(String), publisher: 'Human Rights Watch', publishedAt: '2026-11-26T07:45:00.000Z' }),
    );
  });

  it.skipIf(skip)('alerts show prints one event as an analyst reads it, and names a missing id', async () => {
    const [alert] = JSON.parse((await vigil(['--config', config, 'alerts', 'list', '--json'], env)).stdout) as { id: number }[];
    const json = await vigil(['--config', config, 'alerts', 'show', String(alert?.id), '--json'], env);
    expect(json.code).toBe(0);
    const shown = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({
      id: alert?.id,
      level: 'current-crisis',
      perpetrators: ['Dozo militias'],
      killed: { min: 37, max: 37 },
      figures: [
        { figure: 'killed', count: { min: 37, max: 37, qualifier: 'at-least' }, evidence: 'killing at least 37 civilians', source: 'Human Rights Watch, 2026-11-26' },
        { figure: 'displaced', count: { min: 600, max: 600, qualifier: 'more-than' }, evidence: 'More than 600 villagers have fled', source: 'Human Rights Watch, 2026-11-26' },
      ],
      revisions: [{ revision: 1, level: 'current-crisis', notified: true, changes: ['first report'] }],
    });

    const human = await vigil(['--config', config, 'alerts', 'show', String(alert?.id)], env);
    expect(human.stdout).toMatch(/^#\d+ {2}CURRENT CRISIS {2}revision 1$/m);
    expect(human.stdout).toContain('Named as perpetrator: Dozo militias');
    expect(human.stdout).toMatch(/^ {2}- killed: at least 37, Human Rights Watch, 2026-11-26: “killing at least 37 civilians”$/m);
    expect(human.stdout).toMatch(/^ {2}1\. .* current-crisis \(mailed\): first report$/m);

    const missing = await vigil(['--config', config, 'alerts', 'show', '9999'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No alert #9999');
    const bad = await vigil(['--config', config, 'alerts', 'show', 'twelve'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('An alert id is a whole number such as 12 (got "twelve")');
  });

  it.skipIf(skip)('items list --json prints each item with its matches and signals', async () => {
    const { code, stdout } = await vigil(['--config', config, 'items', 'list', '--json'], env);
    expect(code).toBe(0);
    const items = JSON.parse(stdout) as { title: string; matches: { kind: string; name: string; alias: string; sentence: string }[]; signals: Record<string, unknown> }[];
    expect(items).toHaveLength(5);
    const hrw = items.find((i) => i.title.includes('Ogossagou'));
    expect(hrw?.matches).toContainEqual({
      kind: 'actor',
      name: 'Dozo militias',
      alias: 'Dozo Militia',
      sentence: 'Mali: Dozo Militia Kills Dozens of Fulani Villagers in Ogossagou',
    });
    expect(hrw?.signals).toMatchObject({ killed: 37, injured: null, abducted: null, homesBurned: null, displaced: 600 });
    const human = await vigil(['--config', config, 'items', 'list', '--matched'], env);
    expect(human.stdout).toMatch(/^#\d+ +2026-11-26 +HRW — Mali: Mali: Dozo Militia Kills Dozens/m);
  });

  it.skipIf(skip)('feeds list shows each feed’s health; feeds check reads a URL and stores nothing', async () => {
    const list = await vigil(['--config', config, 'feeds', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as Record<string, unknown>[];
    expect(rows.map((f) => [f.name, f.status, f.errorCount])).toEqual([
      ['UN News — Africa', 'ok', 0],
      ['HRW — Mali', 'ok', 0],
    ]);
    expect(rows[1]).toMatchObject({ itemsSeen: 2, lastStatus: 200, quarantined: [] });

    const items = (await vigil(['--config', config, 'items', 'list', '--json'], env)).stdout;
    const check = await vigil(['--config', config, 'feeds', 'check', feeds.url('/hrw.atom'), '--json'], env);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, status: 200, entries: [{ matches: expect.arrayContaining(['Ogossagou', 'Dozo militias']) }, { matches: ['Mali'] }] });
    expect((await vigil(['--config', config, 'items', 'list', '--json'], env)).stdout).toBe(items);

    const missing = await vigil(['--config', config, 'feeds', 'check', feeds.url('/nothing.xml')], env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('not readable (HTTP 404): HTTP 404 Not Found');
  });

  it.skipIf(skip)('poll exits 1 and says so when every feed polled failed', async () => {
    feeds.routes.set('/un.xml', { status: 500, body: 'down' });
    feeds.routes.set('/hrw.atom', { status: 500, body: 'down' });
    const poll = await vigil(['--config', config, 'poll'], env);
    expect(poll.code).toBe(1);
    expect(poll.stdout).toMatch(/^Feeds polled: +2 \(2 failed; see the log\)$/m);
    expect(poll.stderr).toContain('vigil: all 2 feeds polled failed; `vigil feeds list` shows each one\'s error.');
    const list = JSON.parse((await vigil(['--config', config, 'feeds', 'list', '--json'], env)).stdout) as Record<string, unknown>[];
    expect(list.map((f) => f.status)).toEqual(['failing', 'failing']);
  });
});

describe('vigil run on the embedded database', () => {
  let db: TestDatabase;
  let run: VigilProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('embedded');
  });
  afterAll(async () => {
    run?.child.kill('SIGKILL');
    await db.drop();
  });

  it('says first which config and risk rules are in force, migrates, serves the web app, lets other commands share its database, and stops cleanly on SIGTERM', async () => {
    const config = writeTestConfig({ dir: db.dataDir, feeds: [], risk: 'built-in' });
    run = startVigil(['--config', config, 'run']);
    const started = await run.waitForLog('Vigil is running');
    expect(run.logs[0]).toMatchObject({ msg: 'configuration loaded', config, risk: `built-in rules (${join(REPO_CONFIG_DIR, 'risk.yaml')})`, watchlists: ['central-mali'] });
    expect(run.logs.map((l) => l.msg)).toContain('migrations applied');
    expect(started).toMatchObject({ mail: `outbox folder ${join(db.dataDir, 'outbox')}`, watchlists: ['central-mali'] });
    expect(String(started.database)).toContain(join(db.dataDir, 'pglite'));

    const health = await fetch(`${String(started.web)}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect((await fetch(`${String(started.web)}/alerts`)).status).toBe(200);

    const alongside = await vigil(['--config', config, 'alerts', 'list', '--json']);
    expect(alongside.code).toBe(0);
    expect(JSON.parse(alongside.stdout)).toEqual([]);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.logs.map((l) => l.msg)).toContain('Vigil stopped');
  });
});
