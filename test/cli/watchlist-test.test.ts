// `vigil watchlists test <slug> "text"`: what a watchlist keeper runs before committing an
// alias. Every candidate name is printed with whether it counted and why; no database is opened.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-watchlists-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = writeTestConfig({ dir, feeds: [{ name: 'HRW — Mali', url: 'https://example.org/mali/rss.xml', publisher: 'Human Rights Watch' }] });

const at = (word: string): number => TEXT.indexOf(word);
const TEXT = 'Boura, a town in Burkina Faso, was attacked. Ségué, near Bankass, burned. The report is at https://reliefweb.int/report/mali/ogossagou-attack-2020.';

describe('vigil watchlists test', () => {
  it('prints every candidate, counted or not, with why and its sentence', async () => {
    const { code, stdout, stderr } = await vigil(['--config', config, 'watchlists', 'test', 'central-mali', TEXT]);

    expect([code, stderr]).toEqual([0, '']);
    expect(stdout.split('\n')).toEqual([
      'Watchlist central-mali: 5 candidates, 2 counted.',
      'ignored  Boura (place)  "Boura" at 0-5: ambiguous: no context in the item',
      '         Boura, a town in Burkina Faso, was attacked.',
      'counted  Ségué (place)  "Ségué" at 45-50: context: Bankass (same cercle: Bankass cercle)',
      '         Ségué, near Bankass, burned.',
      'counted  Bankass (place)  "Bankass" at 57-64: counted',
      '         Ségué, near Bankass, burned.',
      `ignored  Mali (place)  "mali" at ${at('mali')}-${at('mali') + 4}: inside a URL`,
      '         The report is at https://reliefweb.int/report/mali/ogossagou-attack-2020.',
      `ignored  Ogossagou (place)  "ogossagou" at ${at('ogossagou')}-${at('ogossagou') + 9}: inside a URL`,
      '         The report is at https://reliefweb.int/report/mali/ogossagou-attack-2020.',
      '',
    ]);
  });

  it('gives scripts the field, offsets, alias as written and evidence of each candidate with --json', async () => {
    const { code, stdout } = await vigil(['--config', config, 'watchlists', 'test', 'central-mali', 'Les habitants d’Ouémbé ont fui.', '--json']);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      watchlist: 'central-mali',
      text: 'Les habitants d’Ouémbé ont fui.',
      candidates: [{ kind: 'place', name: 'Ouémbé', alias: 'Ouémbé', field: 'text', start: 16, end: 22, sentence: 'Les habitants d’Ouémbé ont fui.', counted: true, why: 'counted' }],
    });
  });

  it('says when the text names nothing of the watchlist', async () => {
    const { code, stdout } = await vigil(['--config', config, 'watchlists', 'test', 'central-mali', 'Markets reopened in Nairobi.']);

    expect([code, stdout]).toEqual([0, 'No name of watchlist central-mali in the text.\n']);
  });

  it('exits 2 for an unknown watchlist, naming the known ones', async () => {
    const { code, stdout, stderr } = await vigil(['--config', config, 'watchlists', 'test', 'central-malli', 'Ogossagou']);

    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe('vigil: No watchlist "central-malli" in the config (known: central-mali).\n');
  });

  it('opens no database: the data directory stays as it was', async () => {
    const before = readdirSync(dir).sort();
    const { code } = await vigil(['--config', config, 'watchlists', 'test', 'central-mali', 'Ogossagou'], { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });

    expect(code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
