// Properties of matching over generated report text: spelling variants a feed may use (accents
// dropped, case changed, apostrophe and hyphen variants) find exactly what the original finds;
// an alias no text contains never takes a match away; a name inside a link is never a match.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offlineWatchlists } from '../../src/catalog/index.js';
import { compileMatcher, matchItem, type EntityMatch, type MatchableWatchlist, type Matcher } from '../../src/matching/index.js';
import { shippedConfig } from '../helpers/watchlists.js';

const watchlists = offlineWatchlists(shippedConfig.watchlists.filter((w) => w.slug === 'central-mali'));
const matcher = compileMatcher(watchlists);

// Names as reports write them, words around them, and what stands between: every character here
// keeps its length when its case changes or its accents go, so offsets compare as they are.
const NAMES = ['Ouémbé', 'Ségué', 'd’Ouémbé', "l'EIGS", 'Sobane-Da', 'Jama’at Nusrat al-Islam wal-Muslimin', 'N’Dokoro', 'Ogossagou-Peul', 'cercle de Bankass', 'Dozos', 'Ogota’s', 'région de Mopti', 'Koro', 'Boura', 'Dan Na Ambassagou', 'Ké-Macina', 'Diallassagou', 'Dianwéli', 'FAMa', 'Katiba Macina'];
const WORDS = ['attaqué', 'hommes', 'armés', 'the', 'village', 'près', 'de', 'gunmen', 'killed', 'déplacés', 'été', 'civils', 'army', 'l’armée', 'Mali', 'quarter-final', 'aujourd’hui'];
const BETWEEN = [' ', ' ', ' ', ', ', '. ', '\n', ' — ', ' (', ') ', ' « ', ' » '];

const word = fc.oneof(fc.constantFrom(...NAMES), fc.constantFrom(...WORDS));
const text = fc.array(fc.tuple(word, fc.constantFrom(...BETWEEN)), { maxLength: 25 }).map((parts) => parts.map(([w, b]) => w + b).join(''));

/** What a match is, without its evidence (a sentence may split differently when the case changes). */
const found = (m: Matcher, title: string, body: string): string[] =>
  matchItem(m, { title, text: body }).map((x: EntityMatch) => `${x.name}|${x.field}|${x.start}-${x.end}|${x.count}|${x.reason ?? ''}`);

const stripAccents = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
const APOSTROPHES = ["'", '’', 'ʼ', '‘'];
const HYPHENS = ['-', '‐', '‑', '–'];
const swap = (s: string, set: readonly string[], to: string): string => [...s].map((c) => (set.includes(c) ? to : c)).join('');

describe('matching the same report written another way', () => {
  it('finds the same matches with the accents stripped', () => {
    fc.assert(
      fc.property(text, text, (title, body) => {
        expect(found(matcher, stripAccents(title), stripAccents(body))).toEqual(found(matcher, title, body));
      }),
    );
  });

  it('finds the same matches in capitals and in lower case', () => {
    fc.assert(
      fc.property(text, text, (title, body) => {
        const original = found(matcher, title, body);
        expect(found(matcher, title.toUpperCase(), body.toUpperCase())).toEqual(original);
        expect(found(matcher, title.toLowerCase(), body.toLowerCase())).toEqual(original);
      }),
    );
  });

  it('finds the same matches whichever apostrophe and hyphen it uses', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...APOSTROPHES), fc.constantFrom(...HYPHENS), (body, apostrophe, hyphen) => {
        expect(found(matcher, '', swap(swap(body, APOSTROPHES, apostrophe), HYPHENS, hyphen))).toEqual(found(matcher, '', body));
      }),
    );
  });
});

describe('adding an alias', () => {
  // Letters no generated word holds together: the alias is unrelated to every text.
  const unrelated = fc.stringMatching(/^[qxzjw]{4,9}( [qxzjw]{3,6})?$/);

  it('never takes a match away', () => {
    fc.assert(
      fc.property(text, unrelated, fc.nat(), (body, alias, at) => {
        const places = watchlists[0]?.places ?? [];
        const target = at % places.length;
        const extended: MatchableWatchlist[] = watchlists.map((w) => ({ ...w, places: w.places.map((p, i) => (i === target ? { ...p, aliases: [...p.aliases, alias] } : p)) }));
        const before = found(matcher, '', body);
        const after = found(compileMatcher(extended), '', body);
        for (const m of before) expect(after).toContain(m);
      }),
      { numRuns: 40 },
    );
  });
});

describe('a name inside a link', () => {
  const slug = (name: string): string => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-');
  const link = fc.tuple(fc.constantFrom(...NAMES), fc.nat({ max: 4 })).map(([name, kind]) =>
    [
      `https://reliefweb.int/report/mali/${slug(name)}-2024`,
      `www.${slug(name)}.ml`,
      `${slug(name)}@minusma.org`,
      `Rapport_${slug(name)}.pdf`,
      `http://example.org/${slug(name)}?lang=fr`,
    ][kind] ?? '',
  );

  it('is never a match, whatever stands around it', () => {
    fc.assert(
      fc.property(text, link, text, (before, url, after) => {
        const body = `${before} ${url} ${after}`;
        const from = before.length + 1;
        const inLink = matchItem(matcher, { title: '', text: body }).flatMap((m) => m.mentions).filter((s) => s.start < from + url.length && s.end > from);
        expect(inLink).toEqual([]);
      }),
    );
  });
});
