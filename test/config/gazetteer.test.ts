// Gazetteer records → watchlist places (pure), and imported places merged into hand-written
// ones: admin areas become places so `within` names known entries; places sharing a name get
// distinct, qualified names; duplicates merge; bad rows and unusable aliases are reported.
import { describe, expect, it } from 'vitest';
import { placesFromGazetteer, type GazetteerColumns, type GazetteerRecord, type PlaceFile } from '../../src/config/gazetteer.js';
import { mergePlaces } from '../../src/config/watchlist-merge.js';

const COLUMNS: GazetteerColumns = {
  name: 'name',
  altNames: 'alt',
  altNamesSeparator: ',',
  admin: ['commune', 'cercle'],
  adminKinds: ['commune', 'cercle'],
  kind: 'village',
  lat: 'lat',
  lon: 'lon',
  ref: 'pcode',
  country: 'Mali',
};

let row = 1;
function record(name: string, commune: string, cercle: string, more: Record<string, string> = {}): GazetteerRecord {
  return { row: ++row, fields: { name, commune, cercle, alt: '', lat: '', lon: '', pcode: '', ...more } };
}

const byName = (places: readonly PlaceFile[]) => new Map(places.map((p) => [p.name, p]));

describe('places from a gazetteer', () => {
  it('makes each admin area a place of its kind, largest first, and writes within by their names', () => {
    const { places } = placesFromGazetteer([record('Ogossagou', 'Ouenkoro', 'Bankass', { lat: '14.35', lon: '-3.6', pcode: 'ML0501007' })], COLUMNS);
    expect(places).toEqual([
      { name: 'Mali', kind: 'country', aliases: [], within: [], ambiguous: false },
      { name: 'Bankass', kind: 'cercle', aliases: [], within: ['Mali'], ambiguous: false },
      { name: 'Ouenkoro', kind: 'commune', aliases: [], within: ['Bankass', 'Mali'], ambiguous: false },
      { name: 'Ogossagou', kind: 'village', aliases: [], within: ['Ouenkoro', 'Bankass', 'Mali'], ambiguous: false, coordinates: [14.35, -3.6], ref: 'ML0501007' },
    ]);
  });

  it('names two villages of one name in different communes by their commune, the bare name an ambiguous alias of each', () => {
    const { places } = placesFromGazetteer([record('Kowa', 'Bankass', 'Bankass'), record('Kowa', 'Dimbal', 'Bankass')], COLUMNS);
    const kowas = places.filter((p) => p.kind === 'village');
    expect(kowas).toMatchObject([
      { name: 'Kowa (Bankass)', aliases: ['Kowa'], ambiguous: true, within: ['Bankass (commune)', 'Bankass (cercle)', 'Mali'] },
      { name: 'Kowa (Dimbal)', aliases: ['Kowa'], ambiguous: true, within: ['Dimbal', 'Bankass (cercle)', 'Mali'] },
    ]);
  });

  it('qualifies by the cercle when the communes share a name too', () => {
    const { places } = placesFromGazetteer([record('Kowa', 'Diallassagou', 'Bankass'), record('Kowa', 'Diallassagou', 'Koro')], COLUMNS);
    expect(places.filter((p) => p.kind === 'village').map((p) => p.name)).toEqual(['Kowa (Diallassagou, Bankass)', 'Kowa (Diallassagou, Koro)']);
  });

  it('merges records of one name and one admin path, their alternate names joined, and counts them', () => {
    const result = placesFromGazetteer([record('Kowa', 'Dimbal', 'Bankass', { alt: 'Kowa Peul' }), record('KOWA', 'Dimbal', 'Bankass', { alt: 'Kouwa', lat: '14.2', lon: '-3.6' })], COLUMNS);
    expect(result.duplicates).toBe(1);
    expect(byName(result.places).get('Kowa')).toMatchObject({ aliases: ['Kowa Peul', 'Kouwa'], coordinates: [14.2, -3.6] });
  });

  it.each([
    ['a missing name', record('', 'Dimbal', 'Bankass'), 'missing name (column name is empty)'],
    ['a latitude that is not a number', record('Toro', 'Dimbal', 'Bankass', { lat: '14.3x', lon: '-3.7' }), 'bad coordinate (lat "14.3x", lon "-3.7")'],
    ['a latitude out of range', record('Toro', 'Dimbal', 'Bankass', { lat: '143', lon: '-3.7' }), 'bad coordinate (latitude 143, longitude -3.7 out of range)'],
    ['a name that is a French stop word', record('Les', 'Dimbal', 'Bankass'), /^name "Les" is a common word/],
  ])('skips a row with %s, giving its row number and why', (_name, bad, reason) => {
    const { skipped, places } = placesFromGazetteer([bad], COLUMNS);
    expect(skipped).toEqual([{ row: bad.row, reason: typeof reason === 'string' ? reason : expect.stringMatching(reason) }]);
    expect(places).toHaveLength(0);
  });

  it('reads a French decimal comma', () => {
    const { places } = placesFromGazetteer([record('Ogossagou', 'Ouenkoro', 'Bankass', { lat: '14,35', lon: '-3,6' })], COLUMNS);
    expect(byName(places).get('Ogossagou')?.coordinates).toEqual([14.35, -3.6]);
  });

  it('leaves out alternate names that several places share, stop words, and forms of the name itself', () => {
    const result = placesFromGazetteer(
      [record('Kowa', 'Bankass', 'Bankass', { alt: 'Kowa Peul, KOWA, Kowa-Dogon' }), record('Sobane', 'Dimbal', 'Bankass', { alt: 'Kowa Peul, de' })],
      COLUMNS,
    );
    const places = byName(result.places);
    expect(places.get('Kowa')?.aliases).toEqual(['Kowa-Dogon']);
    expect(places.get('Sobane')?.aliases).toEqual([]);
    expect(result.droppedAliases).toEqual([
      { alias: 'Kowa Peul', places: ['Kowa', 'Sobane'], reason: 'shared by several places' },
      { alias: 'de', places: ['Sobane'], reason: expect.stringMatching(/stop word/) },
    ]);
  });
});

