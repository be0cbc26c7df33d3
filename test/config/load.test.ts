// Configuration: the shipped files load; the environment wins over the files; and every kind
// of mistake is reported at once, each with its file, line and column and what arrived.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { VigilError } from '../../src/errors.js';
import { REPO_CONFIG_DIR } from '../helpers/config.js';

const SHIPPED = join(REPO_CONFIG_DIR, 'vigil.yaml');
const RISK = join(REPO_CONFIG_DIR, 'risk.yaml');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Writes files into a fresh folder; returns the path of vigil.yaml there. */
function files(contents: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(contents)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return join(dir, 'vigil.yaml');
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(VigilError);
    expect((error as VigilError).code).toBe('VIGIL_CONFIG_INVALID');
    return [...(error as VigilError).problems];
  }
  throw new Error('expected the configuration to be refused');
}

// Each level repeats the one before nine times: 9^7 strings once expanded.
const BILLION_LAUGHS = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefg'.split('').map((k, i) => {
  const prev = 'abcdefg'[i] ?? 'a';
  return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`;
})].join('\n') + '\n';

const WATCHLIST = `slug: test
name: Test
places:
  - name: Ogossagou
    kind: village
    within: [Bankass cercle, Mali]
  - name: Bankass cercle
    kind: cercle
    within: [Mali]
  - name: Mali
    kind: country
actors:
  - name: JNIM
    aliases: [GSIM]
