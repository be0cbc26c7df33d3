// Matching on the shipped central Mali watchlist, with text written the way UN, NGO and press
// reports write it: accents dropped, titles in capitals, curly apostrophes, French elision,
// hyphen/space variants, possessives; near-misses that must not match; ambiguous names that
// count only with context.
import { describe, expect, it } from 'vitest';
import { eachMention, matchItem, type EntityMatch, type MatchableItem } from '../../src/matching/index.js';
import { compileShippedWatchlists } from '../helpers/watchlists.js';

const matcher = compileShippedWatchlists(['central-mali']);

const namesFound = (matches: readonly EntityMatch[]): string[] => [...new Set(matches.map((m) => m.name))].sort();

interface MatchCase {
  says: string;
  title?: string;
  text?: string;
  names: string[];
}

const cases: MatchCase[] = [
  // Spelling as reports write it
  { says: 'finds Ouémbé written without its accents', text: 'Ouembe villagers fled towards Bankass after the attack.', names: ['Bankass', 'Ouémbé'] },
  { says: 'finds places in an all-capitals title with accents', title: 'MALI: GUNMEN ATTACK OUÉMBÉ AND OGOTA', names: ['Mali', 'Ogota', 'Ouémbé'] },
  { says: 'finds JNIM by its full name with a curly apostrophe', text: 'Jama’at Nusrat al-Islam wal-Muslimin claimed responsibility for the attack.', names: ['JNIM'] },
  { says: 'finds JNIM by its full name written without apostrophe', text: 'The Jamaat Nusrat al-Islam wal Muslimin coalition operates in central Mali.', names: ['JNIM', 'Mali'] },
  { says: 'finds JNIM by a transliteration with a straight apostrophe', text: "Fighters of Jama'at Nusrat al-Islam wa al-Muslimeen were seen near Sokolo.", names: ['JNIM', 'Sokolo'] },
  { says: 'finds a village after French elision with a curly apostrophe', text: 'Les habitants d’Ogossagou ont fui vers Bankass.', names: ['Bankass', 'Ogossagou'] },
  { says: 'finds the Malian army after French elision with a straight apostrophe', text: "L'armée malienne a riposté à Djenné.", names: ['Djenné', 'FAMa'] },
  { says: 'finds Sobane Da written with a hyphen', text: 'Survivors of the Sobane-Da massacre are still waiting for justice.', names: ['Sobane Da'] },
  { says: 'finds Sobane Da by its other name Sobane-Kou', text: 'Le hameau de Sobane-Kou, dans la commune de Sangha, a été incendié.', names: ['Sangha', 'Sobane Da'] },
  { says: 'finds a village before a possessive with a straight apostrophe', text: "Ogota's residents buried their dead the next day.", names: ['Ogota'] },
  { says: 'finds a village before a possessive with a curly apostrophe', text: 'Ogota’s residents buried their dead the next day.', names: ['Ogota'] },
  { says: 'finds the Dozo militias by the plural Dozos', text: 'Dozos have set up checkpoints on the roads around Bankass.', names: ['Bankass', 'Dozo militias'] },
  { says: 'finds the Dozo militias in French as chasseurs dozos', text: 'Des chasseurs dozos ont attaqué Koumaga à l’aube.', names: ['Dozo militias', 'Koumaga'] },
  { says: 'finds the Dozo militias as the traditional hunters’ militia', text: 'Witnesses blamed the traditional hunters’ militia for the killings in Binedama.', names: ['Binedama', 'Dozo militias'] },
  { says: 'finds a name at the very start of the text', text: 'Ogossagou was attacked again on 14 February 2020.', names: ['Ogossagou'] },
  { says: 'finds a name at the very end of a sentence', text: 'Gunmen on motorbikes surrounded Dinangourou.', names: ['Dinangourou'] },
  { says: 'finds the Dan Na Ambassagou militia written in capitals', text: 'DAN NA AMBASSAGOU DENIES INVOLVEMENT', names: ['Dan Na Ambassagou'] },
  { says: 'finds the Dan Na Ambassagou militia by a variant spelling with a possessive', text: "Dana Ambassagou's fighters were accused of the attack.", names: ['Dan Na Ambassagou'] },
  { says: 'finds every village of a French list', text: 'Les villages de Diallassagou, Dianwéli et Déguéssagou ont été attaqués.', names: ['Diallassagou', 'Déguéssagou', 'Dianwéli'] },
  { says: 'finds a village by an alias written in capitals', text: 'DIANWELLY: survivors speak', names: ['Dianwéli'] },
  { says: 'finds Ogossagou-Peul written with an en dash in capitals', text: 'OGOSSAGOU–PEUL, UN AN APRÈS', names: ['Ogossagou'] },
  { says: 'tells Minima Maoudé from Minimakanda and its spaced spelling', text: 'Minima Maoudé and Minima Kanda were both attacked.', names: ['Minima Maoudé', 'Minimakanda'] },
  { says: 'finds Djenné and Ségou in accent-less and alternative spellings', text: 'Roads between Djenne, Jenné, Segu and Segou were closed.', names: ['Djenné', 'Ségou'] },
  { says: 'finds French names of armed groups with curly elision', text: 'Le Groupe de soutien à l’islam et aux musulmans (GSIM) et l’État islamique au Grand Sahara (EIGS) s’affrontent.', names: ['Islamic State Sahel', 'JNIM'] },
  { says: 'finds AQIM by its French acronym and name', text: 'AQMI, ou Al-Qaïda au Maghreb islamique, a revendiqué l’enlèvement.', names: ['AQIM'] },
  { says: 'finds the Malian armed forces and Wagner in one sentence', text: 'The Forces armées maliennes (FAMa) and Wagner were deployed to Moura, in the Mopti region.', names: ['FAMa', 'Mopti region', 'Moura', 'Wagner Group'] },
  { says: 'reads "Malian army" as the army, not as the country', text: 'The Malian army said it had repelled the attack.', names: ['FAMa'] },
  { says: 'finds a name whose accents are written as separate combining marks', text: 'Oue\u0301mbe\u0301 residents fled.', names: ['Ouémbé'] },
  { says: 'finds a name broken by an invisible soft hyphen', text: 'Ogos\u00adsagou was attacked again.', names: ['Ogossagou'] },
  { says: 'never matches a name across the end of a sentence', text: 'Fighting continued in Mopti. Region-wide, more than 10,000 people have been displaced.', names: ['Mopti'] },

  // Longest match wins
  { says: 'prefers Bankass cercle over the town Bankass', text: 'Tension rose in Bankass cercle after the attack.', names: ['Bankass cercle'] },
  { says: 'prefers "cercle de Bankass" over the town Bankass', text: 'Des violences ont éclaté dans le cercle de Bankass.', names: ['Bankass cercle'] },
  { says: 'finds the town Bankass on its own', text: 'Displaced families arrived in Bankass on foot.', names: ['Bankass'] },
  { says: 'prefers Mopti region over the town Mopti', text: 'The violence spread across the Mopti region.', names: ['Mopti region'] },
  { says: 'prefers "région de Bandiagara" over the town Bandiagara', text: 'Le gouverneur de la région de Bandiagara a condamné l’attaque.', names: ['Bandiagara region'] },
  { says: 'finds both the town and the region of Bandiagara when both are named', text: 'Bandiagara town is the seat of Bandiagara region.', names: ['Bandiagara', 'Bandiagara region'] },
  { says: 'prefers "Region of Mopti" and finds Mali before a possessive', text: "Central Mali's Region of Mopti remains the epicentre.", names: ['Mali', 'Mopti region'] },
  { says: 'reads Katiba Macina as the armed group, not the town Macina', text: 'Katiba Macina claimed the attack near Djenné.', names: ['Djenné', 'Katiba Macina'] },
  { says: 'prefers "cercle de Ké-Macina" over the town Ké-Macina', text: 'Dans le cercle de Ké-Macina, les Dozos contrôlent les routes.', names: ['Dozo militias', 'Macina cercle'] },
  { says: 'finds Gangafani II as Gangafani', text: 'Gangafani II was attacked on 17 June 2019.', names: ['Gangafani'] },
  { says: 'finds Mopti before a curly possessive', text: 'Mopti’s governor visited the wounded.', names: ['Mopti'] },

  // Near-misses that must not match
  { says: 'does not find Boura inside Bouraké', text: 'Bouraké farmers brought their millet to market.', names: [] },
  { says: 'does not find Kalala inside Kalalaba', text: 'The Kalalaba market reopened on Thursday.', names: [] },
  { says: 'does not find Diallassagou inside Diallassagoubé', text: 'Diallassagoubé est un nom de famille répandu.', names: [] },
  { says: 'does not find the town Macina in a footballer with no Mali context', text: 'Macina scored twice for the Italian side on Sunday.', names: [] },
  { says: 'does not find Boura in Burkina Faso without Malian context', text: 'Boura, a town in Burkina Faso, was attacked by gunmen.', names: [] },
  { says: 'does not find Ségué in the English word "segue"', text: 'The speaker made a segue into the budget discussion.', names: [] },
  { says: 'does not find Koro in a report about Fiji', text: 'Cyclone damage was heavy on Koro island in Fiji.', names: [] },
  { says: 'does not find Moura in a footballer’s surname', text: 'Lucas Moura scored the winning goal.', names: [] },
  { says: 'does not find Yoro in a report about Honduras', text: 'Flooding hit the department of Yoro, Honduras.', names: [] },
  { says: 'does not find Sangha in a report about the Republic of Congo', text: 'The Sangha department, in the Republic of Congo, reported floods.', names: [] },
  { says: 'does not find Kalala in a surname', text: 'Kalala, a Congolese striker, signed a new contract.', names: [] },
  { says: 'does not find Ndokoro without context', text: 'Ndokoro is mentioned in the annex.', names: [] },
  { says: 'does not find Ké-Macina without context, the entry being ambiguous', text: 'Ké-Macina residents gathered at the market.', names: [] },

  // Ambiguous places that count with context
  { says: 'finds Boura with its cercle in the same sentence', text: 'Boura, in Macina cercle, was attacked by Dozo militiamen.', names: ['Boura', 'Dozo militias', 'Macina cercle'] },
  { says: 'does not take the country alone as context for Koro', text: 'Koro, in central Mali, came under fire overnight.', names: ['Mali'] },
  { says: 'finds Koro with its region in the same item', text: 'Koro, in the Bandiagara region, came under fire overnight.', names: ['Bandiagara region', 'Koro'] },
  { says: 'finds Moura with its region in the same item', text: 'Moura, in the Mopti region, was the scene of mass killings in March 2022.', names: ['Mopti region', 'Moura'] },
  { says: 'finds Yoro beside another watched village', text: 'Yoro and Gangafani were attacked on the same night.', names: ['Gangafani', 'Yoro'] },
  { says: 'finds Sangha by its alias Sanga beside the town Bandiagara', text: 'Sanga, on the plateau east of Bandiagara, received displaced families.', names: ['Bandiagara', 'Sangha'] },
  { says: 'finds Ségué in the text with Mali named in the title', title: 'Mali: gunmen attack Bankass villages', text: 'Ségué was attacked on Sunday night.', names: ['Bankass', 'Mali', 'Ségué'] },
  { says: 'finds Ségué with its cercle named in French', text: 'Ségué, dans le cercle de Bankass, a été attaqué dimanche.', names: ['Bankass cercle', 'Ségué'] },
  { says: 'finds Kalala-Peul with its region', text: 'At least 13 people were killed in Kalala-Peul, in Ségou region.', names: ['Kalala', 'Ségou region'] },
  { says: 'finds N’Dokoro with a curly apostrophe and its region', text: 'N’Dokoro, in the Mopti region, was emptied of its inhabitants.', names: ['Mopti region', 'Ndokoro'] },
  { says: 'finds Ké-Macina with its region', text: 'Ké-Macina residents of Ségou region gathered at the market.', names: ['Macina', 'Ségou region'] },
];

