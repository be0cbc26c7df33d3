// A gazetteer of 20,000 populated places (made up here, deterministic, Malian-looking names with
// alternate spellings, communes, cercles and regions, some names shared between communes, some
// rows repeated) imported with the CLI: the config loads, the catalog syncs it, and the matcher
// finds its villages in a sentence. Timings are printed, not asserted (`npm run bench` measures).
import { mkdirSync, mkdtempSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineWatchlists, syncCatalog } from '../../src/catalog/index.js';
import { loadConfig, type VigilConfig } from '../../src/config/index.js';
import { applyMigrations, openDatabase, readMigrations, type Database } from '../../src/db/index.js';
import { silentLogger } from '../../src/log.js';
import { compileMatcher, matchItem } from '../../src/matching/index.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { vigil } from '../helpers/cli.js';
import { REPO_CONFIG_DIR } from '../helpers/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';

const ROWS = 20_000;
const PREFIXES = ['Ogo', 'Dia', 'Sob', 'Kou', 'Ban', 'Dim', 'Tori', 'Ségué', 'Mou', 'Nian', 'Bara', 'Tém', 'Gon', 'Dou', 'Kal', 'Sang', 'Bon', 'Dja', 'Pél', 'Yab', 'Koul', 'Ouen', 'Soum', 'Tin', 'Wal'];
const MIDDLES = ['ssa', 'la', 'na', 'ka', 'ré', 'dou', 'bo', 'gou', 'mé', 'ri', 'lo', 'ba'];
const SUFFIXES = ['gou', 'kanda', 'dougou', 'bougou', 'ré', 'kou', 'wéli', 'ma', 'lé', 'ni', 'sso', 'ro', 'na', 'dé', 'by'];
const TAILS = ['', ' Peul', ' Dogon', ' Bozo', ' Bambara', ' Sarakolé'];
const AREA_PREFIXES = ['Ba', 'Dja', 'Ké', 'Lo', 'Mé', 'Ni', 'Ou', 'Sa', 'Sé', 'Ti', 'To', 'Wo', 'Yo', 'Ga', 'Ko', 'Do', 'Bo', 'Fa', 'Ha', 'Ma', 'Na', 'Pa', 'Ra', 'Su', 'Ta', 'Za', 'Ki', 'Lé'];
const COMMUNE_SUFFIXES = ['nkoro', 'kandé', 'lassa', 'mbal', 'goura', 'sséré', 'ndiéla', 'gaba', 'fourou', 'boly', 'mbéré', 'nsso', 'ntéla', 'koni', 'fara', 'ssiba', 'ndia', 'ngari', 'mpala', 'nkolo', 'ssoro', 'wéla', 'dian', 'nga', 'kolé'];
const CERCLE_SUFFIXES = ['ndiagara', 'nkass', 'ssoma', 'niéna'];
const REGIONS = ['Mopti', 'Ségou', 'Bandiagara', 'Douentza', 'San', 'Tombouctou', 'Koutiala', 'Sikasso'];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const villageName = (i: number) => `${pick(PREFIXES, i)}${pick(MIDDLES, Math.floor(i / 25))}${pick(SUFFIXES, Math.floor(i / 300))}${pick(TAILS, Math.floor(i / 4500))}`;
const communeName = (c: number) => `${pick(AREA_PREFIXES, c)}${pick(COMMUNE_SUFFIXES, Math.floor(c / 28))}`;
const cercleName = (k: number) => `${pick(AREA_PREFIXES, k + 3)}${pick(CERCLE_SUFFIXES, Math.floor(k / 28))}`;