describe('merging imported places into a watchlist', () => {
  const place = (name: string, more: Partial<PlaceFile> = {}): PlaceFile => ({ name, kind: 'village', aliases: [], within: ['Mali'], ambiguous: false, ...more });
  const mali = place('Mali', { kind: 'country', within: [] });
  const existing = [mali, place('Ouémbé', { aliases: ['Ouembe'] }), place('Boura', { ambiguous: true, coordinates: [14.1, -3.4] }), place('Tori', { within: [] })];

  it('keeps hand-written fields, adds new aliases, fills empty fields, and adds new places', () => {
    const merge = mergePlaces(existing, [mali, place('OUEMBE', { aliases: ['Wembe', 'Ouémbé'], ref: 'ML1' }), place('Tori', { coordinates: [14.2, -3.5] }), place('Djimdo')]);
    expect(merge).toMatchObject({
      unchanged: 1,
      updated: [
        { index: 1, name: 'Ouémbé', addAliases: ['Wembe'], fill: { ref: 'ML1' } },
        { index: 3, name: 'Tori', addAliases: [], fill: { within: ['Mali'], coordinates: [14.2, -3.5] } },
      ],
      added: [place('Djimdo')],
      conflicts: [],
    });
  });

  it('reports a place whose kind or coordinates disagree, and leaves it as it was', () => {
    const merge = mergePlaces(existing, [place('Boura', { kind: 'town', coordinates: [11.05, -2.5], aliases: ['Boura-BF'] })]);
    expect(merge.conflicts).toEqual([{ name: 'Boura', differences: ['kind: village (file) vs town (import)', 'coordinates: 14.1, -3.4 (file) vs 11.05, -2.5 (import)'] }]);
    expect(merge.updated).toEqual([]);
  });

  it('does not give a new place an alias another entry (a place or an actor) answers to', () => {
    const merge = mergePlaces(existing, [place('Ogota', { aliases: ['Ouembe', 'GSIM', 'Ogota-Peul'] })], [{ name: 'JNIM', aliases: ['GSIM'], ambiguous: false }]);
    expect(merge.added).toEqual([place('Ogota', { aliases: ['Ogota-Peul'] })]);
    expect(merge.droppedAliases.map((d) => d.reason)).toEqual(['already a name or alias of Ouémbé', 'already a name or alias of JNIM']);
  });

  it('writes within by the name the file already gives an imported area', () => {
    const merge = mergePlaces(existing, [place('MALI', { kind: 'country', within: [] }), place('Djimdo', { within: ['MALI'] })]);
    expect(merge.added).toEqual([place('Djimdo', { within: ['Mali'] })]);
  });
});