`;

describe('the shipped configuration', () => {
  const config = loadConfig({ path: SHIPPED, env: {} });

  it('loads the central-Mali watchlist with its villages, actors and their aliases', () => {
    const mali = config.watchlists.find((w) => w.slug === 'central-mali');
    const places = mali?.places.map((p) => p.name) ?? [];
    for (const village of ['Gouari', 'Djimdo', 'Pangadougou', 'Dialaikanda', 'Ogota', 'Ouémbé', 'Ogossagou', 'Diallassagou', 'Kalala', 'Boura']) {
      expect(places).toContain(village);
    }
    const jnim = mali?.actors.find((a) => a.name === 'JNIM');
    expect(jnim?.aliases).toEqual(expect.arrayContaining(['GSIM', "Jama'at Nusrat al-Islam wal-Muslimin"]));
    expect(mali?.actors.map((a) => a.name)).toEqual(expect.arrayContaining(['Katiba Macina', 'Dan Na Ambassagou', 'Dozo militias']));
    expect(mali?.recommendedActions).toBeTruthy();
  });

  it('loads a catalog of NGO and UN feeds and the risk rules', () => {
    expect(config.feeds.length).toBeGreaterThanOrEqual(10);
    expect(config.feeds.map((f) => f.url)).toContain('https://reliefweb.int/country/mli/rss.xml');
    expect(config.risk.levels['current-crisis'].killedAtLeast).toBe(10);
  });

  it('fills defaults and freezes the result', () => {
    expect(config).toMatchObject({ schedule: '*/10 * * * *', databaseUrl: null, web: { port: 8080, host: '127.0.0.1', baseUrl: 'http://localhost:8080' } });
    expect(config.mail.smtpUrl).toBeNull();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.watchlists[0]?.places[0])).toBe(true);
  });
});

describe('environment overrides', () => {
  it('lets DATABASE_URL, SMTP_URL, PORT, HOST, VIGIL_BASE_URL, VIGIL_DATA_DIR and LOG_LEVEL win over the files', () => {
    const config = loadConfig({
      path: SHIPPED,
      env: {
        DATABASE_URL: 'postgresql://vigil@db:5432/vigil',
        SMTP_URL: 'smtp://mail:1025',
        PORT: '9090',
        HOST: '0.0.0.0',
        VIGIL_BASE_URL: 'https://vigil.example.org/',
        VIGIL_DATA_DIR: '/var/lib/vigil',
        LOG_LEVEL: 'debug',
      },
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgresql://vigil@db:5432/vigil',
      dataDir: '/var/lib/vigil',
      logLevel: 'debug',
      mail: { smtpUrl: 'smtp://mail:1025', outboxDir: '/var/lib/vigil/outbox' },
      web: { port: 9090, host: '0.0.0.0', baseUrl: 'https://vigil.example.org' },
    });
  });

  it('picks the file named by VIGIL_CONFIG', () => {
    const path = files({ 'vigil.yaml': `feeds: []\nrisk: ${RISK}\nschedule: "0 * * * *"\n`, 'watchlists/test.yaml': WATCHLIST });
    expect(loadConfig({ env: { VIGIL_CONFIG: path } }).schedule).toBe('0 * * * *');
  });

  it('refuses a bad value, naming the variable, and never echoes a URL that may hold a password', () => {
    const problems = problemsOf(() => loadConfig({ path: SHIPPED, env: { PORT: 'eighty', DATABASE_URL: 'mysql://root:secret@db/vigil' } }));
    expect(problems.sort()).toEqual([
      'environment variable DATABASE_URL: must be a PostgreSQL URL such as postgresql://user:pass@host:5432/vigil',
      'environment variable PORT: must be a port number (got "eighty")',
    ]);
    expect(problems.join()).not.toContain('secret');
  });

  it('reads DATABASE_URL, SMTP_URL and VIGIL_ADMIN_TOKEN from the files named by *_FILE, as Docker secrets mount them', () => {
    const secrets = files({ 'db': 'postgresql://vigil:s3cret@db:5432/vigil\n', 'smtp': 'smtp://user:pw@mail:587', 'admin': 'a-long-enough-admin-token-0123\n' });
    const dir = join(secrets, '..');
    const env = { DATABASE_URL_FILE: join(dir, 'db'), SMTP_URL_FILE: join(dir, 'smtp'), VIGIL_ADMIN_TOKEN_FILE: join(dir, 'admin'), VIGIL_BASE_URL: 'https://vigil.example.org' };
    const config = loadConfig({ path: SHIPPED, env });
    expect(config).toMatchObject({ databaseUrl: 'postgresql://vigil:s3cret@db:5432/vigil', mail: { smtpUrl: 'smtp://user:pw@mail:587' }, web: { adminToken: 'a-long-enough-admin-token-0123' } });
  });

  it('refuses a *_FILE it cannot read, an empty one, or one set beside its variable, naming each', () => {
    const dir = join(files({ empty: '\n' }), '..');
    const problems = problemsOf(() =>
      loadConfig({ path: SHIPPED, env: { DATABASE_URL_FILE: join(dir, 'missing'), SMTP_URL_FILE: join(dir, 'empty'), VIGIL_ADMIN_TOKEN: 'a-long-enough-admin-token-0123', VIGIL_ADMIN_TOKEN_FILE: join(dir, 'empty') } }),
    );
    expect(problems.sort()).toEqual([
      expect.stringMatching(/^environment variable DATABASE_URL_FILE: cannot read .*missing \(.*no such file/i),
      `environment variable SMTP_URL_FILE: the file ${join(dir, 'empty')} is empty`,
      'environment variables VIGIL_ADMIN_TOKEN and VIGIL_ADMIN_TOKEN_FILE are both set: keep one',
    ]);
  });

  it('warns when emails would go out through SMTP carrying localhost links', () => {
    const warned = loadConfig({ path: SHIPPED, env: { SMTP_URL: 'smtp://mail.example.org:587' } }).warnings.map((w) => w.message);
    expect(warned).toEqual(expect.arrayContaining([expect.stringMatching(/^emails go out through SMTP but web\.baseUrl is unset, so http:\/\/localhost:PORT: .*Set VIGIL_BASE_URL/)]));
    const public_ = loadConfig({ path: SHIPPED, env: { SMTP_URL: 'smtp://mail.example.org:587', VIGIL_BASE_URL: 'https://vigil.example.org' } });
    expect(public_.warnings.map((w) => w.message).join()).not.toContain('localhost');
    // Without SMTP the emails are .eml files on this machine: localhost links are right there.
    expect(loadConfig({ path: SHIPPED, env: {} }).warnings.map((w) => w.message).join()).not.toContain('localhost');
  });
});

describe('mistakes in the files', () => {
  it.each([
    ['an unknown key, with its line', 'schedul: "*/5 * * * *"\n', /^.*vigil\.yaml:1:1: Unrecognized key: "schedul"$/],
    ['a cron expression that cannot run', 'schedule: "every ten minutes"\n', /vigil\.yaml:1:11: schedule: is not a valid cron expression .*\(got "every ten minutes"\)/],
    ['a port out of range', 'web:\n  port: 70000\n', /vigil\.yaml:2:9: web\.port: Too big: expected number to be <=65535 \(got 70000\)/],
    ['a feed URL that is not http(s)', 'feeds:\n  - name: X\n    url: ftp://example.org/feed\n    publisher: X\n', /vigil\.yaml:3:10: feeds\[0\]\.url: must be an http\(s\) URL \(got "ftp:\/\/example.org\/feed"\)/],
    ['a feed without a publisher', 'feeds:\n  - name: X\n    url: https://example.org/feed\n', /vigil\.yaml:2:5: feeds\[0\]\.publisher: is required$/],
    ['YAML that does not parse', 'feeds: [\n', /vigil\.yaml:2:1: invalid YAML: /],
    ['a key given twice', 'logLevel: info\nlogLevel: debug\n', /vigil\.yaml:2:1: invalid YAML: Map keys must be unique/],
    ['an SMTP URL that is not one, its password hidden', 'mail:\n  smtpUrl: "smtp://vigil:s3cret@mail.example.org:bad"\n', /vigil\.yaml:2:12: mail\.smtpUrl: must be an SMTP URL such as .* \(got "smtp:\/\/vigil:\*\*\*@mail\.example\.org:bad"\)$/],
    ['a database URL of another kind of server', 'database:\n  url: "mysql://root@db/vigil"\n', /vigil\.yaml:2:8: database\.url: must be a PostgreSQL URL/],
    ['a schedule that polls every second', 'schedule: "* * * * * *"\n', /vigil\.yaml:1:11: schedule: "\* \* \* \* \* \*" polls more than once a minute; .*--allow-fast-schedule/],
    ['a schedule that polls every 30 seconds', 'schedule: "*/30 * * * * *"\n', /polls more than once a minute/],
    ['YAML whose aliases expand without end (a "billion laughs")', BILLION_LAUGHS, /vigil\.yaml:1:1: invalid YAML: Excessive alias count/],
  ])('%s', (_name, text, message) => {
    const rest = `${text.includes('feeds') ? '' : 'feeds: []\n'}risk: ${RISK}\n`;
    const path = files({ 'vigil.yaml': text.endsWith('[\n') ? text : `${text}${rest}`, 'watchlists/test.yaml': WATCHLIST });
    const problems = problemsOf(() => loadConfig({ path, env: {} }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('reports a watchlist mistake with the watchlist file and line', () => {
    const path = files({
      'vigil.yaml': `feeds: []\nrisk: ${RISK}\n`,
      'watchlists/test.yaml': 'slug: test\nname: Test\nplaces:\n  - name: Ogota\n    kind: hamlet\n',
    });
    expect(problemsOf(() => loadConfig({ path, env: {} }))).toEqual([
      expect.stringMatching(/watchlists\/test\.yaml:5:11: places\[0\]\.kind: Invalid option: expected one of "village"\|"town".* \(got "hamlet"\)$/),
    ]);
  });

  it('refuses an alias that two places answer to, however it is accented or cased', () => {
    const path = files({
      'vigil.yaml': `feeds: []\nrisk: ${RISK}\n`,
      'watchlists/test.yaml': 'slug: test\nname: Test\nplaces:\n  - name: Ouémbé\n    kind: village\n  - name: Wembe\n    kind: village\n    aliases: [OUEMBE]\n',
    });
    expect(problemsOf(() => loadConfig({ path, env: {} }))).toEqual([
      expect.stringMatching(/watchlists\/test\.yaml:8:15: "OUEMBE" is also a name or alias of place Ouémbé \(allowed only when both are marked ambiguous: true\)$/),
    ]);
  });

  it('refuses two places of one name, as the database keeps one row per name', () => {
    const path = files({
      'vigil.yaml': 'feeds: []\n',
      'watchlists/test.yaml': 'slug: test\nname: Test\nplaces:\n  - name: Ogota\n    kind: village\n  - name: OGOTA\n    kind: village\n',
    });
    expect(problemsOf(() => loadConfig({ path, env: {} }))).toEqual([expect.stringMatching(/watchlists\/test\.yaml:6:11: "OGOTA" is also the name of place Ogota: entries need distinct names/)]);
  });

  it('refuses two watchlists with one slug, a glob that matches nothing, and a level naming an unknown kind, all at once', () => {
    const path = files({
      'vigil.yaml': `feeds: []\nwatchlists: [lists/*.yaml, missing/*.yaml]\nrisk: risk.yaml\n`,
      'lists/a.yaml': WATCHLIST,
      'lists/b.yaml': WATCHLIST.replace('name: Test', 'name: Test again'),
      'risk.yaml':
        'violence:\n  attack: [attack]\nlevels:\n  current-crisis: { kinds: [massacre] }\n  imminent-risk: {}\n  serious-concern: { kinds: [attack] }\n' +
        'figures: { killed: [killed], injured: [injured], abducted: [abducted], homesBurned: [homes], displaced: [fled] }\n',
    });
    const problems = problemsOf(() => loadConfig({ path, env: {} }));
    expect(problems).toEqual([
      expect.stringMatching(/lists\/b\.yaml:1:7: slug "test" is already used by .*lists\/a\.yaml$/),
      expect.stringMatching(/risk\.yaml:4:29: levels\.current-crisis: kind "massacre" is not defined under violence$/),
    ]);
  });

  it('names a config file that does not exist', () => {
    expect(problemsOf(() => loadConfig({ path: '/nonexistent/vigil.yaml', env: {} }))).toEqual(['/nonexistent/vigil.yaml: file not found']);
  });

  it('names a glob that matches no watchlist file', () => {
    const path = files({ 'vigil.yaml': `feeds: []\nrisk: ${RISK}\nwatchlists: [nowhere/*.yaml]\n` });
    expect(problemsOf(() => loadConfig({ path, env: {} }))).toEqual([expect.stringMatching(/^watchlists: no file matches .*nowhere\/\*\.yaml$/)]);
  });
});

describe('the contract of ../shared/DESIGN.md', () => {
  // DESIGN.md's example vigil.yaml and watchlist file, as written there: no `risk` key and no
  // risk.yaml beside them.
  const DESIGN_VIGIL = `schedule: "*/10 * * * *"
watchlists: ["watchlists/*.yaml"]
feeds:
  - name: HRW — Mali
    url: https://example.org/mali/rss.xml
    publisher: Human Rights Watch
    language: en
mail:
  from: "Vigil <alerts@example.org>"
  smtpUrl: smtp://localhost:1025
web:
  port: 8080
  baseUrl: http://localhost:8080
`;
  const DESIGN_WATCHLIST = `slug: central-mali
name: Central Mali — Mopti and Ségou regions
recommendedActions: |
  Free text shown at the end of every notice for this watchlist.
places:
  - name: Ouémbé
    kind: village
    aliases: [Ouembe]
    within: [Bankass, Mopti, Mali]
    ambiguous: false
    coordinates: [14.1, -3.4]
  # Not in DESIGN.md's example: \`within\` must name places of the watchlist (issue 16).
  - { name: Bankass, kind: cercle, within: [Mopti, Mali] }
  - { name: Mopti, kind: region, within: [Mali] }
  - { name: Mali, kind: country }
actors:
  - name: JNIM
    aliases: ["Jama'at Nusrat al-Islam wal-Muslimin", GSIM]
    type: armed-group
`;

  it('loads, with the risk rules Vigil ships when the config names none', () => {
    const path = files({ 'vigil.yaml': DESIGN_VIGIL, 'watchlists/central-mali.yaml': DESIGN_WATCHLIST });
    const config = loadConfig({ path, env: {} });
    const shipped = loadConfig({ path: SHIPPED, env: {} });

    expect(config.riskSource).toEqual({ kind: 'built-in', file: RISK });
    expect(config.risk).toEqual(shipped.risk);
    expect(config.feeds).toEqual([{ name: 'HRW — Mali', url: 'https://example.org/mali/rss.xml', publisher: 'Human Rights Watch', language: 'en', enabled: true }]);
    expect(config.mail.smtpUrl).toBe('smtp://localhost:1025');
  });

  it('uses the risk file a config names, relative to the config', () => {
    const path = files({ 'vigil.yaml': `${DESIGN_VIGIL}risk: rules/risk.yaml\n`, 'watchlists/central-mali.yaml': DESIGN_WATCHLIST, 'rules/risk.yaml': readFileSync(RISK, 'utf8') });
    expect(loadConfig({ path, env: {} }).riskSource).toEqual({ kind: 'file', file: join(path, '..', 'rules', 'risk.yaml') });
  });
});

describe('the schedule', () => {
  it.each([
    ['five fields, every minute', '* * * * *'],
    ['six fields on one fixed second', '30 */5 * * * *'],
  ])('accepts %s', (_name, schedule) => {
    const path = files({ 'vigil.yaml': `feeds: []\nschedule: "${schedule}"\n`, 'watchlists/test.yaml': WATCHLIST });
    expect(loadConfig({ path, env: {} }).schedule).toBe(schedule);
  });

  it('accepts a schedule faster than a minute when told to (--allow-fast-schedule)', () => {
    const path = files({ 'vigil.yaml': 'feeds: []\nschedule: "*/5 * * * * *"\n', 'watchlists/test.yaml': WATCHLIST });
    expect(loadConfig({ path, env: {}, allowFastSchedule: true }).schedule).toBe('*/5 * * * * *');
  });
});
