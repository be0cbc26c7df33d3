// Casualty figures read from single sentences written the way UN, NGO and press reports write
// them, in English and French, with the shipped word lists: counts in digits and in words,
// approximations and ranges, who was counted, revised tolls, the numbers that must never become
// figures (ages, dates, years, distances, durations, labels), and who the victims were.
import { describe, expect, it } from 'vitest';
import { compileFigureRules, FIGURES, readFigures, readVictims, type Figure, type FigureFound, type FigureSubject, type Qualifier, type VictimFound } from '../../src/risk/figures.js';
import { findCounts, maskNonCounts, type Count } from '../../src/risk/counts.js';
import { parseNumber } from '../../src/risk/numbers.js';
import { tokenize } from '../../src/text/index.js';
import { shippedConfig } from '../helpers/watchlists.js';

const rules = compileFigureRules(shippedConfig.risk);

/** A figure without its evidence: what the tables compare. */
interface Reduced {
  figure: Figure;
  min: number;
  max: number;
  approximate: boolean;
  qualifier: Qualifier;
  subject: FigureSubject;
  revised: boolean;
}

function reduce(f: FigureFound): Reduced {
  return { figure: f.figure, min: f.count.min, max: f.count.max, approximate: f.count.approximate, qualifier: f.count.qualifier, subject: f.subject, revised: f.revised };
}

interface Expect {
  /** The qualifier; default 'exact'. */
  q?: Qualifier;
  approx?: boolean;
  who?: FigureSubject;
  revised?: boolean;
}

/** An expected figure: `count` is one number, or [min, max] for a range. */
function fig(figure: Figure, count: number | [number, number], { q = 'exact', approx = false, who = 'people', revised = false }: Expect = {}): Reduced {
  const [min, max] = typeof count === 'number' ? [count, count] : count;
  return { figure, min, max, approximate: approx, qualifier: q, subject: who, revised };
}

interface FigureCase {
  says: string;
  sentence: string;
  figures: Reduced[];
}

