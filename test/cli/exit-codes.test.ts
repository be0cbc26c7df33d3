// The exit codes of README ("The command line"), command by command: 0 done, 1 failed, 2
// invalid input, and never a stack trace for a mistake of the operator's. None of these needs
// a database: every refusal here comes before one is opened.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-exit-codes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const good = writeTestConfig({ dir, feeds: [{ name: 'HRW — Mali', url: 'https://example.org/mali/rss.xml', publisher: 'Human Rights Watch' }], risk: 'built-in' });
const bad = join(dir, 'bad.yaml');
writeFileSync(bad, 'schedule: "every ten minutes"\nfeeds:\n  - name: X\n    url: ftp://example.org/feed\n    publisher: X\nmail:\n  smtpUrl: "smtp://u:p@@host:nope"\n');

const COMMANDS = [['run'], ['migrate'], ['sync'], ['poll'], ['rematch'], ['feeds', 'list'], ['feeds', 'check', 'https://example.org/feed.xml'], ['feeds', 'import', 'reader.opml'], ['feeds', 'enable', '1'], ['alerts', 'list'], ['alerts', 'show', '1'], ['items', 'list'], ['subscribers', 'add', 'officer@ngo.example', '--watchlist', 'central-mali'], ['subscribers', 'list'], ['subscribers', 'show', '1'], ['subscribers', 'remove', '1'], ['subscribers', 'export'], ['deliveries', 'list'], ['deliveries', 'retry', '--failed'], ['config', 'check'], ['watchlists', 'list'], ['watchlists', 'show', 'central-mali'], ['watchlists', 'test', 'central-mali', 'Ogossagou'], ['watchlists', 'import', 'central-mali', 'places.csv'], ['watchlists', 'export', 'central-mali', '--format', 'csv']];

describe('exit code 2: invalid input', () => {
  it.each(COMMANDS.map((c) => [c.join(' '), c]))('%s with an option it does not know', async (_name, command) => {
    const { code, stderr } = await vigil(['--config', good, ...command, '--frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toContain("error: unknown option '--frobnicate'");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each(COMMANDS.map((c) => [c.join(' '), c]))('%s with a config that does not validate, every problem listed', async (_name, command) => {
    const { code, stderr } = await vigil(['--config', bad, ...command]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vigil: The configuration \(.*bad\.yaml\) has 3 problems:\n/);
    expect(stderr).toMatch(/bad\.yaml:1:11: schedule: is not a valid cron expression/);
    expect(stderr).toMatch(/bad\.yaml:4:10: feeds\[0\]\.url: must be an http\(s\) URL/);
    expect(stderr).toMatch(/bad\.yaml:7:12: mail\.smtpUrl: must be an SMTP URL/);
    expect(stderr).not.toContain('unexpected error');
  });

  it.each([
    ['an unknown command', ['pol'], "unknown command 'pol'"],
    ['no command at all', [], 'Usage: vigil'],
    ['a missing argument', ['subscribers', 'add', '--watchlist', 'central-mali'], 'Give an email address, or --webhook URL'],
    ['a limit that is not a number', ['alerts', 'list', '--limit', 'ten'], "option '--limit <n>' argument 'ten' is invalid"],
    ['days that are not a number', ['rematch', '--days', 'many'], "option '--days <n>' argument 'many' is invalid"],
    ['an email address that is not one', ['subscribers', 'add', 'officer@', '--watchlist', 'central-mali'], '"officer@" is not a valid email address'],
    ['a level that does not exist', ['subscribers', 'add', 'a@ngo.example', '--watchlist', 'central-mali', '--min-level', 'high'], '--min-level must be one of'],
    ['a cadence that does not exist', ['subscribers', 'add', 'a@ngo.example', '--watchlist', 'central-mali', '--cadence', 'hourly'], "argument 'hourly' is invalid"],
    ['a delivery status that does not exist', ['deliveries', 'list', '--status', 'lost'], "argument 'lost' is invalid"],
    ['a retry of nothing', ['deliveries', 'retry'], 'Give either a delivery id or --failed'],
    ['a delivery id that is not one', ['deliveries', 'retry', 'seven'], 'A delivery id is a whole number'],
    ['a config file that does not exist', ['--config', join(dir, 'nowhere.yaml'), 'poll'], 'nowhere.yaml: file not found'],
  ])('%s', async (_name, args, message) => {
    const { code, stderr } = await vigil(args[0] === '--config' ? args : ['--config', good, ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe('exit code 1: failed', () => {
  it('names the database it cannot reach, and what to check', async () => {
    const { code, stderr } = await vigil(['--config', good, 'alerts', 'list'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/vigil' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^vigil: Cannot connect to the PostgreSQL database 127\.0\.0\.1:1\/vigil: .*ECONNREFUSED/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('vigil config check', () => {
  it('says what a valid configuration will do, exit 0, without touching a database', async () => {
    // A database URL nobody answers: config check must not try it.
    const { code, stdout } = await vigil(['--config', good, 'config', 'check'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/vigil' });
    expect(code).toBe(0);
    expect(stdout).toContain(`${good} is valid.`);
    expect(stdout).toMatch(/^Feeds: +1 enabled$/m);
    expect(stdout).toMatch(/^Watchlist: +central-mali \(\d+ places, \d+ actors\)/m);
    expect(stdout).toMatch(/^Risk rules: +built-in \(.*config\/risk\.yaml\)$/m);
    expect(stdout).toMatch(/^Database: +PostgreSQL database 127\.0\.0\.1:1\/vigil$/m);
  });

  it('prints the same as JSON for scripts', async () => {
    const { code, stdout } = await vigil(['--config', good, 'config', 'check', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, file: good, feeds: { enabled: 1, disabled: 0 }, risk: { kind: 'built-in' }, watchlists: [{ slug: 'central-mali' }] });
  });

  it('lists every problem as JSON, exit 2, and nothing on stderr', async () => {
    const { code, stdout, stderr } = await vigil(['--config', bad, 'config', 'check', '--json']);
    expect(code).toBe(2);
    expect(stderr).toBe('');
    const answer = JSON.parse(stdout) as { ok: boolean; problems: string[] };
    expect(answer.ok).toBe(false);
    expect(answer.problems).toHaveLength(3);
    expect(answer.problems[0]).toMatch(/bad\.yaml:1:11: schedule:/);
  });

  it('accepts a schedule faster than a minute only with --allow-fast-schedule', async () => {
    const fastDir = mkdtempSync(join(dir, 'fast-'));
    const fast = writeTestConfig({ dir: fastDir, feeds: [] });
    appendFileSync(fast, 'schedule: "*/5 * * * * *"\n');
    const refused = await vigil(['--config', fast, 'config', 'check']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('polls more than once a minute');
    const allowed = await vigil(['--config', fast, '--allow-fast-schedule', 'config', 'check']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/^Schedule: +\*\/5 \* \* \* \* \*$/m);
  });
});