describe('matchItem on the shipped central Mali watchlist', () => {
  it.each(cases)('$says', ({ title = '', text = '', names }) => {
    const item: MatchableItem = { title, text };
    const matches = matchItem(matcher, item);

    expect(namesFound(matches)).toEqual([...names].sort());
    for (const m of matches) expect(item[m.field].slice(m.start, m.end)).toBe(m.alias);
  });
});

interface EvidenceCase {
  says: string;
  title?: string;
  text?: string;
  name: string;
  alias: string;
  sentence: string;
  field: 'title' | 'text';
}

const evidence: EvidenceCase[] = [
  {
    says: 'keeps the full name of JNIM as written and the sentence it stands in',
    text: 'Armed men attacked Ogota at dawn. Jama’at Nusrat al-Islam wal-Muslimin claimed the attack on 28 January. Survivors fled.',
    name: 'JNIM',
    alias: 'Jama’at Nusrat al-Islam wal-Muslimin',
    sentence: 'Jama’at Nusrat al-Islam wal-Muslimin claimed the attack on 28 January.',
    field: 'text',
  },
  {
    says: 'keeps a title match in capitals with the whole title as its sentence',
    title: 'OUÉMBÉ: 32 civilians killed, 350 homes burned',
    name: 'Ouémbé',
    alias: 'OUÉMBÉ',
    sentence: 'OUÉMBÉ: 32 civilians killed, 350 homes burned',
    field: 'title',
  },
  {
    says: 'keeps the village name without its elided article',
    text: 'Les habitants d’Ogossagou ont fui. Ils sont hébergés à Bankass.',
    name: 'Ogossagou',
    alias: 'Ogossagou',
    sentence: 'Les habitants d’Ogossagou ont fui.',
    field: 'text',
  },
  {
    says: 'keeps the French form of a cercle as written',
    text: 'Violence spread across the cercle de Bankass. Schools closed.',
    name: 'Bankass cercle',
    alias: 'cercle de Bankass',
    sentence: 'Violence spread across the cercle de Bankass.',
    field: 'text',
  },
  {
    says: 'keeps the name without its possessive ending',
    text: 'The attack lasted three hours. Ogota’s mayor said the toll would rise.',
    name: 'Ogota',
    alias: 'Ogota',
    sentence: 'Ogota’s mayor said the toll would rise.',
    field: 'text',
  },
  {
    says: 'keeps "U.N." before a lowercase word inside the sentence',
    text: 'U.N. officials visited Ogossagou on Monday. They found it empty.',
    name: 'Ogossagou',
    alias: 'Ogossagou',
    sentence: 'U.N. officials visited Ogossagou on Monday.',
    field: 'text',
  },
  {
    says: 'keeps a title such as "Dr." inside the sentence',
    text: 'Dr. Amadou Diallo said Ogossagou was quiet. Then he left.',
    name: 'Ogossagou',
    alias: 'Ogossagou',
    sentence: 'Dr. Amadou Diallo said Ogossagou was quiet.',
    field: 'text',
  },
  {
    says: 'keeps the hyphenated spelling as written',
    text: 'Le village de Sobane-Da, dans la commune de Sangha, a été incendié.',
    name: 'Sobane Da',
    alias: 'Sobane-Da',
    sentence: 'Le village de Sobane-Da, dans la commune de Sangha, a été incendié.',
    field: 'text',
  },
];