const cases: FigureCase[] = [
  // Digits, English
  { says: 'digits before a passive verb', sentence: 'At least 32 civilians were killed in Ogota and Ouémbé.', figures: [fig('killed', 32, { q: 'at-least', who: 'civilians' })] },
  { says: 'digits after a gerund', sentence: 'JNIM fighters attacked Ogossagou, killing at least 37 people.', figures: [fig('killed', 37, { q: 'at-least' })] },
  { says: 'a thousands comma', sentence: 'Some 1,200 people were displaced by the fighting.', figures: [fig('displaced', 1200, { q: 'about', approx: true })] },
  {
    says: 'each number to its own word across "and"',
    sentence: 'Gunmen stormed Gangafani and killed 12 and wounded 30.',
    figures: [fig('killed', 12), fig('injured', 30)],
  },
  {
    says: 'three figures in one list',
    sentence: 'In Ogota, 2 people were killed, 5 injured and 3 abducted.',
    figures: [fig('killed', 2), fig('injured', 5), fig('abducted', 3)],
  },
  { says: 'a headline in capitals', sentence: 'OGOTA: 32 KILLED', figures: [fig('killed', 32)] },
  { says: 'a toll across an inserted "including" clause', sentence: 'At least 160 people, including women and children, were killed in Ogossagou.', figures: [fig('killed', 160, { q: 'at-least' })] },
  { says: '"more than" before homes', sentence: 'More than 350 homes were burned in Ogota and Ouémbé.', figures: [fig('homesBurned', 350, { q: 'more-than' })] },
  { says: '"left 12 dead and 30 injured"', sentence: 'The attack left 12 dead and 30 injured.', figures: [fig('killed', 12), fig('injured', 30)] },
  { says: 'a count after a date in the same sentence', sentence: 'On 12 May, 30 people were killed in Ogota.', figures: [fig('killed', 30)] },
  { says: 'a month before a qualified count', sentence: 'In May at least 30 people were killed in Ogota.', figures: [fig('killed', 30, { q: 'at-least' })] },
  { says: 'a month before a qualified count (French)', sentence: 'En novembre au moins 30 personnes ont été tuées.', figures: [fig('killed', 30, { q: 'at-least' })] },
  { says: 'a count next to a year', sentence: 'In 2019 12 people were killed in Ogota.', figures: [fig('killed', 12)] },
  { says: '"may" as a verb, not a month', sentence: 'As many as 40 people may have died in the attack.', figures: [fig('killed', 40, { q: 'up-to' })] },
  { says: 'digits times million', sentence: 'Nearly 2 million people are displaced in the Sahel.', figures: [fig('displaced', 2_000_000, { q: 'about', approx: true })] },

  // Digits, French
  { says: 'a no-break space between thousands', sentence: 'Au moins 12\u00a0000 personnes ont fui la région de Mopti.', figures: [fig('displaced', 12000, { q: 'at-least' })] },
  { says: 'a narrow no-break space between thousands', sentence: 'Plus de 1\u202f500 personnes déplacées ont quitté Dinangourou.', figures: [fig('displaced', 1500, { q: 'more-than' })] },
  { says: 'a space between thousands', sentence: '2 000 personnes ont fui Ogota.', figures: [fig('displaced', 2000)] },
  { says: 'a dot between thousands', sentence: '1.200 personnes déplacées sont arrivées à Bankass.', figures: [fig('displaced', 1200)] },
  { says: '"ont tué au moins 12 civils"', sentence: 'Des hommes armés ont tué au moins 12 civils à Ogossagou.', figures: [fig('killed', 12, { q: 'at-least', who: 'civilians' })] },
  {
    says: '"ont tué 4 personnes et blessé 9 autres"',
    sentence: 'Des hommes armés ont tué 4 personnes et blessé 9 autres à Ogossagou.',
    figures: [fig('killed', 4), fig('injured', 9)],
  },
  {
    says: '"4 personnes ont été tuées et 9 blessées" after a parenthesis',
    sentence: 'Dans l’attaque de Ségué (cercle de Bankass), 4 personnes ont été tuées et 9 blessées.',
    figures: [fig('killed', 4), fig('injured', 9)],
  },
  {
    says: '"au moins 12 morts et 30 blessés"',
    sentence: 'L’attaque a fait au moins 12 morts et 30 blessés.',
    figures: [fig('killed', 12, { q: 'at-least' }), fig('injured', 30)],
  },
  { says: '"corps sans vie de 12 villageois"', sentence: 'Les corps sans vie de 12 villageois ont été retrouvés à Ogota.', figures: [fig('killed', 12, { who: 'civilians' })] },
  { says: 'a count after a French date', sentence: 'Le 12 sept. 2020, 30 civils ont été tués.', figures: [fig('killed', 30, { who: 'civilians' })] },

  // Numbers in words, English
  { says: 'a number word', sentence: 'Seven villagers were killed in Ogota.', figures: [fig('killed', 7, { who: 'civilians' })] },
  { says: 'a hyphenated number word', sentence: 'Thirty-five people were killed.', figures: [fig('killed', 35)] },
  { says: 'a number word in two words', sentence: 'Thirty five people were killed.', figures: [fig('killed', 35)] },
  { says: '"one hundred and twenty"', sentence: 'One hundred and twenty people were killed in Ogossagou.', figures: [fig('killed', 120)] },
  { says: '"two thousand"', sentence: 'Two thousand people have fled Dinangourou.', figures: [fig('displaced', 2000)] },
  { says: '"a hundred"', sentence: 'A hundred people fled Ogota.', figures: [fig('displaced', 100)] },
  { says: '"one" before a word for soldiers', sentence: 'One soldier was killed and two were wounded.', figures: [fig('killed', 1, { who: 'security-forces' }), fig('injured', 2)] },
  { says: 'a number word and a distance in words', sentence: 'Two people were killed three kilometres from Ogota.', figures: [fig('killed', 2)] },

  // Numbers in words, French
  { says: '"sept"', sentence: 'Le 7 novembre, sept personnes ont été tuées.', figures: [fig('killed', 7)] },
  { says: '"trente-deux"', sentence: 'Trente-deux civils ont été tués à Ogota.', figures: [fig('killed', 32, { who: 'civilians' })] },
  { says: '"soixante-dix"', sentence: 'Soixante-dix personnes ont été enlevées.', figures: [fig('abducted', 70)] },
  { says: '"soixante et onze"', sentence: 'Soixante et onze civils ont été tués.', figures: [fig('killed', 71, { who: 'civilians' })] },
  { says: '"quatre-vingt-dix-neuf"', sentence: 'Quatre-vingt-dix-neuf personnes ont été tuées.', figures: [fig('killed', 99)] },
  { says: '"quatre-vingts" homes', sentence: 'Quatre-vingts maisons ont été incendiées.', figures: [fig('homesBurned', 80)] },
  { says: '"deux cents"', sentence: 'Deux cents personnes ont fui Ogota.', figures: [fig('displaced', 200)] },
  { says: '"deux mille"', sentence: 'Deux mille personnes ont fui le village.', figures: [fig('displaced', 2000)] },
  { says: '"mille"', sentence: 'Mille personnes déplacées ont été recensées.', figures: [fig('displaced', 1000)] },
  { says: '"un" before a word for soldiers', sentence: 'Un soldat a été tué.', figures: [fig('killed', 1, { who: 'security-forces' })] },
  { says: '"onze"', sentence: 'Onze soldats tués dans une embuscade près de Boni.', figures: [fig('killed', 11, { who: 'security-forces' })] },
  { says: '"vingt-deux"', sentence: 'Vingt-deux personnes ont été blessées.', figures: [fig('injured', 22)] },
  { says: '"une" before a word for women', sentence: 'Une femme a été tuée à Ogota.', figures: [fig('killed', 1, { who: 'civilians' })] },

  // Approximations, at ACLED's lower bounds
  { says: '"about"', sentence: 'About 30 people were killed.', figures: [fig('killed', 30, { q: 'about', approx: true })] },
  { says: '"nearly"', sentence: 'Nearly 30 civilians were killed.', figures: [fig('killed', 30, { q: 'about', approx: true, who: 'civilians' })] },
  { says: '"dozens"', sentence: 'Dozens of civilians were killed.', figures: [fig('killed', 12, { q: 'about', approx: true, who: 'civilians' })] },
  { says: '"scores"', sentence: 'Scores of people were killed.', figures: [fig('killed', 20, { q: 'about', approx: true })] },
  { says: '"hundreds"', sentence: 'Hundreds of people fled.', figures: [fig('displaced', 100, { q: 'about', approx: true })] },
  { says: '"tens of thousands"', sentence: 'Tens of thousands of people have fled.', figures: [fig('displaced', 10000, { q: 'about', approx: true })] },
  { says: '"at least a dozen"', sentence: 'At least a dozen soldiers were killed.', figures: [fig('killed', 12, { q: 'at-least', approx: true, who: 'security-forces' })] },
  { says: '"environ"', sentence: 'Environ 30 personnes ont été tuées.', figures: [fig('killed', 30, { q: 'about', approx: true })] },
  { says: '"près de"', sentence: 'Près de 30 civils ont été tués.', figures: [fig('killed', 30, { q: 'about', approx: true, who: 'civilians' })] },
  { says: '"une trentaine"', sentence: 'Une trentaine de villageois ont été tués.', figures: [fig('killed', 30, { q: 'about', approx: true, who: 'civilians' })] },
  { says: '"une vingtaine"', sentence: 'Une vingtaine de personnes ont été tuées.', figures: [fig('killed', 20, { q: 'about', approx: true })] },
  { says: '"une dizaine"', sentence: 'Une dizaine de civils ont été tués.', figures: [fig('killed', 10, { q: 'about', approx: true, who: 'civilians' })] },
  { says: '"une centaine"', sentence: 'Une centaine de personnes ont été enlevées.', figures: [fig('abducted', 100, { q: 'about', approx: true })] },
  { says: '"des dizaines"', sentence: 'Des dizaines de civils ont été tués.', figures: [fig('killed', 10, { q: 'about', approx: true, who: 'civilians' })] },
  { says: '"des centaines"', sentence: 'Des centaines de personnes ont fui.', figures: [fig('displaced', 100, { q: 'about', approx: true })] },
  { says: '"des milliers"', sentence: 'Des milliers de personnes ont fui.', figures: [fig('displaced', 1000, { q: 'about', approx: true })] },
  { says: '"plus d’une centaine"', sentence: 'Plus d’une centaine de personnes ont été tuées.', figures: [fig('killed', 100, { q: 'more-than', approx: true })] },
  { says: '"quelque"', sentence: 'Quelque 300 personnes ont fui Ogota.', figures: [fig('displaced', 300, { q: 'about', approx: true })] },
  { says: '"une vingtaine" after the verb', sentence: 'Ils ont enlevé une vingtaine de femmes.', figures: [fig('abducted', 20, { q: 'about', approx: true, who: 'civilians' })] },

  // Qualifiers and ranges
  { says: '"up to"', sentence: 'Up to 40 people were killed.', figures: [fig('killed', 40, { q: 'up-to' })] },
  { says: '"over"', sentence: 'Over 50 people were abducted.', figures: [fig('abducted', 50, { q: 'more-than' })] },
  { says: '"au moins"', sentence: 'Au moins 20 morts dans une attaque contre Ogossagou.', figures: [fig('killed', 20, { q: 'at-least' })] },
  { says: '"au minimum"', sentence: 'Au minimum 30 personnes ont été tuées.', figures: [fig('killed', 30, { q: 'at-least' })] },
  { says: '"plus de"', sentence: 'Plus de 50 personnes ont été enlevées.', figures: [fig('abducted', 50, { q: 'more-than' })] },
  { says: '"jusqu’à"', sentence: 'Jusqu’à 40 personnes ont été tuées.', figures: [fig('killed', 40, { q: 'up-to' })] },
  { says: '"between 30 and 40"', sentence: 'Between 30 and 40 people were killed.', figures: [fig('killed', [30, 40])] },
  { says: '"30 to 40"', sentence: '30 to 40 people were killed.', figures: [fig('killed', [30, 40])] },
  { says: '"30-40"', sentence: '30-40 people were killed.', figures: [fig('killed', [30, 40])] },
  { says: '"entre 30 et 40"', sentence: 'Entre 30 et 40 personnes ont été tuées.', figures: [fig('killed', [30, 40])] },
  { says: '"de 30 à 40"', sentence: 'De 30 à 40 personnes ont été tuées.', figures: [fig('killed', [30, 40])] },
  { says: '"deux ou trois"', sentence: 'Deux ou trois villageois ont été tués.', figures: [fig('killed', [2, 3], { who: 'civilians' })] },

  // Revised tolls
  { says: '"the death toll rose to"', sentence: 'The death toll rose to 35.', figures: [fig('killed', 35, { revised: true })] },
  { says: '"has risen to at least"', sentence: 'The toll from Saturday’s attack on Ogossagou, in central Mali, has risen to at least 35.', figures: [fig('killed', 35, { q: 'at-least', revised: true })] },
  { says: '"climbed to"', sentence: 'The death toll climbed to 50, officials said.', figures: [fig('killed', 50, { revised: true })] },
  {
    says: '"revised the toll to" with its own figure words',
    sentence: 'The government revised the toll to 41 dead and 12 wounded.',
    figures: [fig('killed', 41, { revised: true }), fig('injured', 12)],
  },
  { says: '"s’est alourdi à"', sentence: 'Le bilan s’est alourdi à 40 morts.', figures: [fig('killed', 40, { revised: true })] },
  { says: '"est passé à"', sentence: 'Le bilan est passé à 40, selon le gouvernement.', figures: [fig('killed', 40, { revised: true })] },
  { says: '"est passé de 30 à 40": the second number', sentence: 'Le bilan est passé de 30 à 40 morts.', figures: [fig('killed', 40, { revised: true })] },
  { says: '"porté à"', sentence: 'Le bilan a été porté à 40.', figures: [fig('killed', 40, { revised: true })] },
  { says: '"a grimpé à"', sentence: 'Le bilan a grimpé à 45 morts.', figures: [fig('killed', 45, { revised: true })] },
  { says: '"rose to" without a toll word is no revision', sentence: 'The price of millet rose to 400 after 12 people were killed.', figures: [fig('killed', 12)] },

  // Who was counted
  { says: 'soldiers', sentence: '12 soldiers were killed in the ambush.', figures: [fig('killed', 12, { who: 'security-forces' })] },
  { says: 'troops', sentence: 'At least 20 troops were wounded near Boni.', figures: [fig('injured', 20, { q: 'at-least', who: 'security-forces' })] },
  { says: 'FAMa', sentence: 'The attack killed 9 FAMa soldiers.', figures: [fig('killed', 9, { who: 'security-forces' })] },
  { says: 'militaires', sentence: 'Trois militaires tués dans une embuscade près de Boni.', figures: [fig('killed', 3, { who: 'security-forces' })] },
  { says: 'soldats with an adjective', sentence: '12 soldats maliens ont été tués.', figures: [fig('killed', 12, { who: 'security-forces' })] },
  {
    says: 'gendarmes and policiers listed',
    sentence: 'Trois gendarmes et deux policiers ont été tués.',
    figures: [fig('killed', 3, { who: 'security-forces' }), fig('killed', 2, { who: 'security-forces' })],
  },
  { says: 'villagers', sentence: 'About 2,000 villagers fled Ogota after the attack.', figures: [fig('displaced', 2000, { q: 'about', approx: true, who: 'civilians' })] },
  { says: 'habitants', sentence: 'Plus de 300 habitants ont fui Ogota.', figures: [fig('displaced', 300, { q: 'more-than', who: 'civilians' })] },
  { says: 'women and children', sentence: '12 women and children were killed.', figures: [fig('killed', 12, { who: 'civilians' })] },
  {
    says: 'soldiers and civilians listed after the verb',
    sentence: 'Gunmen attacked Boni, killing 12 soldiers and 3 civilians in the town.',
    figures: [fig('killed', 12, { who: 'security-forces' }), fig('killed', 3, { who: 'civilians' })],
  },
  {
    says: 'militaires and civils listed after the verb',
    sentence: 'Les assaillants ont tué 3 militaires et 2 civils.',
    figures: [fig('killed', 3, { who: 'security-forces' }), fig('killed', 2, { who: 'civilians' })],
  },
  { says: 'a part of a count is not listed beside it', sentence: 'Gunmen attacked Ogota, killing 12 civilians, 3 of them children.', figures: [fig('killed', 12, { who: 'civilians' })] },
  { says: 'assailants killed, passive', sentence: '20 assailants were killed during the fighting.', figures: [fig('killed', 20, { who: 'attackers' })] },
  { says: 'assailants killed, headline', sentence: 'Mali: 20 assailants killed in clashes with the army.', figures: [fig('killed', 20, { who: 'attackers' })] },
  { says: '"neutralised 30 terrorists"', sentence: 'The army said it neutralised 30 terrorists near Boni.', figures: [fig('killed', 30, { who: 'attackers' })] },
  { says: '"terroristes neutralisés"', sentence: 'Une trentaine de terroristes neutralisés, selon l’état-major.', figures: [fig('killed', 30, { q: 'about', approx: true, who: 'attackers' })] },
  { says: '"ont neutralisé 30 terroristes"', sentence: 'Les FAMa ont neutralisé 30 terroristes.', figures: [fig('killed', 30, { who: 'attackers' })] },
  { says: 'assaillants killed (French)', sentence: '20 assaillants ont été tués lors des combats.', figures: [fig('killed', 20, { who: 'attackers' })] },
  { says: 'assaillants killed by soldiers', sentence: 'Les militaires ont tué 3 assaillants.', figures: [fig('killed', 3, { who: 'attackers' })] },
  { says: 'FAMa (French)', sentence: 'Douze FAMa ont été tués.', figures: [fig('killed', 12, { who: 'security-forces' })] },
  { says: '"un assaillant a été tué"', sentence: 'Un assaillant a été tué.', figures: [fig('killed', 1, { who: 'attackers' })] },
  {
    says: 'attackers and soldiers apart in one sentence',
    sentence: '20 jihadists were killed and 5 soldiers wounded.',
    figures: [fig('killed', 20, { who: 'attackers' }), fig('injured', 5, { who: 'security-forces' })],
  },
  { says: 'the attackers who killed are not counted', sentence: 'Some 30 gunmen killed 12 villagers in Ogota.', figures: [fig('killed', 12, { who: 'civilians' })] },
  { says: 'the assailants who killed are not counted (French)', sentence: 'Une cinquantaine d’assaillants ont tué 12 civils.', figures: [fig('killed', 12, { who: 'civilians' })] },
  { says: 'attackers who fled are not displaced', sentence: 'Gunmen killed 12 civilians and 30 gunmen fled.', figures: [fig('killed', 12, { who: 'civilians' })] },

  // Traps: numbers that are not figures
  { says: 'an age', sentence: 'A 46-year-old farmer was killed in Ogota.', figures: [] },
  { says: 'an age (French)', sentence: 'Un berger âgé de 46 ans a été tué.', figures: [] },
  { says: 'two ages', sentence: 'Two brothers aged 12 and 14 were killed in Ogota.', figures: [] },
  { says: 'an age range (French)', sentence: 'Les enfants âgés de 10 à 15 ans ont été enlevés.', figures: [] },
  { says: 'a date', sentence: 'He was killed on 19 November.', figures: [] },
  { says: 'a date, month first', sentence: 'Five villagers were killed on June 12 in Ogota.', figures: [fig('killed', 5, { who: 'civilians' })] },
  { says: 'a French date', sentence: 'Il a été tué le 19 novembre.', figures: [] },
  { says: '"le 1er juillet" and a year', sentence: 'Le 1er juillet 2020, des hommes armés ont attaqué Gouari et tué des villageois.', figures: [] },
  { says: 'a numeric date', sentence: 'Cinq civils tués le 12/06/2024 à Ogota.', figures: [fig('killed', 5, { who: 'civilians' })] },
  { says: 'a year after the word', sentence: 'Killed in 2019, the chief was buried in Ogota.', figures: [] },
  { says: 'a year before the word', sentence: 'Deaths in 2019 rose sharply.', figures: [] },
  { says: 'a distance', sentence: 'Gunmen killed villagers 15 km from Bankass.', figures: [] },
  { says: 'a distance (French)', sentence: 'Des hommes armés ont tué des villageois à 15 km de Bankass.', figures: [] },
  { says: 'a clock time', sentence: 'At 5 a.m. gunmen killed 12 villagers in Ogota.', figures: [fig('killed', 12, { who: 'civilians' })] },
  { says: 'a French hour', sentence: 'Ils ont été tués vers 5 heures du matin.', figures: [] },
  { says: 'a percentage', sentence: 'Some 80 percent of the homes in Ogota were burned.', figures: [] },
  { says: 'a percentage with a sign', sentence: '80 % des maisons d’Ogota ont été incendiées.', figures: [] },
  { says: '"pour cent"', sentence: '80 pour cent des maisons ont été incendiées.', figures: [] },
  { says: '"pour cent" in words', sentence: 'Quatre-vingts pour cent des maisons ont été incendiées.', figures: [] },
  { says: '"un" as an article', sentence: 'Un berger a été tué près de Boni.', figures: [] },
  { says: '"Stage 9"', sentence: 'The victims died during Stage 9 of the operation.', figures: [] },
  { says: '"Resolution 2364"', sentence: 'MINUSMA reported the deaths under Resolution 2364.', figures: [] },
  { says: 'a count of attackers before the violence word', sentence: 'Some 30 gunmen killed villagers in Ogota.', figures: [] },
  { says: 'a count of attackers before the violence word (French)', sentence: 'Une trentaine d’hommes armés ont tué des villageois.', figures: [] },
  { says: '"one of the"', sentence: 'One of the attackers was killed.', figures: [] },
  { says: '"l’un des"', sentence: 'L’un des assaillants a été tué.', figures: [] },
  { says: '"a man" is not a count', sentence: 'A man was killed in Ogota.', figures: [] },
  { says: '"no one"', sentence: 'No one was killed.', figures: [] },
  { says: 'an ordinal', sentence: 'The third attack killed villagers in Ogota.', figures: [] },
  { says: 'an ordinal (French)', sentence: 'La troisième attaque a tué des villageois à Ogota.', figures: [] },
  { says: '"two weeks ago"', sentence: 'Villagers were killed two weeks ago in Ogota.', figures: [] },
  { says: '"dix jours"', sentence: 'Des villageois ont été tués dix jours après l’attaque.', figures: [] },
  { says: '"il y a deux semaines"', sentence: 'Des villageois ont été enlevés il y a deux semaines.', figures: [] },
  { says: '"résolution 2364"', sentence: 'La résolution 2364 condamne les morts de civils.', figures: [] },
  { says: 'a count of villages (French)', sentence: 'Les habitants de trois villages ont fui vers Bankass.', figures: [] },
  { says: 'a French date before the word', sentence: 'Des villageois ont été tués le 26 novembre 2023.', figures: [] },
  { says: 'a count of attacks', sentence: 'Three attacks killed 12 people.', figures: [fig('killed', 12)] },
  { says: 'a count of villages', sentence: 'JNIM attacked 3 villages, killing 12.', figures: [fig('killed', 12)] },
  { says: 'a count of times (French)', sentence: 'Le village a été attaqué 3 fois, faisant 12 morts.', figures: [fig('killed', 12)] },
];