/** Row i of the gazetteer: every 50th reuses an earlier village's name in another commune; every 200th repeats the row before. */
function gazetteerRow(i: number): Record<string, string> {
  const source = i % 200 === 199 ? i - 1 : i;
  const name = source % 50 === 49 ? villageName(source - 1000 < 0 ? source : source - 1000) : villageName(source);
  const commune = source % 700;
  const cercle = commune % 50;
  const alternates = [name.replace(/ou/g, 'u'), `${name.replace(/ /g, '-')}-Kin`].filter((alt) => alt !== name);
  return {
    ADM0_FR: 'Mali',
    ADM1_FR: pick(REGIONS, cercle),
    ADM2_FR: cercleName(cercle),
    ADM3_FR: communeName(commune),
    featureNam: name,
    altNames: i === source ? alternates.join(',') : `${name} ${pick(TAILS, i + 1)}`.trim(),
    Latitude: (12 + (source % 997) / 200).toFixed(4),
    Longitude: (-6 + (source % 991) / 150).toFixed(4),
    PCODE: `ML${String(source).padStart(6, '0')}`,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-gazetteer-'));
const config = join(dir, 'vigil.yaml');
const csv = join(dir, 'mli_pplp_cod.csv');
const KIND = DATABASE_KINDS.find((k) => k.kind === 'postgres' && !k.skip) ?? DATABASE_KINDS[0];

describe(`a 20,000-place gazetteer imported, synced (${KIND?.kind ?? 'embedded'} database) and matched`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let loaded: VigilConfig;

  beforeAll(async () => {
    mkdirSync(join(dir, 'watchlists'));
    cpSync(join(REPO_CONFIG_DIR, 'watchlists', 'central-mali.yaml'), join(dir, 'watchlists', 'central-mali.yaml'));
    writeFileSync(config, `feeds: []\nwatchlists: ["watchlists/*.yaml"]\ndataDir: ${JSON.stringify(dir)}\n`);
    writeFileSync(csv, stringify(Array.from({ length: ROWS }, (_, i) => gazetteerRow(i)), { header: true }));
    testDb = await createTestDatabase(KIND?.kind ?? 'embedded');
    db = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir, log: silentLogger() });
    await applyMigrations(db.pool, readMigrations(MIGRATIONS_DIR));
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports with the CLI into a watchlist that loads', async () => {
    const started = Date.now();
    const args = ['--config', config, 'watchlists', 'import', 'mali-gazetteer', csv, '--name-column', 'featureNam', '--alt-names-column', 'altNames'];
    const { code, stdout, stderr } = await vigil([...args, '--admin-columns', 'ADM3_FR,ADM2_FR,ADM1_FR', '--country', 'Mali', '--lat', 'Latitude', '--lon', 'Longitude', '--ref-column', 'PCODE', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { added: number; duplicates: number; skipped: unknown[]; problems: unknown[]; durationMs: number };
    console.log(`import of ${ROWS} rows: ${report.durationMs} ms in the command, ${Date.now() - started} ms with process start`);
    expect(report).toMatchObject({ duplicates: ROWS / 200, skipped: [], problems: [] });

    const loadStarted = Date.now();
    loaded = loadConfig({ path: config, env: {} });
    console.log(`config load with the imported watchlist: ${Date.now() - loadStarted} ms`);
    const places = loaded.watchlists.find((w) => w.slug === 'mali-gazetteer')?.places ?? [];
    const villages = places.filter((p) => p.kind === 'village');
    // Distinct rows (less repeats) plus 700 communes, 50 cercles, 8 regions and the country.
    expect(villages).toHaveLength(ROWS - ROWS / 200);
    expect(places).toHaveLength(report.added);
    expect(places.length - villages.length).toBe(700 + 50 + 8 + 1);
    expect(villages.filter((p) => p.ambiguous).length).toBeGreaterThan(0);
  });

  it('syncs into the catalog', async () => {
    const report = await syncCatalog(db.prisma, loaded, { now: new Date('2030-03-01T08:00:00Z'), syncedBy: 'test', vigilVersion: '0.1.0-test' });
    console.log(`catalog sync of ${report.places.added} places: ${report.durationMs} ms`);
    const total = loaded.watchlists.reduce((n, w) => n + w.places.length, 0);
    expect(report.places).toEqual({ added: total, updated: 0, retired: 0 });
  });

  it('finds an imported village in a sentence, and a village of a shared name only beside its commune', () => {
    const matcher = compileMatcher(offlineWatchlists(loaded.watchlists));
    const places = loaded.watchlists.find((w) => w.slug === 'mali-gazetteer')?.places ?? [];
    const certain = places.find((p) => p.kind === 'village' && !p.ambiguous && p.name === villageName(12_345));
    expect(certain).toBeDefined();
    const found = (text: string) => matchItem(matcher, { title: 'Attaque', text }).map((m) => m.name);
    expect(found(`Des hommes armés ont attaqué le village de ${certain?.name ?? ''} dans la nuit de dimanche.`)).toContain(certain?.name);

    const shared = places.find((p) => p.kind === 'village' && p.ambiguous);
    const bare = shared?.aliases[0] ?? '';
    const commune = places.find((p) => p.name === shared?.within[0]);
    const communeWords = commune?.ambiguous ? (commune.aliases[0] ?? '') : (commune?.name ?? '');
    expect(found(`Des maisons ont été incendiées à ${bare} hier.`)).not.toContain(shared?.name);
    expect(found(`Des maisons ont été incendiées à ${bare}, commune de ${communeWords}, hier.`)).toContain(shared?.name);
  });
});
