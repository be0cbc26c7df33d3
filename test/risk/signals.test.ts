// Signals and risk levels from sentences written the way UN, NGO and press reports write them,
// in English and French: reported figures, the numbers that must not become figures (ages,
// dates, years, distances), kinds of violence, and the level the shipped rules give them.
import { describe, expect, it } from 'vitest';
import { groupIncidents } from '../../src/alerts/index.js';
import { matchItem } from '../../src/matching/index.js';
import { ALERT_LEVELS, assessEvent, compileSignalRules, extractPlaceSignals, summarizeSignals, type AlertLevel, type Assessment, type Figure, type Signals } from '../../src/risk/index.js';
import { compileShippedWatchlists, shippedConfig as config } from '../helpers/watchlists.js';

const matcher = compileShippedWatchlists();
const rules = compileSignalRules(config.risk);
interface Source {
  publisher: string;
  publishedAt: Date | null;
}
const hrw: Source = { publisher: 'Human Rights Watch', publishedAt: new Date('2024-05-13T09:00:00Z') };
const reference = new Date('2024-05-13T09:00:00Z');

function signalsOf(item: { title: string; text: string }): Signals {
  return summarizeSignals(extractPlaceSignals(rules, { ...item, reference }, matchItem(matcher, item)));
}

// The most severe assessment over the item's incidents, each reported by `source`.
function assess(item: { title: string; text: string }, source: Source = hrw): Assessment | null {
  const places = extractPlaceSignals(rules, { ...item, reference }, matchItem(matcher, item));
  const assessments = groupIncidents(places, reference).flatMap((i) => assessEvent(config.risk, [{ ...source, figures: i.figures, violence: i.violence, victims: i.victims }]) ?? []);
  return assessments.sort((a, b) => ALERT_LEVELS.indexOf(a.level) - ALERT_LEVELS.indexOf(b.level))[0] ?? null;
}

const NO_FIGURES: Record<Figure, number | null> = { killed: null, injured: null, abducted: null, homesBurned: null, displaced: null };

interface SignalCase {
  says: string;
  title?: string;
  text?: string;
  figures: Partial<Record<Figure, number>>;
  kinds: string[];
  level: AlertLevel | null;
}

