// The text primitives every stage shares: tokens folded the same way for feed text and
// aliases (accents, capitals, apostrophe and hyphen variants), and sentence boundaries that
// survive abbreviations and French punctuation.
import { describe, expect, it } from 'vitest';
import { normalizeKey, splitSentences, tokenize } from '../../src/text/index.js';

describe('tokenize', () => {
  it.each([
    { says: 'folds capitals and accents', text: 'OUÉMBÉ', tokens: [['ouembe', 'OUÉMBÉ']] },
    { says: 'splits a French elision at the curly apostrophe', text: 'd’Ogossagou', tokens: [['d', 'd'], ['ogossagou', 'Ogossagou']] },
    { says: 'treats the modifier-letter apostrophe as punctuation', text: 'Jamaʼat', tokens: [['jama', 'Jama'], ['at', 'at']] },
    { says: 'splits at a non-breaking hyphen', text: 'Sobane‑Da', tokens: [['sobane', 'Sobane'], ['da', 'Da']] },
    { says: 'splits at a no-break space', text: 'Ségou\u00a0région', tokens: [['segou', 'Ségou'], ['region', 'région']] },
    { says: 'keeps offsets right after a character outside the BMP', text: '🔴 Ogota: alerte', tokens: [['ogota', 'Ogota'], ['alerte', 'alerte']] },
    { says: 'expands the oe ligature and folds ß', text: 'Œuvre Straße', tokens: [['oeuvre', 'Œuvre'], ['strasse', 'Straße']] },
    { says: 'folds full-width letters', text: 'ＯＧＯＴＡ', tokens: [['ogota', 'ＯＧＯＴＡ']] },
    { says: 'splits digits at a thousands comma', text: '2,000 fled', tokens: [['2', '2'], ['000', '000'], ['fled', 'fled']] },
    { says: 'gives no token for punctuation only', text: '— « » …', tokens: [] },
  ])('$says', ({ text, tokens }) => {
    expect(tokenize(text).map((t) => [t.norm, text.slice(t.start, t.end)])).toEqual(tokens);
  });
});

describe('normalizeKey', () => {
  it.each([
    { says: 'unifies straight, curly and modifier apostrophes', texts: ["Jama'at Nusrat", 'Jama’at Nusrat', 'Jamaʼat Nusrat'], key: 'jama at nusrat' },
    { says: 'unifies hyphen, en dash, non-breaking hyphen and space', texts: ['Sobane-Da', 'Sobane–Da', 'Sobane‑Da', 'Sobane Da'], key: 'sobane da' },
    { says: 'folds accents and capitals', texts: ['OUÉMBÉ', 'Ouémbé', 'Ouembe'], key: 'ouembe' },
    { says: 'collapses surrounding and repeated spaces', texts: ['  Ségou   region ', 'Ségou region'], key: 'segou region' },
    { says: 'folds Al-Qaïda like Al-Qaida', texts: ['Al-Qaïda au Maghreb islamique', 'al qaida au Maghreb Islamique'], key: 'al qaida au maghreb islamique' },
    { says: 'gives an empty key to punctuation only', texts: ['---', ' ’ '], key: '' },
  ])('$says', ({ texts, key }) => {
    for (const text of texts) expect(normalizeKey(text)).toBe(key);
  });
});

describe('splitSentences', () => {
  it.each([
    {
      says: 'does not end a sentence at "U.N." before a lowercase word',
      text: 'U.N. officials visited Ogossagou. Villagers had fled.',
      sentences: ['U.N. officials visited Ogossagou.', 'Villagers had fled.'],
    },
    {
      says: 'does not end a sentence at "a.m." before a lowercase word',
      text: 'The attack began at 5 a.m. on Saturday. Villagers fled.',
      sentences: ['The attack began at 5 a.m. on Saturday.', 'Villagers fled.'],
    },
    {
      says: 'does not end a sentence at "e.g." before a lowercase word',
      text: 'Some villages, e.g. the hamlets near Ogota, were emptied. Others resisted.',
      sentences: ['Some villages, e.g. the hamlets near Ogota, were emptied.', 'Others resisted.'],
    },
    {
      says: 'does not end a sentence at a title before a name',
      text: 'Dr. Amadou Diallo visited Ogota. M. Traoré, maire de Bankass, a parlé.',
      sentences: ['Dr. Amadou Diallo visited Ogota.', 'M. Traoré, maire de Bankass, a parlé.'],
    },
    {
      says: 'does not end a sentence at an initialism before a capital',
      text: 'The U.N. Secretary-General condemned the attack. Villagers fled.',
      sentences: ['The U.N. Secretary-General condemned the attack.', 'Villagers fled.'],
    },
    {
      says: 'does not end a sentence at "e.g." before a capital',
      text: 'Some villages, e.g. Ogota, were emptied. Others resisted.',
      sentences: ['Some villages, e.g. Ogota, were emptied.', 'Others resisted.'],
    },
    {
      says: 'ends sentences at French question and exclamation marks after a space',
      text: 'Qui a attaqué Ogossagou ? Personne ne le sait ! Les habitants ont fui.',
      sentences: ['Qui a attaqué Ogossagou ?', 'Personne ne le sait !', 'Les habitants ont fui.'],
    },
    {
      says: 'ends a sentence at a paragraph break without a full stop',
      text: 'Bankass, 12 June\n\nGunmen attacked the village at night.',
      sentences: ['Bankass, 12 June', 'Gunmen attacked the village at night.'],
    },
    {
      says: 'keeps a closing quote with its sentence',
      text: '“They burned everything.” The survivors left for Mopti.',
      sentences: ['“They burned everything.”', 'The survivors left for Mopti.'],
    },
  ])('$says', ({ text, sentences }) => {
    const found = splitSentences(text);

    expect(found.map((s) => s.text)).toEqual(sentences);
    for (const s of found) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('splitSentences on a long text', () => {
  // Sentences, line breaks, "!", "?" (French-spaced too), lowercase after a full stop, quotes and
  // figures, with no abbreviation: every segment the segmenter gives is then one sentence.
  const WORDS = ['Ogossagou', 'villagers', 'attacked', 'Bankass', 'hier', 'soldats', '12', '3.5', 'Mopti', 'fled'];
  const ENDS = [' ', ' ', ' ', ', ', '. ', '. ', '! ', '? ', ' ? ', '.\n', '\n\n', '." ', '… '];

  function randomText(seed: number, length: number): string {
    let state = seed;
    const pick = <T>(list: readonly T[]): T => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return list[state % list.length] as T;
    };
    let text = '';
    while (text.length < length) text += pick(WORDS) + pick(ENDS);
    return text;
  }

  it.each(Array.from({ length: 16 }, (_, i) => i + 1))('cuts it as the segmenter cuts the whole of it (text %i)', (seed) => {
    const text = randomText(seed, 9_000);
    const whole = [...new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)]
      .map(({ segment, index }) => ({ text: segment.trim(), start: index + segment.length - segment.trimStart().length }))
      .filter((s) => s.text !== '');

    expect(splitSentences(text).map((s) => ({ text: s.text, start: s.start }))).toEqual(whole);
  });

  it('splits 2 MB of short sentences in well under a second', () => {
    const text = 'Gunmen attacked Ogossagou. '.repeat(80_000);
    const started = performance.now();

    expect(splitSentences(text)).toHaveLength(80_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

