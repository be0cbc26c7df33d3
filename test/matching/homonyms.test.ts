// Two watched villages of one name (a gazetteer's "Kowa (Bankass)" and "Kowa (Dimbal)", each
// with the bare name as an ambiguous alias) are both read from the same words; they must not
// give each other the context neither has, however close they lie.
import { describe, expect, it } from 'vitest';
import { compileMatcher, matchItem, type MatchablePlace } from '../../src/matching/index.js';

const village = (id: number, name: string, commune: string, at: [number, number]): MatchablePlace => ({
  id,
  name,
  kind: 'village',
  aliases: ['Kowa'],
  within: [commune, 'Mali'],
  ambiguous: true,
  latitude: at[0],
  longitude: at[1],
});

const matcher = compileMatcher([
  {
    id: 1,
    places: [
      { id: 1, name: 'Mali', kind: 'country', aliases: [], within: [], ambiguous: false, latitude: null, longitude: null },
      { id: 2, name: 'Bankass', kind: 'commune', aliases: [], within: ['Mali'], ambiguous: false, latitude: null, longitude: null },
      { id: 3, name: 'Dimbal', kind: 'commune', aliases: [], within: ['Mali'], ambiguous: false, latitude: null, longitude: null },
      // 5 km apart: well within the default radius.
      village(4, 'Kowa (Bankass)', 'Bankass', [14.08, -3.52]),
      village(5, 'Kowa (Dimbal)', 'Dimbal', [14.12, -3.5]),
    ],
    actors: [],
  },
]);

const names = (text: string) => matchItem(matcher, { title: '', text }).map((m) => `${m.name} ← ${m.reason ?? ''}`);

describe('homonyms read from the same words', () => {
  it('do not count for each other', () => {
    expect(names('Des maisons ont été incendiées à Kowa hier.')).toEqual([]);
  });

  it('count when the text names the commune of one of them', () => {
    expect(names('Des maisons ont été incendiées à Kowa, commune de Dimbal, hier.')).toEqual(['Kowa (Dimbal) ← context: Dimbal', 'Dimbal ← ']);
  });
});