const cases: SignalCase[] = [
  // Figures, English
  {
    says: 'reads "at least 32 civilians were killed" as 32 killed, a current crisis',
    text: 'At least 32 civilians were killed in Ogota and Ouémbé on 27 January 2024.',
    figures: { killed: 32 },
    kinds: ['killing'],
    level: 'current-crisis',
  },
  {
    says: 'reads "killing at least 37" with the number after the word',
    text: 'JNIM fighters attacked Ogossagou, killing at least 37 people.',
    figures: { killed: 37 },
    kinds: ['attack', 'killing'],
    level: 'current-crisis',
  },
  {
    says: 'gives "killed 12 and wounded 30" each number to its own word',
    text: 'Gunmen stormed Gangafani and killed 12 and wounded 30.',
    figures: { killed: 12, injured: 30 },
    kinds: ['attack', 'killing'],
    level: 'current-crisis',
  },
  {
    says: 'reads killed, injured and abducted from one list',
    text: 'In Ogota, 2 people were killed, 5 injured and 3 abducted.',
    figures: { killed: 2, injured: 5, abducted: 3 },
    kinds: ['abduction', 'killing'],
    level: 'serious-concern',
  },
  {
    says: 'reads killed and homes burned from one sentence',
    text: 'HRW said 32 civilians were killed and more than 350 homes burned in Ogota and Ouémbé.',
    figures: { killed: 32, homesBurned: 350 },
    kinds: ['arson', 'killing'],
    level: 'current-crisis',
  },
  {
    says: 'reads "burning 350 homes" after "killing 32 civilians"',
    text: 'Gunmen attacked Ogota and Ouémbé, killing 32 civilians and burning 350 homes.',
    figures: { killed: 32, homesBurned: 350 },
    kinds: ['arson', 'attack', 'killing'],
    level: 'current-crisis',
  },
  {
    says: 'reads burned homes without deaths as arson, a serious concern',
    text: 'More than 350 homes were burned in Ogota and Ouémbé.',
    figures: { homesBurned: 350 },
    kinds: ['arson'],
    level: 'serious-concern',
  },
  {
    says: 'reads "2,000 villagers fled" as displaced, not killed',
    text: 'About 2,000 villagers fled Ogota after the attack.',
    figures: { displaced: 2000 },
    kinds: ['attack', 'displacement'],
    level: 'serious-concern',
  },
  {
    says: 'reads abducted with the number after the word',
    text: 'Dozo militiamen abducted 24 men from Boura in Macina cercle.',
    figures: { abducted: 24 },
    kinds: ['abduction'],
    level: 'serious-concern',
  },
  {
    says: 'reads bodies found as killed',
    text: '17 bodies were found near Boura, in Macina cercle, days after the abduction.',
    figures: { killed: 17 },
    kinds: ['abduction'],
    level: 'current-crisis',
  },
  {
    says: 'keeps "7 soldiers died in an ambush" out of the victims’ toll (soldiers are counted apart)',
    text: '7 soldiers died in an ambush near Gouari.',
    figures: {},
    kinds: ['attack'],
    level: 'serious-concern',
  },
  {
    says: 'reads the figure from the sentence after the one naming the place',
    text: 'Armed men attacked Ogota. At least 32 civilians were killed.',
    figures: { killed: 32 },
    kinds: ['attack', 'killing'],
    level: 'current-crisis',
  },
  {
    says: 'reads a figure two sentences away in a story about one watched place',
    text: 'Armed men attacked Ogota. The army arrived later. At least 32 civilians were killed.',
    figures: { killed: 32 },
    kinds: ['attack', 'killing'],
    level: 'current-crisis',
  },
  {
    says: 'does not read a figure two sentences away from the places of a story about several',
    text: 'Armed men attacked Ogota. A school reopened in Mopti. The army arrived later. At least 32 civilians were killed.',
    figures: {},
    kinds: ['attack'],
    level: 'serious-concern',
  },
  {
    says: 'does not read a figure after a story turns elsewhere',
    text: 'Armed men attacked Ogota. Elsewhere, the army patrolled. At least 32 civilians were killed.',
    figures: {},
    kinds: ['attack'],
    level: 'serious-concern',
  },
  {
    says: 'reads a figure in the title in capitals',
    title: 'OGOTA: 32 KILLED',
    text: 'JNIM attacked the village.',
    figures: { killed: 32 },
    kinds: ['attack', 'killing'],
    level: 'current-crisis',
  },
  {
    says: 'reads a figure after a semicolon in its own clause',
    text: 'A wedding in Djiguibombo was attacked; at least 21 people were killed.',
    figures: { killed: 21 },
    kinds: ['attack', 'killing'],
    level: 'current-crisis',
  },

  {
    says: 'does not count the attackers as the dead',
    text: 'Some 30 gunmen killed 12 villagers in Ogota.',
    figures: { killed: 12 },
    kinds: ['killing'],
    level: 'current-crisis',
  },
  {
    says: 'does not read a clock time as a figure',
    text: 'At 5 a.m. gunmen killed 12 villagers in Ogota.',
    figures: { killed: 12 },
    kinds: ['killing'],
    level: 'current-crisis',
  },
  {
    says: 'reads a toll across an inserted "including …" clause',
    text: 'At least 160 people, including women and children, were killed in Ogossagou.',
    figures: { killed: 160 },
    kinds: ['killing'],
    level: 'current-crisis',
  },
  {
    says: 'reads "wounding 30" after "killing 29"',
    text: 'Gunmen attacked Ogota, killing 29 people and wounding 30.',
    figures: { killed: 29, injured: 30 },
    kinds: ['attack', 'killing'],
    level: 'current-crisis',
  },
  {
    says: 'does not read looted homes as homes burned',
    text: 'Assailants looted 40 homes in Dinangourou.',
    figures: {},
    kinds: ['attack', 'looting'],
    level: 'serious-concern',
  },
  {
    says: 'gives no level to deaths from disease, however many',
    text: 'At least 12 people have died of cholera in the Mopti region since August.',
    figures: { killed: 12 },
    kinds: [],
    level: null,
  },

  // Figures, French
  {
    says: 'reads "ont tué au moins 12 civils" with the number after the verb',
    text: 'Des hommes armés ont tué au moins 12 civils à Ogossagou.',
    figures: { killed: 12 },
    kinds: ['killing'],
    level: 'current-crisis',
  },
  {
    says: 'reads "ont tué 4 personnes et blessé 9 autres"',
    text: 'Des hommes armés ont tué 4 personnes et blessé 9 autres à Ogossagou.',
    figures: { killed: 4, injured: 9 },
    kinds: ['killing'],
    level: 'serious-concern',
  },
  {
    says: 'does not read a numeric date as a figure, but reads the toll in words before it',
    text: 'Cinq civils tués le 12/06/2024 à Ogota.',
    figures: { killed: 5 },
    kinds: ['killing'],
    level: 'serious-concern',
  },
  {
    says: 'does not read a percentage as homes burned',
    text: '80 % des maisons d’Ogota ont été incendiées.',
    figures: {},
    kinds: ['arson'],
    level: 'serious-concern',
  },
  {
    says: 'reads "au moins 40 morts" in a title',
    title: 'Attaque d’Ogossagou : au moins 40 morts',
    figures: { killed: 40 },
    kinds: ['attack'],
    level: 'current-crisis',
  },
  {
    says: 'reads "4 personnes ont été tuées et 9 blessées"',
    text: 'Dans l’attaque de Ségué (cercle de Bankass), 4 personnes ont été tuées et 9 blessées.',
    figures: { killed: 4, injured: 9 },
    kinds: ['attack', 'killing'],
    level: 'serious-concern',
  },
  {
    says: 'reads "au moins 20 morts et 12 blessés"',
    text: 'Au moins 20 morts et 12 blessés dans une attaque contre Ogossagou.',
    figures: { killed: 20, injured: 12 },
    kinds: ['attack'],
    level: 'current-crisis',
  },
  {
    says: 'reads French killed and houses burned',
    text: 'Au moins 32 civils ont été tués à Ogota et Ouémbé, et plus de 350 maisons incendiées.',
    figures: { killed: 32, homesBurned: 350 },
    kinds: ['arson', 'killing'],
    level: 'current-crisis',
  },
  {
    says: 'reads "1 500 personnes déplacées" with a space as thousands separator',
    text: 'Plus de 1 500 personnes déplacées ont quitté Dinangourou.',
    figures: { displaced: 1500 },
    kinds: ['displacement'],
    level: 'serious-concern',
  },
  {
    says: 'reads "12 000 personnes ont fui" as displaced',
    text: 'Au moins 12 000 personnes ont fui la région de Mopti.',
    figures: { displaced: 12000 },
    kinds: ['displacement'],
    level: 'serious-concern',
  },
  {
    says: 'reads "2 000" with a no-break space as thousands separator',
    text: '2\u00a0000 personnes ont fui Ogota.',
    figures: { displaced: 2000 },
    kinds: ['displacement'],
    level: 'serious-concern',
  },
  {
    says: 'reads "24 hommes enlevés" as abducted',
    text: '24 hommes enlevés à Boura, dans le cercle de Macina.',
    figures: { abducted: 24 },
    kinds: ['abduction'],
    level: 'serious-concern',
  },
  {
    says: 'reads "enlevé 24 hommes" with the number after the word',
    text: 'Des hommes armés ont enlevé 24 hommes à Boura, au Mali.',
    figures: { abducted: 24 },
    kinds: ['abduction'],
    level: 'serious-concern',
  },
  {
    says: 'reads "corps sans vie de 12 villageois" as killed',
    text: 'Après l’attaque, les corps sans vie de 12 villageois ont été retrouvés à Ogota.',
    figures: { killed: 12 },
    kinds: ['attack'],
    level: 'current-crisis',
  },

  // Numbers that are not figures
  {
    says: 'does not read an age as a figure',
    text: 'A 46-year-old farmer was killed in Ogota.',
    figures: {},
    kinds: ['killing'],
    level: 'serious-concern',
  },
  {
    says: 'does not read "on 27 January" as a figure',
    text: 'On 27 January gunmen attacked Ouémbé and killed villagers.',
    figures: {},
    kinds: ['attack', 'killing'],
    level: 'serious-concern',
  },
  {
    says: 'does not read "killed on 12 June" as a figure, but reads "Five villagers"',
    text: 'Five villagers were killed on 12 June in Ogota.',
    figures: { killed: 5 },
    kinds: ['killing'],
    level: 'serious-concern',
  },
  {
    says: 'does not read "killed on June 12" as a figure, but reads "Five villagers"',
    text: 'Five villagers were killed on June 12 in Ogota.',
    figures: { killed: 5 },
    kinds: ['killing'],
    level: 'serious-concern',
  },
  {
    says: 'does not read "le 1er juillet 2020" as a figure',
    text: 'Le 1er juillet 2020, des hommes armés ont attaqué Gouari et tué des villageois.',
    figures: {},
    kinds: ['attack', 'killing'],
    level: 'serious-concern',
  },
  {
    says: 'does not read a year as a figure',
    text: 'In 2019 Dozo militiamen attacked Koulogon and killed villagers.',
    figures: {},
    kinds: ['attack', 'killing'],
    level: 'serious-concern',
  },
  {
    says: 'does not read "3 km" as a figure, and keeps the soldiers killed after it apart',
    text: 'Gunmen ambushed a convoy 3 km from Bankass, killing 5 soldiers.',
    figures: {},
    kinds: ['attack', 'killing'],
    level: 'serious-concern',
  },
  {
    says: 'does not read "80 percent" as homes burned',
    text: 'Some 80 percent of the homes in Ogota were burned.',
    figures: {},
    kinds: ['arson'],
    level: 'serious-concern',
  },
  {
    says: 'reads a number written in words (English), not the distance after it',
    text: 'Two people were killed three kilometres from Ogota.',
    figures: { killed: 2 },
    kinds: ['killing'],
    level: 'serious-concern',
  },
  {
    says: 'reads a number written in words (French)',
    text: 'Trois personnes ont été tuées à Ogota.',
    figures: { killed: 3 },
    kinds: ['killing'],
    level: 'serious-concern',
  },

  // Kinds of violence and levels
  {
    says: 'reads the word massacre as a current crisis without any figure',
    text: 'The massacre in Sobane Da shocked Mali.',
    figures: {},
    kinds: ['massacre'],
    level: 'current-crisis',
  },
  {
    says: 'reads "tuerie" as a massacre',
    text: 'Tuerie de Koulogon : le gouvernement annonce 37 morts.',
    figures: { killed: 37 },
    kinds: ['massacre'],
    level: 'current-crisis',
  },
  {
    says: 'reads "incendié le village" as mass arson, a current crisis',
    text: 'Des hommes armés ont incendié le village de Dialaikanda.',
    figures: {},
    kinds: ['mass-arson'],
    level: 'current-crisis',
  },
  {
    says: 'reads "set fire to the village" as mass arson rather than arson',
    text: 'Militiamen set fire to the village of Binedama, killing 29.',
    figures: { killed: 29 },
    kinds: ['killing', 'mass-arson'],
    level: 'current-crisis',
  },
  {
    says: 'reads identity-based targeting as a current crisis',
    text: 'Fulani civilians were targeted in Koumaga because of their ethnicity.',
    figures: {},
    kinds: ['identity-targeting'],
    level: 'current-crisis',
  },
  {
    says: 'reads a siege as an imminent risk',
    text: 'Farabougou has been under siege by JNIM since October 2020.',
    figures: {},
    kinds: ['siege'],
    level: 'imminent-risk',
  },
  {
    says: 'reads a blockade as an imminent risk',
    text: 'JNIM militants imposed a blockade on Farabougou.',
    figures: {},
    kinds: ['siege'],
    level: 'imminent-risk',
  },
  {
    says: 'reads "assiégé" as an imminent risk',
    text: 'Le village de Farabougou est assiégé par des jihadistes.',
    figures: {},
    kinds: ['siege'],
    level: 'imminent-risk',
  },
  {
    says: 'reads "threatened to attack" as a threat, not an attack',
    text: 'JNIM threatened to attack Ogossagou.',
    figures: {},
    kinds: ['threat'],
    level: 'imminent-risk',
  },
  {
    says: 'reads "warned of an attack" as an imminent risk',
    text: 'Dozo militia warned of an attack on Ogossagou.',
    figures: {},
    kinds: ['threat'],
    level: 'imminent-risk',
  },
  {
    says: 'reads "sommés de quitter" as an imminent risk',
    text: 'Les habitants de Ségué, au Mali, ont été sommés de quitter le village.',
    figures: {},
    kinds: ['threat'],
    level: 'imminent-risk',
  },
  {
    says: 'reads an attack with 3 killed as a serious concern',
    text: 'Gunmen attacked Ségué, in Bankass cercle, killing 3 people.',
    figures: { killed: 3 },
    kinds: ['attack', 'killing'],
    level: 'serious-concern',
  },
  {
    says: 'keeps 9 killed below the crisis threshold',
    text: 'Gunmen attacked Ogota, killing 9 people.',
    figures: { killed: 9 },
    kinds: ['attack', 'killing'],
    level: 'serious-concern',
  },
  {
    says: 'makes 10 killed a current crisis',
    text: 'Gunmen attacked Ogota, killing 10 people.',
    figures: { killed: 10 },
    kinds: ['attack', 'killing'],
    level: 'current-crisis',
  },
  {
    says: 'reads looting and livestock theft as a serious concern',
    text: 'Assailants looted shops and stole cattle in Dinangourou.',
    figures: {},
    kinds: ['attack', 'looting'],
    level: 'serious-concern',
  },
  {
    says: 'gives no level to a mention without violence',
    text: 'Ogossagou villagers met the governor of Mopti.',
    figures: {},
    kinds: [],
    level: null,
  },
  {
    says: 'gives no level to a French mention without violence',
    title: 'Mali : la foire hebdomadaire de Bankass a repris',
    text: 'Les commerçants de Sévaré et de Mopti sont revenus.',
    figures: {},
    kinds: [],
    level: null,
  },
  {
    says: 'ignores violence in a sentence that names no watched place',
    text: 'Gunmen killed 40 people in Djibo, Burkina Faso, last week. Ogossagou held its weekly market.',
    figures: {},
    kinds: [],
    level: null,
  },
];