describe('readFigures with the shipped risk rules', () => {
  it.each(cases)('reads $says: $sentence', ({ sentence, figures }) => {
    expect(readFigures(rules, sentence).map(reduce)).toEqual(figures);
  });

});

describe('the evidence of a figure', () => {
  it.each([
    { sentence: 'At least 32 civilians were killed in Ogota and Ouémbé.', evidence: ['At least 32 civilians were killed'] },
    { sentence: 'JNIM fighters attacked Ogossagou, killing at least 37 people.', evidence: ['killing at least 37 people'] },
    { sentence: 'The death toll rose to 35.', evidence: ['death toll rose to 35'] },
    { sentence: 'Le bilan s’est alourdi à 40 morts.', evidence: ['bilan s’est alourdi à 40 morts'] },
    { sentence: 'Une trentaine de terroristes neutralisés, selon l’état-major.', evidence: ['Une trentaine de terroristes neutralisés'] },
    { sentence: '2\u00a0000 personnes ont fui Ogota.', evidence: ['2\u00a0000 personnes ont fui'] },
    { sentence: 'Les assaillants ont tué 3 militaires et 2 civils.', evidence: ['ont tué 3 militaires', 'ont tué 3 militaires et 2 civils'] },
  ])('quotes "$sentence" as written', ({ sentence, evidence }) => {
    const found = readFigures(rules, sentence);

    expect(found.map((f) => f.evidence)).toEqual(evidence);
    for (const f of found) expect(sentence.slice(f.start, f.end)).toBe(f.evidence);
  });
});

