// `vigil watchlists list|show|import|export` as an operator runs them: the built CLI on a config
// in a temp folder holding a copy of the shipped watchlist. No database.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { vigil } from '../helpers/cli.js';
import { REPO_CONFIG_DIR } from '../helpers/config.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/gazetteer');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A config folder with the shipped central-Mali watchlist; returns its vigil.yaml. */
function configDir(): { config: string; watchlists: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-watchlists-'));
  dirs.push(dir);
  const watchlists = join(dir, 'watchlists');
  mkdirSync(watchlists);
  cpSync(join(REPO_CONFIG_DIR, 'watchlists', 'central-mali.yaml'), join(watchlists, 'central-mali.yaml'));
  writeFileSync(join(dir, 'vigil.yaml'), `feeds: []\nwatchlists: ["watchlists/*.yaml"]\ndataDir: ${JSON.stringify(dir)}\n`);
  return { config: join(dir, 'vigil.yaml'), watchlists };
}

const COD_OPTIONS = ['--name-column', 'featureNam', '--alt-names-column', 'altNames', '--admin-columns', 'ADM3_FR,ADM2_FR,ADM1_FR', '--country', 'Mali', '--lat', 'Latitude', '--lon', 'Longitude', '--ref-column', 'PCODE'];

describe('vigil watchlists list and show', () => {
  const { config } = configDir();

  it('lists each watchlist with its file, places by kind and actors', async () => {
    const { code, stdout } = await vigil(['--config', config, 'watchlists', 'list', '--json']);
    expect(code).toBe(0);
    const [mali] = JSON.parse(stdout) as { slug: string; file: string; placesByKind: Record<string, number>; actors: number }[];
    expect(mali).toMatchObject({ slug: 'central-mali', file: expect.stringMatching(/watchlists\/central-mali\.yaml$/), placesByKind: { country: 1, village: expect.any(Number) as number } });
    expect(mali?.actors).toBeGreaterThanOrEqual(5);
  });

  it('shows the places with kind, aliases, within, coordinates and ambiguous, and the actors', async () => {
    const { code, stdout } = await vigil(['--config', config, 'watchlists', 'show', 'central-mali', '--json']);
    expect(code).toBe(0);
    const shown = JSON.parse(stdout) as { places: { name: string }[]; actors: { name: string }[] };
    expect(shown.places).toContainEqual(expect.objectContaining({ name: 'Boura', kind: 'village', ambiguous: true, within: expect.arrayContaining(['Mali']) as string[] }));
    expect(shown.actors.map((a) => a.name)).toContain('JNIM');
    const text = await vigil(['--config', config, 'watchlists', 'show', 'central-mali']);
    expect(text.stdout).toMatch(/^ {2}Ogossagou \(village\) in Bankass cercle > /m);
  });

  it('refuses an unknown slug with exit 2, naming the known ones', async () => {
    const { code, stderr } = await vigil(['--config', config, 'watchlists', 'show', 'central-malli']);
    expect(code).toBe(2);
    expect(stderr).toBe('vigil: No watchlist "central-malli" in the configuration; known: central-mali.\n');
  });
});