describe('match evidence', () => {
  it.each(evidence)('$says', ({ title = '', text = '', name, alias, sentence, field }) => {
    const matches = matchItem(matcher, { title, text }).filter((m) => m.name === name);

    expect(matches.map((m) => ({ alias: m.alias, sentence: m.sentence, field: m.field }))).toContainEqual({ alias, sentence, field });
  });

  it('gives a place the areas it lies within and an actor none', () => {
    const matches = matchItem(matcher, { title: '', text: 'JNIM fighters attacked Ogota.' });

    expect(matches.map((m) => ({ kind: m.kind, name: m.name, within: m.within }))).toEqual([
      { kind: 'actor', name: 'JNIM', within: [] },
      { kind: 'place', name: 'Ogota', within: ['Bankass cercle', 'Bandiagara region', 'Mopti region', 'Mali'] },
    ]);
  });

  it.each([
    ['Survivors of the Sobane-Da massacre.', 'Sobane-Da'],
    ['Ogossagou-Peul, a Fulani village.', 'Ogossagou-Peul'],
  ])('reports one match for one mention when two aliases differ only by a hyphen: %s', (text, alias) => {
    expect(matchItem(matcher, { title: '', text }).map((m) => m.alias)).toEqual([alias]);
  });

  it('reports a place named once in the text and once in the title as two matches', () => {
    const matches = matchItem(matcher, { title: 'Ogossagou attacked', text: 'Gunmen attacked Ogossagou.' });

    expect(matches.map((m) => [m.name, m.field])).toEqual([
      ['Ogossagou', 'title'],
      ['Ogossagou', 'text'],
    ]);
  });
});

