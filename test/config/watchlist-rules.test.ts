// Watchlist checks beyond the schema, each on a named fixture (test/fixtures/watchlists/): every
// problem reported at once with its file, line and column; two ambiguous places sharing an alias
// load with a warning that names file and line too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, type VigilConfig } from '../../src/config/index.js';
import { editDistance } from '../../src/config/watchlist-rules.js';
import { VigilError } from '../../src/errors.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/watchlists');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Loads a config whose only watchlist is the named fixture. */
function loadFixture(name: string): VigilConfig {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'vigil.yaml'), `feeds: []\nwatchlists: [${JSON.stringify(join(FIXTURES, `${name}.yaml`))}]\n`);
  return loadConfig({ path: join(dir, 'vigil.yaml'), env: {} });
}

function problemsOf(name: string): string[] {
  try {
    loadFixture(name);
  } catch (error) {
    expect(error).toBeInstanceOf(VigilError);
    return [...(error as VigilError).problems];
  }
  throw new Error(`expected ${name}.yaml to be refused`);
}

const at = (name: string, line: number, column: number): string => `${join(FIXTURES, `${name}.yaml`).replace(`${process.cwd()}/`, '')}:${line}:${column}: `;

describe('watchlist checks, with file and line', () => {
  it('refuses an alias two places answer to (however accented) when one of them is not ambiguous', () => {
    expect(problemsOf('shared-alias')).toEqual([
      `${at('shared-alias', 13, 15)}"SOBANÉ" is also a name or alias of place Sobane Da (allowed only when both are marked ambiguous: true)`,
    ]);
  });

  it('loads two ambiguous places sharing an alias, with a warning naming the file and line', () => {
    const config = loadFixture('shared-alias-ambiguous');
    expect(config.watchlists[0]?.places.map((p) => p.name)).toContain('Kowa (Dimbal)');
    expect(config.warnings).toEqual([
      {
        file: at('shared-alias-ambiguous', 16, 15).split(':')[0],
        line: 16,
        column: 15,
        message: '"Kowa" is also a name or alias of place Kowa (Bankass); both are marked ambiguous, so each counts only with its own context',
      },
    ]);
  });

  it('has no warning for the shipped watchlists', () => {
    expect(loadConfig({ path: resolve(import.meta.dirname, '../../config/vigil.yaml'), env: {} }).warnings).toEqual([]);
  });

  it('refuses names and aliases that are empty once trimmed', () => {
    expect(problemsOf('empty-names')).toEqual([
      `${at('empty-names', 6, 11)}places[1].name: must not be empty (got "   ")`,
      `${at('empty-names', 11, 15)}places[2].aliases[0]: must not be empty (got "")`,
    ]);
  });

  it('refuses aliases that fold to nothing (punctuation only)', () => {
    expect(problemsOf('no-letters')).toEqual([`${at('no-letters', 8, 15)}"—" has no letters or digits to match`, `${at('no-letters', 8, 20)}"«»" has no letters or digits to match`]);
  });

  it('refuses English and French stop words and bare numbers as aliases, of places and of actors', () => {
    const stop = (text: string) => `"${text}" is a common word (a stop word): as a name or alias it would match nearly every report`;
    expect(problemsOf('stop-words')).toEqual([
      `${at('stop-words', 8, 15)}${stop('De')}`,
      `${at('stop-words', 8, 19)}${stop('Les')}`,
      `${at('stop-words', 8, 26)}${stop('The')}`,
      `${at('stop-words', 8, 33)}"2019" is a bare number: as a name or alias it would match figures and dates`,
      `${at('stop-words', 12, 15)}${stop('ET')}`,
    ]);
  });

  it('refuses a within area the watchlist does not list, suggesting the closest name when one is near', () => {
    expect(problemsOf('unknown-within')).toEqual([
      `${at('unknown-within', 9, 14)}within: "Bankas cercle" names no place of this watchlist (did you mean "Bankass cercle"?)`,
      `${at('unknown-within', 9, 29)}within: "Mopti region" names no place of this watchlist; add the area as a place of its kind`,
    ]);
  });

  it('refuses coordinates out of range, saying whether the latitude or the longitude is wrong', () => {
    expect(problemsOf('coordinates-out-of-range')).toEqual([
      `${at('coordinates-out-of-range', 9, 19)}places[1].coordinates[0]: latitude must be between -90 and 90 (got -183.6)`,
      `${at('coordinates-out-of-range', 13, 25)}places[2].coordinates[1]: longitude must be between -180 and 180 (got 181)`,
    ]);
  });
});

describe('edit distance (for suggestions)', () => {
  it.each([
    ['bankass', 'bankass', 0],
    ['bankas', 'bankass', 1],
    ['ogossagou', 'ogosagou', 1],
    ['mopti', 'mpoti', 2],
    ['', 'mali', 4],
  ])('%s → %s: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});