describe('implausible figures', () => {
  it('drops a number no attack or displacement reaches, which no figure column could hold either', () => {
    expect(readFigures(rules, 'Gunmen killed 3000000000 villagers in Ogota.')).toEqual([]);
    expect(readFigures(rules, '2,500,000 people have fled the region since 2012.').map((f) => f.count.min)).toEqual([2_500_000]);
  });
});

// The figure cases of test/risk/signals.test.ts, sentence by sentence: readFigures must find
// what extractSignals finds today (the first figure of each kind), so signals.ts can call it.
// `figuresNeed` is the caller's: "Assailants looted 40 homes" is 40 homes here, dropped there.
describe('the figures signals.ts reads today', () => {
  const unchanged: { sentence: string; figures: Partial<Record<Figure, number>> }[] = [
    { sentence: 'At least 32 civilians were killed in Ogota and Ouémbé on 27 January 2024.', figures: { killed: 32 } },
    { sentence: 'JNIM fighters attacked Ogossagou, killing at least 37 people.', figures: { killed: 37 } },
    { sentence: 'Gunmen stormed Gangafani and killed 12 and wounded 30.', figures: { killed: 12, injured: 30 } },
    { sentence: 'In Ogota, 2 people were killed, 5 injured and 3 abducted.', figures: { killed: 2, injured: 5, abducted: 3 } },
    { sentence: 'HRW said 32 civilians were killed and more than 350 homes burned in Ogota and Ouémbé.', figures: { killed: 32, homesBurned: 350 } },
    { sentence: 'Gunmen attacked Ogota and Ouémbé, killing 32 civilians and burning 350 homes.', figures: { killed: 32, homesBurned: 350 } },
    { sentence: 'More than 350 homes were burned in Ogota and Ouémbé.', figures: { homesBurned: 350 } },
    { sentence: 'About 2,000 villagers fled Ogota after the attack.', figures: { displaced: 2000 } },
    { sentence: 'Dozo militiamen abducted 24 men from Boura in Macina cercle.', figures: { abducted: 24 } },
    { sentence: '17 bodies were found near Boura, in Macina cercle, days after the abduction.', figures: { killed: 17 } },
    { sentence: '7 soldiers died in an ambush near Gouari.', figures: { killed: 7 } },
    { sentence: 'Armed men attacked Ogota.', figures: {} },
    { sentence: 'At least 32 civilians were killed.', figures: { killed: 32 } },
    { sentence: 'The army arrived later.', figures: {} },
    { sentence: 'OGOTA: 32 KILLED', figures: { killed: 32 } },
    { sentence: 'A wedding in Djiguibombo was attacked; at least 21 people were killed.', figures: { killed: 21 } },
    { sentence: 'Some 30 gunmen killed 12 villagers in Ogota.', figures: { killed: 12 } },
    { sentence: 'At 5 a.m. gunmen killed 12 villagers in Ogota.', figures: { killed: 12 } },
    { sentence: 'At least 160 people, including women and children, were killed in Ogossagou.', figures: { killed: 160 } },
    { sentence: 'Gunmen attacked Ogota, killing 29 people and wounding 30.', figures: { killed: 29, injured: 30 } },
    { sentence: 'Assailants looted 40 homes in Dinangourou.', figures: { homesBurned: 40 } },
    { sentence: 'At least 12 people have died of cholera in the Mopti region since August.', figures: { killed: 12 } },
    { sentence: 'Des hommes armés ont tué au moins 12 civils à Ogossagou.', figures: { killed: 12 } },
    { sentence: 'Des hommes armés ont tué 4 personnes et blessé 9 autres à Ogossagou.', figures: { killed: 4, injured: 9 } },
    { sentence: '80 % des maisons d’Ogota ont été incendiées.', figures: {} },
    { sentence: 'Attaque d’Ogossagou : au moins 40 morts', figures: { killed: 40 } },
    { sentence: 'Dans l’attaque de Ségué (cercle de Bankass), 4 personnes ont été tuées et 9 blessées.', figures: { killed: 4, injured: 9 } },
    { sentence: 'Au moins 20 morts et 12 blessés dans une attaque contre Ogossagou.', figures: { killed: 20, injured: 12 } },
    { sentence: 'Au moins 32 civils ont été tués à Ogota et Ouémbé, et plus de 350 maisons incendiées.', figures: { killed: 32, homesBurned: 350 } },
    { sentence: 'Plus de 1 500 personnes déplacées ont quitté Dinangourou.', figures: { displaced: 1500 } },
    { sentence: 'Au moins 12 000 personnes ont fui la région de Mopti.', figures: { displaced: 12000 } },
    { sentence: '2\u00a0000 personnes ont fui Ogota.', figures: { displaced: 2000 } },
    { sentence: '24 hommes enlevés à Boura, dans le cercle de Macina.', figures: { abducted: 24 } },
    { sentence: 'Des hommes armés ont enlevé 24 hommes à Boura, au Mali.', figures: { abducted: 24 } },
    { sentence: 'Après l’attaque, les corps sans vie de 12 villageois ont été retrouvés à Ogota.', figures: { killed: 12 } },
    { sentence: 'A 46-year-old farmer was killed in Ogota.', figures: {} },
    { sentence: 'On 27 January gunmen attacked Ouémbé and killed villagers.', figures: {} },
    { sentence: 'Le 1er juillet 2020, des hommes armés ont attaqué Gouari et tué des villageois.', figures: {} },
    { sentence: 'In 2019 Dozo militiamen attacked Koulogon and killed villagers.', figures: {} },
    { sentence: 'Gunmen ambushed a convoy 3 km from Bankass, killing 5 soldiers.', figures: { killed: 5 } },
    { sentence: 'Some 80 percent of the homes in Ogota were burned.', figures: {} },
    { sentence: 'Tuerie de Koulogon : le gouvernement annonce 37 morts.', figures: { killed: 37 } },
    { sentence: 'Militiamen set fire to the village of Binedama, killing 29.', figures: { killed: 29 } },
    { sentence: 'Farabougou has been under siege by JNIM since October 2020.', figures: {} },
    { sentence: 'Gunmen attacked Ségué, in Bankass cercle, killing 3 people.', figures: { killed: 3 } },
    { sentence: 'Gunmen attacked Ogota, killing 10 people.', figures: { killed: 10 } },
    { sentence: 'Gunmen killed 40 people in Djibo, Burkina Faso, last week.', figures: { killed: 40 } },
    { sentence: 'Ogossagou: 21 killed', figures: { killed: 21 } },
    { sentence: 'HRW later counted 35 killed.', figures: { killed: 35 } },
  ];
  // signals.test.ts expects no figure from these because today's reader does not read number
  // words; the new reader does, and signals.test.ts will change with the switch.
  const nowInWords: typeof unchanged = [
    { sentence: 'Cinq civils tués le 12/06/2024 à Ogota.', figures: { killed: 5 } },
    { sentence: 'Five villagers were killed on 12 June in Ogota.', figures: { killed: 5 } },
    { sentence: 'Five villagers were killed on June 12 in Ogota.', figures: { killed: 5 } },
    { sentence: 'Two people were killed three kilometres from Ogota.', figures: { killed: 2 } },
    { sentence: 'Trois personnes ont été tuées à Ogota.', figures: { killed: 3 } },
  ];

  it.each([...unchanged, ...nowInWords])('reads "$sentence"', ({ sentence, figures }) => {
    expect(firstOfEachFigure(readFigures(rules, sentence))).toEqual(figures);
  });
});

