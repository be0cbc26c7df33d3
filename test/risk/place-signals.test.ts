// What a report says happened at a watched place, read whole: the toll (with its qualifier), who
// the victims were, who is named as perpetrator, and when it happened, from sentences written the
// way UN, NGO and press reports write them, in English and French. The readers each have their own
// tables (figures, event-date, actor-role); this one checks them together, per place.
import { describe, expect, it } from 'vitest';
import { matchItem } from '../../src/matching/index.js';
import { compileSignalRules, extractPlaceSignals } from '../../src/risk/index.js';
import { compileShippedWatchlists, shippedConfig } from '../helpers/watchlists.js';

const matcher = compileShippedWatchlists();
const rules = compileSignalRules(shippedConfig.risk);
// Wednesday 25 November 2026.
const published = new Date('2026-11-25T10:00:00Z');

interface Expected {
  place: string;
  killed?: { min: number; max?: number; qualifier?: string; approximate?: boolean; revised?: boolean } | null;
  soldiersKilled?: number;
  abducted?: number;
  displaced?: number;
  victims?: string[];
  perpetrators?: string[];
  mentioned?: string[];
  /** ISO day, or null when the text gives no date. */
  date?: string | null;
}

interface Case extends Expected {
  text: string;
}

const cases: Case[] = [
  {
    text: 'Dan Na Ambassagou militiamen attacked Ogossagou on Sunday, killing at least 35 Fulani civilians, including women and children.',
    place: 'Ogossagou',
    killed: { min: 35, qualifier: 'at-least' },
    victims: ['Fulani', 'children', 'civilians', 'women'],
    perpetrators: ['Dan Na Ambassagou'],
    date: '2026-11-22',
  },
  {
    text: 'Dans la nuit de samedi à dimanche, des hommes armés ont attaqué Ogota, tuant une trentaine de civils peuls.',
    place: 'Ogota',
    killed: { min: 30, approximate: true },
    victims: ['Fulani', 'civilians'],
    perpetrators: [],
    date: '2026-11-21',
  },
  {
    text: "Le bilan de l'attaque de Djimdo s'est alourdi à 40 morts, selon les autorités locales.",
    place: 'Djimdo',
    killed: { min: 40, revised: true },
    date: null,
  },
  {
    text: 'JNIM claimed responsibility for the attack on Gouari on 19 November, in which seven villagers were killed.',
    place: 'Gouari',
    killed: { min: 7 },
    perpetrators: ['JNIM'],
    date: '2026-11-19',
  },
  {
    text: 'Residents of Diallassagou asked the FAMa for protection after gunmen killed 12 villagers yesterday.',
    place: 'Diallassagou',
    killed: { min: 12 },
    perpetrators: [],
    mentioned: ['FAMa'],
    date: '2026-11-24',
  },
  {
    text: 'Some 30 gunmen stormed Ouémbé on Monday, killing 4 people and abducting 9 women.',
    place: 'Ouémbé',
    killed: { min: 4 },
    abducted: 9,
    date: '2026-11-23',
  },
  {
    text: 'Thirty-five civilians were killed in Koulogon on 1 January, the UN said.',
    place: 'Koulogon',
    killed: { min: 35 },
    victims: ['civilians'],
    date: '2026-01-01',
  },
  {
    text: 'Des dizaines de civils ont été tués à Sobane Da.',
    place: 'Sobane Da',
    killed: { min: 10, approximate: true },
    victims: ['civilians'],
    date: null,
  },
  {
    text: 'Five years ago, on 23 March 2019, gunmen killed 160 Fulani villagers in Ogossagou.',
    place: 'Ogossagou',
    killed: { min: 160 },
    victims: ['Fulani', 'civilians'],
    date: '2019-03-23',
  },
  {
    text: 'A 46-year-old farmer was killed in Ogota on Monday.',
    place: 'Ogota',
    killed: null,
    date: '2026-11-23',
  },
  {
    text: 'Trois soldats ont été tués près de Bandiagara mardi.',
    place: 'Bandiagara',
    killed: null,
    soldiersKilled: 3,
    date: '2026-11-24',
  },
  {
    text: 'More than 600 people fled Ogossagou after the attack.',
    place: 'Ogossagou',
    displaced: 600,
  },
  {
    text: 'Au moins 31 civils ont été tués à Ogossagou le 22 novembre, selon des sources locales.',
    place: 'Ogossagou',
    killed: { min: 31, qualifier: 'at-least' },
    victims: ['civilians'],
    date: '2026-11-22',
  },
  {
    text: "L'attaque, attribuée à la Katiba Macina, a fait 14 morts à Dianwéli le 20 novembre.",
    place: 'Dianwéli',
    killed: { min: 14 },
    perpetrators: ['Katiba Macina'],
    date: '2026-11-20',
  },
  {
    text: 'Between 20 and 25 civilians were killed when gunmen attacked Kalala, in Macina cercle, last week.',
    place: 'Kalala',
    killed: { min: 20, max: 25 },
    date: '2026-11-18',
  },
  {
    text: 'The MINUSMA condemned the attack on Ogota, in which JNIM fighters killed 9 villagers on 21 November.',
    place: 'Ogota',
    killed: { min: 9 },
    perpetrators: ['JNIM'],
    date: '2026-11-21',
  },
  {
    text: 'Jusqu’à 50 personnes auraient été tuées à Gouari, selon un élu local.',
    place: 'Gouari',
    killed: { min: 50, qualifier: 'up-to' },
  },
  {
    text: 'The death toll from the attack on Ogossagou has risen to 35, officials said on Tuesday.',
    place: 'Ogossagou',
    killed: { min: 35, revised: true },
  },
  {
    text: 'Soixante-dix villageois ont été tués à Koulogon le 1er janvier.',
    place: 'Koulogon',
    killed: { min: 70 },
    date: '2026-01-01',
  },
  {
    text: 'Des chasseurs dozos ont attaqué le village de Gouari le 19 novembre, faisant 11 morts parmi les civils.',
    place: 'Gouari',
    killed: { min: 11 },
    perpetrators: ['Dozo militias'],
    date: '2026-11-19',
  },
  {
    text: 'Stage 9 of the cycling tour passed through Bandiagara on Sunday.',
    place: 'Bandiagara',
    killed: null,
  },
  {
    text: "Les FAMa ont neutralisé 20 terroristes près de Djimdo, selon l'armée.",
    place: 'Djimdo',
    killed: null,
  },
  {
    text: 'Quatre personnes ont été enlevées à Ogossagou hier.',
    place: 'Ogossagou',
    abducted: 4,
    date: '2026-11-24',
  },
  {
    text: 'In 2019, more than 160 people were killed in Ogossagou.',
    place: 'Ogossagou',
    killed: { min: 160, qualifier: 'more-than' },
    date: '2019-01-01',
  },
  {
    // A place named again after other places: its later sentence is its own, though the match
    // stored for it is its first mention (with a count of two).
    text: 'Gunmen attacked Ogossagou and Mopti on Sunday. Aid reached Bankass on Monday. Schools stayed closed in Mopti. In Ogossagou, 12 people were killed.',
    place: 'Ogossagou',
    killed: { min: 12 },
  },
  {
    text: 'Gunmen killed two herders near Djimdo two days ago.',
    place: 'Djimdo',
    killed: { min: 2 },
    date: '2026-11-23',
  },
];

