// The catalog's hash is the same for the same feeds and watchlists wherever the config was read
// (key order, file paths), and differs as soon as anything synced would differ.
import { describe, expect, it } from 'vitest';
import { hashCatalog, type CatalogConfig } from '../../src/catalog/index.js';

const catalog: CatalogConfig = {
  feeds: [{ name: 'ReliefWeb — Mali', url: 'https://reliefweb.int/country/mli/rss.xml', publisher: 'ReliefWeb', language: 'en', enabled: true }],
  watchlists: [
    {
      slug: 'central-mali',
      name: 'Central Mali',
      recommendedActions: 'Contact the protection cluster.',
      file: '/srv/vigil/config/watchlists/central-mali.yaml',
      places: [{ name: 'Ouémbé', kind: 'village', aliases: ['Ouembe'], within: ['Bankass', 'Mopti', 'Mali'], ambiguous: false, coordinates: [14.1, -3.4] }],
      actors: [{ name: 'JNIM', aliases: ["Jama'at Nusrat al-Islam wal-Muslimin", 'GSIM'], type: 'armed-group', communities: [], ambiguous: false }],
    },
  ],
};

const withPlace = (edit: (place: CatalogConfig['watchlists'][number]['places'][number]) => object): CatalogConfig => {
  const [w] = catalog.watchlists;
  if (!w) throw new Error('fixture has a watchlist');
  return { ...catalog, watchlists: [{ ...w, places: w.places.map((p) => ({ ...p, ...edit(p) })) }] };
};

describe('hashCatalog', () => {
  it('is a sha256 in hex', () => {
    expect(hashCatalog(catalog)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same whatever the order of keys in the config objects', () => {
    const [w] = catalog.watchlists;
    const [f] = catalog.feeds;
    if (!w || !f) throw new Error('fixture');
    const reordered: CatalogConfig = {
      watchlists: [
        {
          actors: w.actors.map(({ ambiguous, communities, type, aliases, name }) => ({ ambiguous, communities, type, aliases, name })),
          places: w.places.map(({ coordinates, ambiguous, within, aliases, kind, name }) => ({ coordinates, ambiguous, within, aliases, kind, name })),
          file: w.file,
          recommendedActions: w.recommendedActions,
          name: w.name,
          slug: w.slug,
        },
      ],
      feeds: [{ enabled: f.enabled, language: f.language, publisher: f.publisher, url: f.url, name: f.name }],
    };
    expect(hashCatalog(reordered)).toBe(hashCatalog(catalog));
  });

  it('ignores where the watchlist files are (another replica, another path)', () => {
    const moved = { ...catalog, watchlists: catalog.watchlists.map((w) => ({ ...w, file: 'C:\\vigil\\watchlists\\central-mali.yaml' })) };
    expect(hashCatalog(moved)).toBe(hashCatalog(catalog));
  });

  it.each([
    ['an alias is added', withPlace((p) => ({ aliases: [...p.aliases, 'Ouémbé-Peul'] }))],
    ['an alias loses its accent', withPlace(() => ({ aliases: ['Ouembé'] }))],
    ['a place becomes ambiguous', withPlace(() => ({ ambiguous: true }))],
    ['a place loses its coordinates', withPlace(() => ({ coordinates: undefined }))],
    ['a feed is disabled', { ...catalog, feeds: catalog.feeds.map((f) => ({ ...f, enabled: false })) }],
    ['a feed is removed', { ...catalog, feeds: [] }],
  ])('changes when %s', (_change, edited) => {
    expect(hashCatalog(edited)).not.toBe(hashCatalog(catalog));
  });
});