describe('extractSignals and assessRisk with the shipped risk rules', () => {
  it.each(cases)('$says', ({ title = '', text = '', figures, kinds, level }) => {
    const signals = signalsOf({ title, text });

    expect(signals.figures).toEqual({ ...NO_FIGURES, ...figures });
    expect([...new Set(signals.violence.map((v) => v.kind))].sort()).toEqual([...kinds].sort());
    expect(assess({ title, text })?.level ?? null).toBe(level);
  });
});

describe('the evidence and reasons of a signal', () => {
  it('gives ten or more killed a reason naming the figure, the threshold and the source', () => {
    expect(assess({ title: '', text: 'At least 32 civilians were killed in Ogota and Ouémbé.' })).toMatchObject({
      level: 'current-crisis',
      reasons: ['32 killed reported (Human Rights Watch, 2024-05-13), at least 10 in a single attack'],
    });
  });

  it('gives a massacre a reason quoting the word as written, without a date when none is known', () => {
    expect(assess({ title: '', text: 'Le MASSACRE de Sobane Da a choqué le Mali.' }, { publisher: 'RFI', publishedAt: null })).toMatchObject({
      level: 'current-crisis',
      reasons: ['Massacre reported: “MASSACRE” (RFI)'],
    });
  });

  it('gives a siege a reason quoting the phrase', () => {
    expect(assess({ title: '', text: 'Farabougou has been under siege by JNIM since October 2020.' })?.reasons).toEqual(['Siege reported: “under siege” (Human Rights Watch, 2024-05-13)']);
  });

  it('keeps the violence term as written and the sentence it was found in', () => {
    const signals = signalsOf({ title: '', text: 'La situation était calme. Des hommes armés ont attaqué Gouari. Les habitants ont fui vers Bankass.' });

    expect(signals.violence).toEqual([
      { kind: 'attack', term: 'attaqué', sentence: 'Des hommes armés ont attaqué Gouari.' },
      { kind: 'displacement', term: 'fui', sentence: 'Les habitants ont fui vers Bankass.' },
    ]);
  });

  it('keeps the first figure reported when a later sentence gives another', () => {
    const signals = signalsOf({ title: 'Ogossagou: 21 killed', text: 'Gunmen attacked Ogossagou. HRW later counted 35 killed.' });

    expect(signals.figures.killed).toBe(21);
  });
});