describe('repeated mentions', () => {
  const spans = (text: string, word: string): { start: number; end: number }[] =>
    [...text.matchAll(new RegExp(word, 'gi'))].map((m) => ({ start: m.index, end: m.index + word.length }));

  it('makes one match of a village named three times in the text, with the first mention', () => {
    const text = 'Ogossagou was attacked at dawn. Survivors of Ogossagou fled to Bankass. OGOSSAGOU is now empty.';
    const matches = matchItem(matcher, { title: '', text }).filter((m) => m.name === 'Ogossagou');

    expect(matches).toEqual([
      expect.objectContaining({ alias: 'Ogossagou', start: 0, end: 9, count: 3, sentence: 'Ogossagou was attacked at dawn.', mentions: spans(text, 'Ogossagou') }),
    ]);
  });

  it('keeps the words of the first mention when later ones use another alias', () => {
    const matches = matchItem(matcher, { title: '', text: 'Le hameau de Sobane-Kou a brûlé. Les rescapés de Sobane Da témoignent.' });

    expect(matches.map((m) => [m.name, m.alias, m.count])).toEqual([['Sobane Da', 'Sobane-Kou', 2]]);
  });

  it('counts the title and the text apart', () => {
    const matches = matchItem(matcher, { title: 'Ogossagou: why Ogossagou again', text: 'Gunmen attacked Ogossagou.' });

    expect(matches.map((m) => [m.name, m.field, m.count])).toEqual([
      ['Ogossagou', 'title', 2],
      ['Ogossagou', 'text', 1],
    ]);
  });

  it.each([
    { says: 'still needs its context', text: 'Koro was shelled. Koro burned. Koro is empty.', found: [] },
    { says: 'is counted once it has it', text: 'Koro was shelled. Koro burned. Koro, in the Bandiagara region, is empty.', found: [['Koro', 3], ['Bandiagara region', 1]] },
  ])('an ambiguous place named three times $says', ({ text, found }) => {
    expect(matchItem(matcher, { title: '', text }).map((m) => [m.name, m.count])).toEqual(found);
  });

  it('gives the risk stage each mention with its own offsets and words, title first', () => {
    const item = { title: 'Sobane-Da: survivors speak', text: 'Sobane-Kou burned. Sobane Da was rebuilt.' };

    expect(eachMention(item, matchItem(matcher, item)).map((m) => [m.field, m.alias, m.start])).toEqual([
      ['title', 'Sobane-Da', 0],
      ['text', 'Sobane-Kou', 0],
      ['text', 'Sobane Da', 19],
    ]);
  });
});

