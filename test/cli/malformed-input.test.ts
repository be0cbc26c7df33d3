// Every command given what an operator mistypes: a bad address, an id that is not one, a name
// that does not exist, negative and huge numbers, a file that is missing, binary or empty. Each
// answers exit 2 (README, "The command line") with one line on stderr that names the argument or
// option, and never a stack trace. The built bin as a child process, on a migrated database of
// each kind (the embedded one, and PostgreSQL when DATABASE_URL is set).
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vigil, type CliResult } from '../helpers/cli.js';
import { REPO_CONFIG_DIR, writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
let run: (...args: string[]) => Promise<CliResult>;
const file = (name: string) => join(db.dataDir, name);

// [what, arguments, what stderr must say (the field or argument, and why)]
const CASES: [string, string[], RegExp][] = [
  ['subscribers add: an address without a domain', ['subscribers', 'add', 'officer@', '--watchlist', 'central-mali'], /"officer@" is not a valid email address/],
  ['subscribers add: no @ at all', ['subscribers', 'add', 'officer.ngo.example', '--watchlist', 'central-mali'], /"officer\.ngo\.example" is not a valid email address/],
  ['subscribers add: two addresses', ['subscribers', 'add', 'a@ngo.example,b@ngo.example', '--watchlist', 'central-mali'], /not a valid email address/],
  ['subscribers add: a huge address', ['subscribers', 'add', `${'a'.repeat(5000)}@ngo.example`, '--watchlist', 'central-mali'], /"a{80}…" is not a valid email address/],
  ['subscribers add: an unknown watchlist', ['subscribers', 'add', 'officer@ngo.example', '--watchlist', 'nowhere'], /No watchlist "nowhere"/],
  ['subscribers add: an unknown level', ['subscribers', 'add', 'officer@ngo.example', '--watchlist', 'central-mali', '--min-level', 'high'], /--min-level must be one of/],
  ['subscribers add: an unknown language', ['subscribers', 'add', 'officer@ngo.example', '--watchlist', 'central-mali', '--language', 'xx'], /option '--language <language>' argument 'xx' is invalid/],
  ['subscribers show: an unknown id', ['subscribers', 'show', '999999'], /No subscriber "999999"/],
  ['subscribers show: a huge id', ['subscribers', 'show', '99999999999999999999999'], /subscriber "99999999999999999999999"/],
  ['subscribers show: a negative id', ['subscribers', 'show', '--', '-1'], /subscriber "-1"/],
  ['subscribers remove: an unknown address', ['subscribers', 'remove', 'nobody@ngo.example'], /No subscriber "nobody@ngo\.example"/],
  ['subscribers remove: garbage', ['subscribers', 'remove', '\u0007\u001b[2J'], /No subscriber/],
  ['deliveries retry: zero', ['deliveries', 'retry', '0'], /A delivery id is a whole number such as 12 \(got "0"\)/],
  ['deliveries retry: a negative id', ['deliveries', 'retry', '--', '-3'], /A delivery id is a whole number such as 12 \(got "-3"\)/],
  ['deliveries retry: a huge id', ['deliveries', 'retry', '99999999999999999999'], /A delivery id is a whole number/],
  ['deliveries retry: a fraction', ['deliveries', 'retry', '1.5'], /A delivery id is a whole number/],
  ['deliveries retry: an unknown id', ['deliveries', 'retry', '424242'], /No delivery #424242/],
  ['deliveries list: a negative limit', ['deliveries', 'list', '--limit', '-1'], /option '--limit <n>' argument '-1' is invalid/],
  ['alerts show: not a number', ['alerts', 'show', 'abc'], /An alert id is a whole number such as 12 \(got "abc"\)/],
  ['alerts show: a huge id', ['alerts', 'show', '1e400'], /An alert id is a whole number/],
  ['alerts show: an unknown id', ['alerts', 'show', '777777'], /No alert #777777/],
  ['alerts list: a zero limit', ['alerts', 'list', '--limit', '0'], /option '--limit <n>' argument '0' is invalid/],
  ['alerts list: a huge limit', ['alerts', 'list', '--limit', '1e400'], /option '--limit <n>' argument '1e400' is invalid/],
  ['alerts list: an unknown watchlist', ['alerts', 'list', '--watchlist', 'nowhere'], /--watchlist: no watchlist "nowhere"/],
  ['items list: a negative limit', ['items', 'list', '--limit', '-5'], /option '--limit <n>' argument '-5' is invalid/],
  ['rematch: negative days', ['rematch', '--days', '-1'], /option '--days <n>' argument '-1' is invalid/],
  ['rematch: a fraction of a day', ['rematch', '--days', '0.5'], /option '--days <n>' argument '0\.5' is invalid/],
  ['rematch: more days than dates hold', ['rematch', '--days', '999999999999'], /option '--days <n>' argument '999999999999' is invalid\. must be a whole number of days from 1 to 36500/],
  ['feeds import: a file that does not exist', ['feeds', 'import', '/nonexistent/reader.opml'], /Cannot read \/nonexistent\/reader\.opml: .*ENOENT/],
  ['feeds import: an empty file', ['feeds', 'import', 'FILE:empty.opml'], /empty\.opml: /],
  ['feeds import: a binary file', ['feeds', 'import', 'FILE:binary.bin'], /binary\.bin: /],
  ['feeds import: not OPML', ['feeds', 'import', 'FILE:not-opml.opml'], /not-opml\.opml: /],
  ['feeds enable: an unknown feed', ['feeds', 'enable', 'No such feed'], /No feed "No such feed"/],
  ['feeds check: not a URL', ['feeds', 'check', 'not a url'], /<url>: not an http\(s\) URL: not a url/],
  ['feeds check: an ftp URL', ['feeds', 'check', 'ftp://example.org/feed.xml'], /not an http\(s\) URL: ftp:\/\/example\.org\/feed\.xml/],
  ['watchlists show: an unknown watchlist', ['watchlists', 'show', 'nowhere'], /No watchlist "nowhere"/],
  ['watchlists test: an unknown watchlist', ['watchlists', 'test', 'nowhere', 'Ogossagou'], /No watchlist "nowhere"/],
  ['watchlists export: an unknown watchlist', ['watchlists', 'export', 'nowhere', '--format', 'csv'], /No watchlist "nowhere"/],
  ['watchlists export: an unknown format', ['watchlists', 'export', 'central-mali', '--format', 'xml'], /option '--format <format>' argument 'xml' is invalid/],
  ['watchlists import: a file that does not exist', ['watchlists', 'import', 'central-mali', '/nonexistent/places.csv'], /\/nonexistent\/places\.csv/],
  ['watchlists import: an empty file', ['watchlists', 'import', 'central-mali', 'FILE:empty.csv'], /empty\.csv/],
  ['watchlists import: a binary file', ['watchlists', 'import', 'central-mali', 'FILE:binary.bin', '--name-column', 'name'], /binary\.bin/],
  ['watchlists import: a bad slug', ['watchlists', 'import', '../../etc', 'FILE:empty.csv'], /<slug>: "\.\.\/\.\.\/etc" is not a watchlist slug/],
];

describe.each(DATABASE_KINDS)('every command given malformed input, on the $kind database', ({ kind, skip }) => {
  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(kind);
    // A copy of the shipped watchlists: an import that went wrong must not touch the repository's.
    mkdirSync(file('watchlists'));
    cpSync(join(REPO_CONFIG_DIR, 'watchlists', 'central-mali.yaml'), file('watchlists/central-mali.yaml'));
    const config = writeTestConfig({ dir: db.dataDir, feeds: [{ name: 'HRW — Mali', url: 'https://example.org/mali/rss.xml', publisher: 'Human Rights Watch' }], watchlists: [file('watchlists/*.yaml')] });
    writeFileSync(file('empty.opml'), '');
    writeFileSync(file('empty.csv'), '');
    writeFileSync(file('binary.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(file('not-opml.opml'), '<html><body>hello</body></html>');
    run = (...args) => vigil(['--config', config, ...args], db.url ? { DATABASE_URL: db.url } : {});
    const migrated = await run('migrate');
    expect(migrated.code, migrated.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    if (!skip) await db?.drop();
  });

  it.skipIf(skip).each(CASES)('%s: exit 2, one line naming it, no stack', async (_what, args, message) => {
    const { code, stdout, stderr } = await run(...args.map((a) => (a.startsWith('FILE:') ? file(a.slice(5)) : a)));
    const where = `stdout: ${stdout}\nstderr: ${stderr}`;
    expect(stderr, where).toMatch(message);
    expect(code, where).toBe(2);
    expect(stderr, where).not.toMatch(/\n\s+at |unexpected error/);
    // One line, or commander's usage hint after it.
    expect(stderr.trim().split('\n').filter((l) => !l.startsWith('(run vigil --help')).length, where).toBe(1);
  });
});
