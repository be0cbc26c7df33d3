// The config becomes one row list per table; a place or actor named twice in one watchlist is
// refused with the watchlist and its file named, since one statement cannot write a key twice.
import { describe, expect, it } from 'vitest';
import { catalogRows } from '../../src/catalog/rows.js';
import { feed, watchlist } from '../helpers/catalogs.js';

describe('catalogRows', () => {
  it('gives places and actors the slug of their watchlist, and coordinates as latitude and longitude', () => {
    const w = watchlist('central-mali', ['Ogossagou'], ['JNIM']);
    const placed = { ...w, places: w.places.map((p) => ({ ...p, coordinates: [14.35, -3.6] as [number, number] })) };
    expect(catalogRows({ feeds: [feed(1)], watchlists: [placed] })).toEqual({
      feeds: [{ url: feed(1).url, name: 'Feed 1', publisher: 'Publisher 1', language: 'en', enabled: true, interval_minutes: null }],
      watchlists: [{ slug: 'central-mali', name: 'Watchlist central-mali', handling: null, recommended_actions: null }],
      places: [{ slug: 'central-mali', name: 'Ogossagou', kind: 'village', aliases: [], within: ['Mali'], ambiguous: false, latitude: 14.35, longitude: -3.6, ref: null }],
      actors: [{ slug: 'central-mali', name: 'JNIM', type: 'armed-group', aliases: [], communities: [], ambiguous: false }],
    });
  });

  it('lets two watchlists watch the same place', () => {
    const rows = catalogRows({ feeds: [], watchlists: [watchlist('mopti', ['Bankass'], []), watchlist('sahel', ['Bankass'], [])] });
    expect(rows.places.map((p) => `${p.slug}/${p.name}`)).toEqual(['mopti/Bankass', 'sahel/Bankass']);
  });

  it.each([
    ['place', watchlist('central-mali', ['Ogota', 'Ouémbé', 'Ogota'], [])],
    ['actor', watchlist('central-mali', [], ['JNIM', 'JNIM'])],
  ])('refuses a %s named twice in one watchlist, naming the watchlist and its file', (what, twice) => {
    expect(() => catalogRows({ feeds: [], watchlists: [twice] })).toThrow(
      expect.objectContaining({
        code: 'VIGIL_CONFIG_INVALID',
        message: expect.stringContaining(`Watchlist "central-mali" (/config/watchlists/central-mali.yaml) lists the ${what} "`),
      }),
    );
  });
});