describe('evidence of a long sentence', () => {
  const lead =
    'In the early hours of Sunday, according to several residents who spoke on condition of anonymity, armed men riding motorbikes surrounded the village from the north and the east, set fire to granaries and houses, and fired on those who tried to flee towards the river,';
  const text = `${lead} in an attack that witnesses described as the worst since the massacre in Ogossagou in March 2019, which left more than one hundred and sixty people dead and many more missing, according to the United Nations mission and the local authorities of the cercle.`;

  it('is about 300 characters around the mention, cut between words, each cut marked', () => {
    const [match] = matchItem(matcher, { title: '', text }).filter((m) => m.name === 'Ogossagou');
    const sentence = match?.sentence ?? '';
    const inner = sentence.replace(/^…/, '').replace(/…$/, '');
    const at = text.indexOf(inner);

    expect(text.length).toBeGreaterThan(400);
    expect(sentence.length).toBeLessThanOrEqual(302);
    expect(sentence.length).toBeGreaterThan(250);
    expect([sentence.startsWith('…'), sentence.endsWith('…')]).toEqual([true, true]);
    expect(inner).toContain('the massacre in Ogossagou in March 2019');
    expect(at).toBeGreaterThan(0);
    expect([text[at - 1], text[at + inner.length]]).toEqual([' ', ' ']);
  });

  it('is the whole sentence up to 300 characters', () => {
    const sentence = `Ogossagou ${'x'.repeat(276)} was attacked.`;

    expect(sentence).toHaveLength(300);
    expect(matchItem(matcher, { title: '', text: sentence }).map((m) => m.sentence)).toEqual([sentence]);
  });

  it('cuts only after the mention when it opens the title', () => {
    const title = `Ogossagou: ${words(80)}`;
    const [match] = matchItem(matcher, { title, text: '' });

    expect(match?.sentence.startsWith('Ogossagou: mot0 mot1')).toBe(true);
    expect(match?.sentence.endsWith('…')).toBe(true);
    expect(match?.sentence.length).toBeLessThanOrEqual(301);
  });
});