describe('vigil watchlists import', () => {
  it('writes a new watchlist from an OCHA-style CSV beside the others, reporting what it skipped and merged', async () => {
    const { config, watchlists } = configDir();
    const { code, stdout } = await vigil(['--config', config, 'watchlists', 'import', 'bankass', join(FIXTURES, 'bankass-cod.csv'), ...COD_OPTIONS, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ file: join(watchlists, 'bankass.yaml'), created: true, written: true, duplicates: 1, conflicts: [], problems: [] });
    // The HXL row under the header is no place; rows count as the file's lines.
    expect(report.skipped).toEqual([
      { row: 7, reason: 'missing name (column featureNam is empty)' },
      { row: 8, reason: 'bad coordinate (Latitude "14,3x", Longitude "-3.7")' },
    ]);
    const bankass = loadConfig({ path: config, env: {} }).watchlists.find((w) => w.slug === 'bankass');
    const places = new Map(bankass?.places.map((p) => [p.name, p]));
    expect(places.get('Kowa (Dimbal)')).toMatchObject({ aliases: ['Kowa'], ambiguous: true, within: ['Dimbal', 'Bankass (cercle)', 'Mopti', 'Mali'], ref: 'ML0501002' });
    expect(places.get('Kowa (Bankass)')?.aliases).toEqual(['Kowa', 'Kowa-Dogon', 'Kouwa']);
    expect(places.get('Ogossagou')).toMatchObject({ aliases: ['Ogossagou-Peul'], coordinates: [14.35, -3.6] });
    expect(report.warnings).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/bankass\.yaml$/), message: expect.stringMatching(/^"Kowa" is also a name or alias of place Kowa \(Bankass\)/) }));
    // The same warnings, each with file and line, from `vigil config check` (which still exits 0).
    const check = await vigil(['--config', config, 'config', 'check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^ {2}\S*bankass\.yaml:\d+:\d+: warning: "Kowa" is also a name or alias of place Kowa \(Bankass\); both are marked ambiguous/m);
  });

  it('reads GeoJSON points, skipping a feature that is not a Point', async () => {
    const { config } = configDir();
    const args = ['--config', config, 'watchlists', 'import', 'bandiagara', join(FIXTURES, 'bandiagara-points.geojson'), '--name-column', 'name', '--alt-names-column', 'alt', '--admin-columns', 'commune,cercle', '--ref-column', 'geonameid', '--json'];
    const { code, stdout } = await vigil(args);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ added: 6, skipped: [{ row: 3, reason: 'geometry is a Polygon, not a Point' }] });
    const places = loadConfig({ path: config, env: {} }).watchlists.find((w) => w.slug === 'bandiagara')?.places ?? [];
    expect(places.find((p) => p.name === 'Sobane Da')).toMatchObject({ aliases: ['Sobane', 'Sobane-Kou'], within: ['Sangha', 'Bandiagara'], coordinates: [14.34, -3.61], ref: '2451234' });
    expect(places.find((p) => p.name === 'Dourou (village)')?.coordinates).toBeUndefined();
  });

  it('merges into the slug’s own file: comments and hand-written fields kept, new aliases and places added, conflicts reported', async () => {
    const { config, watchlists } = configDir();
    const file = join(watchlists, 'central-mali.yaml');
    const csv = join(dirs.at(-1) ?? '', 'update.csv');
    writeFileSync(csv, 'name,alt,cercle\nOuémbé,Wembe,Bankass cercle\nBoura,,Koro cercle\nGouari,,Bankass cercle\nNew Village,,Bankass cercle\n');
    const args = ['--config', config, 'watchlists', 'import', 'central-mali', csv, '--name-column', 'name', '--alt-names-column', 'alt', '--admin-columns', 'cercle', '--admin-kinds', 'cercle', '--json'];

    const dry = await vigil([...args, '--dry-run']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ written: false, added: 1, merged: 1 });
    const before = readFileSync(file, 'utf8');
    const { code, stdout } = await vigil(args);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { conflicts: { name: string; differences: string[] }[] };
    expect(report).toMatchObject({ written: true, added: 1, merged: 1, unchanged: 3 });
    expect(report.conflicts).toEqual([{ name: 'Boura', differences: ['within: Macina cercle, Ségou region, Mali (file) vs Koro cercle (import)'] }]);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('# Vigil watchlist: central Mali');
    expect(after).toContain('# Boura is also a town in Burkina Faso');
    expect(after.length).toBeGreaterThan(before.length);
    const mali = loadConfig({ path: config, env: {} }).watchlists[0];
    expect(mali?.places.find((p) => p.name === 'Ouémbé')?.aliases).toContain('Wembe');
    expect(mali?.places.find((p) => p.name === 'New Village')).toMatchObject({ within: ['Bankass cercle'] });
  });

  it('writes nothing and exits 2 for a slug that is not one, before reading the file', async () => {
    const { config, watchlists } = configDir();
    const { code, stdout, stderr } = await vigil(['--config', config, 'watchlists', 'import', 'Not_A_Slug', join(FIXTURES, 'bankass-cod.csv'), ...COD_OPTIONS]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('<slug>: "Not_A_Slug" is not a watchlist slug');
    expect(existsSync(join(watchlists, 'Not_A_Slug.yaml'))).toBe(false);
  });

  it('writes nothing and exits 2 when the result would not load, naming the file, line and field', async () => {
    const { config, watchlists } = configDir();
    const args = ['--config', config, 'watchlists', 'import', 'bankass', join(FIXTURES, 'bankass-cod.csv'), ...COD_OPTIONS, '--watchlist-name', ''];
    const { code, stdout, stderr } = await vigil(args);
    expect(code).toBe(2);
    expect(stdout).toContain('Not written: the result would not load.');
    expect(stdout).toMatch(/bankass\.yaml:\d+:\d+: name: must not be empty/);
    expect(stderr).toContain('bankass.yaml would not load (1 problem, listed above); nothing was written.');
    expect(existsSync(join(watchlists, 'bankass.yaml'))).toBe(false);
  });

  it('refuses a column the file lacks, naming the columns it has (exit 2)', async () => {
    const { config } = configDir();
    const { code, stderr } = await vigil(['--config', config, 'watchlists', 'import', 'x', join(FIXTURES, 'bankass-cod.csv'), '--name-column', 'NAME']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/has no column "NAME"; its columns: ADM0_FR, ADM1_FR/);
  });
});

describe('vigil watchlists export', () => {
  it.each(['csv', 'geojson'])('exports as %s what import reads back into the same places', async (format) => {
    const { config, watchlists } = configDir();
    const out = join(watchlists, '..', `export.${format}`);
    expect((await vigil(['--config', config, 'watchlists', 'export', 'central-mali', '--format', format, '--output', out])).code).toBe(0);
    const imported = await vigil(['--config', config, 'watchlists', 'import', 'copy', out, '--json']);
    expect(imported.code).toBe(0);
    const loaded = loadConfig({ path: config, env: {} });
    const [original, copy] = ['central-mali', 'copy'].map((slug) => loaded.watchlists.find((w) => w.slug === slug)?.places);
    expect(copy).toEqual(original);
    expect(JSON.parse(imported.stdout)).toMatchObject({ added: original?.length, skipped: [], droppedAliases: [] });
    // Into the watchlist it came from: nothing to change.
    expect(JSON.parse((await vigil(['--config', config, 'watchlists', 'import', 'central-mali', out, '--json'])).stdout)).toMatchObject({ written: false, added: 0, merged: 0, conflicts: [] });
  });

  it('prints CSV to stdout with one row per place', async () => {
    const { config } = configDir();
    const { code, stdout } = await vigil(['--config', config, 'watchlists', 'export', 'central-mali', '--format', 'csv']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('name,kind,aliases,within,latitude,longitude,ref,ambiguous');
    expect(lines).toContain('Boura,village,,Macina cercle|Ségou region|Mali,,,,true');
  });
});