// What extractSignals keeps: the first count of each figure, at its lower bound.
function firstOfEachFigure(found: readonly FigureFound[]): Partial<Record<Figure, number>> {
  const first: Partial<Record<Figure, number>> = {};
  for (const f of found) first[f.figure] ??= f.count.min;
  return Object.fromEntries(FIGURES.filter((f) => first[f] !== undefined).map((f) => [f, first[f]]));
}

describe('readVictims with the shipped risk rules', () => {
  it.each<{ says: string; sentence: string; victims: VictimFound[] }>([
    {
      says: 'a community and civilians',
      sentence: 'Dozo militiamen killed 12 Fulani villagers in Ogossagou.',
      victims: [
        { group: 'Fulani', term: 'Fulani' },
        { group: 'civilians', term: 'villagers' },
      ],
    },
    {
      says: 'civilians and a community in French',
      sentence: 'Des miliciens ont tué 12 civils peuls à Ogossagou.',
      victims: [
        { group: 'civilians', term: 'civils' },
        { group: 'Fulani', term: 'peuls' },
      ],
    },
    { says: 'the Peuhl spelling', sentence: 'Des Peuhl ont été tués à Ogossagou.', victims: [{ group: 'Fulani', term: 'Peuhl' }] },
    { says: 'the Peul spelling', sentence: 'Un Peul a été enlevé près de Boni.', victims: [{ group: 'Fulani', term: 'Peul' }] },
    { says: 'Dogon victims', sentence: 'Jihadists attacked Dogon villages near Bankass.', victims: [{ group: 'Dogon', term: 'Dogon' }] },
    { says: 'Bambara victims', sentence: 'Des Bambara ont été tués à Macina.', victims: [{ group: 'Bambara', term: 'Bambara' }] },
    {
      says: 'women and children',
      sentence: 'At least 160 people, including women and children, were killed in Ogossagou.',
      victims: [
        { group: 'women', term: 'women' },
        { group: 'children', term: 'children' },
      ],
    },
    {
      says: 'elderly and children in French',
      sentence: 'Des personnes âgées et des enfants ont été tués.',
      victims: [
        { group: 'elderly', term: 'personnes âgées' },
        { group: 'children', term: 'enfants' },
      ],
    },
    {
      says: 'the attackers’ community apart from the victims’',
      sentence: 'Fulani villagers were attacked by Dogon militiamen.',
      victims: [
        { group: 'Fulani', term: 'Fulani' },
        { group: 'civilians', term: 'villagers' },
      ],
    },
    { says: 'a community after a word for attackers, in French', sentence: 'Des miliciens dogons ont attaqué Ogossagou.', victims: [] },
    { says: 'a region named after a community', sentence: 'Attacks in the Dogon country killed 12 people.', victims: [] },
    { says: 'nothing where no violence is reported', sentence: 'Fulani and Dogon leaders met the governor of Mopti.', victims: [] },
    { says: 'each group once, first as written', sentence: 'Civilians were killed, and more civilians fled.', victims: [{ group: 'civilians', term: 'Civilians' }] },
  ])('reads $says', ({ sentence, victims }) => {
    expect(readVictims(rules, sentence)).toEqual(victims);
  });
});