function signalsAt(text: string, place: string) {
  const item = { title: '', text, reference: published };
  return extractPlaceSignals(rules, item, matchItem(matcher, item)).find((p) => p.name === place);
}

describe('signals per place, read whole', () => {
  it('has a case for each reader in both languages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('$place: $text', ({ text, place, killed, soldiersKilled, abducted, displaced, victims, perpetrators, mentioned, date }) => {
    const signals = signalsAt(text, place);
    expect(signals, `no signals for ${place}`).toBeDefined();
    if (killed === null) expect(signals?.figures.killed).toBeUndefined();
    if (killed) expect(signals?.figures.killed).toMatchObject({ max: killed.max ?? killed.min, ...killed });
    if (soldiersKilled !== undefined) expect(signals?.combatants['security-forces']?.min).toBe(soldiersKilled);
    if (abducted !== undefined) expect(signals?.figures.abducted?.min).toBe(abducted);
    if (displaced !== undefined) expect(signals?.figures.displaced?.min).toBe(displaced);
    if (victims) expect([...(signals?.victims ?? [])].sort()).toEqual([...victims].sort());
    if (perpetrators) expect(signals?.perpetrators.map((a) => a.name)).toEqual(perpetrators);
    if (mentioned) expect(signals?.mentioned.map((a) => a.name)).toEqual(mentioned);
    if (date !== undefined) expect(signals?.eventDate?.date.toISOString().slice(0, 10) ?? null).toBe(date);
  });
});