// A guard against quadratic work on hostile input, not a speed target (the bench has those): it
// takes a few hundred ms; anything quadratic on 2 MB would take hours, so the bound is loose
// enough for a machine busy with other tests.
describe('matching 2 MB', () => {
  it('reads a 2 MB title of one repeated village name as one match, in linear time', () => {
    const repetitions = 200_000;
    const title = 'Ogossagou '.repeat(repetitions);
    const started = performance.now();
    const matches = matchItem(matcher, { title, text: '' });

    expect(performance.now() - started).toBeLessThan(10_000);
    expect(title.length).toBe(2_000_000);
    expect(matches.map((m) => [m.name, m.count, m.start])).toEqual([['Ogossagou', repetitions, 0]]);
    expect(matches[0]?.sentence.length).toBeLessThanOrEqual(302);
  });

  it('reads a 2 MB text of short sentences naming one village as one match, in linear time', () => {
    const repetitions = 80_000;
    const text = 'Gunmen attacked Ogossagou. '.repeat(repetitions);
    const started = performance.now();
    const matches = matchItem(matcher, { title: '', text });

    expect(performance.now() - started).toBeLessThan(10_000);
    expect(matches.map((m) => [m.name, m.count, m.sentence])).toEqual([['Ogossagou', repetitions, 'Gunmen attacked Ogossagou.']]);
  });
});

function words(count: number): string {
  return Array.from({ length: count }, (_, i) => `mot${i}`).join(' ');
}