describe('parseNumber', () => {
  it.each<[string, { value: number; approximate: boolean } | null]>([
    ['132', { value: 132, approximate: false }],
    ['1,200', { value: 1200, approximate: false }],
    ['1 200', { value: 1200, approximate: false }],
    ['1\u00a0200', { value: 1200, approximate: false }],
    ['1\u202f200', { value: 1200, approximate: false }],
    ['1.200', { value: 1200, approximate: false }],
    ['1.5 million', { value: 1_500_000, approximate: false }],
    ['seven', { value: 7, approximate: false }],
    ['thirty-five', { value: 35, approximate: false }],
    ['thirty five', { value: 35, approximate: false }],
    ['one hundred and twenty', { value: 120, approximate: false }],
    ['two thousand', { value: 2000, approximate: false }],
    ['a hundred', { value: 100, approximate: false }],
    ['sept', { value: 7, approximate: false }],
    ['trente-deux', { value: 32, approximate: false }],
    ['soixante-dix', { value: 70, approximate: false }],
    ['soixante et onze', { value: 71, approximate: false }],
    ['quatre-vingt-dix-neuf', { value: 99, approximate: false }],
    ['quatre-vingts', { value: 80, approximate: false }],
    ['vingt et un', { value: 21, approximate: false }],
    ['cent', { value: 100, approximate: false }],
    ['deux cents', { value: 200, approximate: false }],
    ['mille', { value: 1000, approximate: false }],
    ['deux mille cinq cents', { value: 2500, approximate: false }],
    ['une trentaine', { value: 30, approximate: true }],
    ['une dizaine', { value: 10, approximate: true }],
    ['une centaine', { value: 100, approximate: true }],
    ['dozens', { value: 12, approximate: true }],
    ['two dozen', { value: 24, approximate: true }],
    ['hundreds', { value: 100, approximate: true }],
    ['thousands', { value: 1000, approximate: true }],
    ['des milliers', { value: 1000, approximate: true }],
    ['several hundred', { value: 100, approximate: true }],
    ['tens of thousands', { value: 10000, approximate: true }],
    ['1.2000', null],
    ['3.5', null],
    ['a', null],
    ['twenty thirty', null],
    ['dizaine', null],
    ['third', null],
  ])('reads "%s"', (written, expected) => {
    expect(parseNumber(written)).toEqual(expected);
  });
});

