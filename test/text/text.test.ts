// The text primitives every stage shares: tokens folded the same way for feed text and
// aliases (accents, capitals, apostrophe and hyphen variants), and sentence boundaries that
// survive abbreviations and French punctuation.
import { describe, expect, it } from 'vitest';
import { normalizeKey, sentenceAround, sentenceAt, splitSentences, tokenize } from '../../src/text/index.js';

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

describe('tokenize for mentions', () => {
  const marked = (text: string): [string, string | null][] => tokenize(text, { mentions: true }).map((t) => [t.norm, t.inside]);
  const breaks = (text: string): [string, boolean][] => tokenize(text, { mentions: true }).map((t) => [t.norm, t.breakBefore]);

  it.each([
    { says: 'marks every word of a URL with a scheme', text: 'See https://reliefweb.int/ogossagou-attack now', kinds: [['see', null], ['https', 'url'], ['reliefweb', 'url'], ['int', 'url'], ['ogossagou', 'url'], ['attack', 'url'], ['now', null]] },
    { says: 'marks a bare www address', text: 'www.ogossagou.ml', kinds: [['www', 'url'], ['ogossagou', 'url'], ['ml', 'url']] },
    { says: 'marks a domain by its ending', text: 'ogossagou.org, then', kinds: [['ogossagou', 'url'], ['org', 'url'], ['then', null]] },
    { says: 'marks an e-mail address', text: 'write to info@bankass.org.', kinds: [['write', null], ['to', null], ['info', 'email'], ['bankass', 'email'], ['org', 'email']] },
    { says: 'marks a file name', text: 'Rapport_Ouembe.pdf (2 Mo)', kinds: [['rapport', 'file'], ['ouembe', 'file'], ['pdf', 'file'], ['2', null], ['mo', null]] },
    { says: 'leaves initialisms and abbreviations alone', text: 'U.N. staff, e.g. at 5 a.m.', kinds: [['u', null], ['n', null], ['staff', null], ['e', null], ['g', null], ['at', null], ['5', null], ['a', null], ['m', null]] },
    { says: 'leaves a full stop without a space alone when no link ending follows', text: 'Mopti.Bankass', kinds: [['mopti', null], ['bankass', null]] },
  ])('$says', ({ text, kinds }) => {
    expect(marked(text)).toEqual(kinds);
  });

  it.each([
    { says: 'does not break a clause at one line break', text: 'Dan Na\nAmbassagou', found: [['dan', false], ['na', false], ['ambassagou', false]] },
    { says: 'breaks a clause at a blank line', text: 'Dan Na\n\nAmbassagou', found: [['dan', false], ['na', false], ['ambassagou', true]] },
    { says: 'breaks a clause at a blank line written with carriage returns', text: 'Dan Na\r\n \r\nAmbassagou', found: [['dan', false], ['na', false], ['ambassagou', true]] },
    { says: 'skips an inline tag', text: 'Dan Na <b>Ambassagou</b>', found: [['dan', false], ['na', false], ['ambassagou', false]] },
    { says: 'breaks a clause at a block tag', text: 'Dan Na</p><p>Ambassagou', found: [['dan', false], ['na', false], ['ambassagou', true]] },
    { says: 'reads "<" before a space as text', text: 'moins de 5 < 10 morts', found: [['moins', false], ['de', false], ['5', false], ['10', false], ['morts', false]] },
  ])('$says', ({ text, found }) => {
    expect(breaks(text)).toEqual(found);
  });

  it('still breaks at a single line break when not reading for mentions', () => {
    expect(tokenize('Dan Na\nAmbassagou').map((t) => t.breakBefore)).toEqual([false, false, true]);
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

describe('sentenceAround', () => {
  it.each([
    'Dr. Amadou Diallo said Ogossagou was quiet. Then he left.',
    'U.N. officials visited Ogossagou on Monday. They found it empty.',
    'Qui a attaqué Ogossagou ? Personne ne le sait ! Les habitants ont fui.',
    '“They burned Ogossagou.” The survivors left for Mopti.',
    'Gunmen came at 5 a.m. on Sunday. Ogossagou burned. M. Traoré, maire de Bankass, a parlé.',
  ])('gives the sentence splitSentences gives: %s', (text) => {
    const start = text.indexOf('Ogossagou');

    expect(sentenceAround(text, start, start + 9)).toEqual(sentenceAt(splitSentences(text), start));
  });

  it('gives both lines of a name split across a line break', () => {
    const text = 'Fighters of Dan Na\nAmbassagou were seen. Others fled.';
    const start = text.indexOf('Dan');

    expect(sentenceAround(text, start, text.indexOf('were') - 1).text).toBe('Fighters of Dan Na\nAmbassagou were seen.');
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

  it('splits 2 MB of short sentences in linear time (a loose bound: quadratic would take hours)', () => {
    const text = 'Gunmen attacked Ogossagou. '.repeat(80_000);
    const started = performance.now();

    expect(splitSentences(text)).toHaveLength(80_000);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