// The counts of a sentence on their own, before any figure word: what a number counts is
// figures.ts's business, whether it counts anything at all is decided here.
describe('findCounts', () => {
  function countsIn(sentence: string): Count[] {
    const text = maskNonCounts(sentence);
    return findCounts(text, tokenize(text)).map((c) => c.count);
  }

  it.each<[string, Count[]]>([
    ['between 30 and 40 and then 12', [{ min: 30, max: 40, approximate: false, qualifier: 'exact' }, { min: 12, max: 12, approximate: false, qualifier: 'exact' }]],
    ['entre trente et quarante', [{ min: 30, max: 40, approximate: false, qualifier: 'exact' }]],
    ['about 30 to 40', [{ min: 30, max: 40, approximate: true, qualifier: 'about' }]],
    ['pas plus de 40', [{ min: 40, max: 40, approximate: false, qualifier: 'up-to' }]],
    ['à peu près une trentaine', [{ min: 30, max: 30, approximate: true, qualifier: 'about' }]],
    ['40 to 30', [{ min: 40, max: 40, approximate: false, qualifier: 'exact' }, { min: 30, max: 30, approximate: false, qualifier: 'exact' }]],
    ['one of the attackers', []],
    ['l’une des victimes', []],
    ['in 2019-2020', []],
    ['killed 12 - 30 wounded', [{ min: 12, max: 12, approximate: false, qualifier: 'exact' }, { min: 30, max: 30, approximate: false, qualifier: 'exact' }]],
    ['500 000 FCFA', []],
    ['route RN 16', []],
    ['le 12/06/2024 à 17h30', []],
  ])('counts in "%s"', (sentence, counts) => {
    expect(countsIn(sentence)).toEqual(counts);
  });
});
