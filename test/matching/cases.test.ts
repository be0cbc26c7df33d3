// Matching case by case, in English and French as UN, NGO and press reports write: names inside
// links, ambiguous names with and without each kind of context, actors (ambiguous ones too),
// possessives, plurals, elisions, names split across a line or a leftover tag, near-misses.
// `shipped` is the central Mali watchlist as shipped; `variant` is the same list with Dozo,
// Wagner and IS Sahel marked ambiguous, the Dozo plurals removed from the aliases (the matcher
// forms them), and test coordinates (not surveyed) for Kalala and Boura, about 9 km apart.
import { describe, expect, it } from 'vitest';
import { offlineWatchlists } from '../../src/catalog/index.js';
import { compileMatcher, matchItem, type MatchableWatchlist, type Matcher } from '../../src/matching/index.js';
import { shippedConfig } from '../helpers/watchlists.js';

const centralMali = offlineWatchlists(shippedConfig.watchlists.filter((w) => w.slug === 'central-mali'));
const AMBIGUOUS_ACTORS = new Set(['Dozo militias', 'Wagner Group', 'Islamic State Sahel']);
const DOZO_PLURALS = new Set(['Dozos', 'Donsos']);
const TEST_COORDINATES: Record<string, [number, number]> = { Kalala: [14.0, -5.3], Boura: [14.05, -5.24] };

const variantWatchlists: MatchableWatchlist[] = centralMali.map((w) => ({
  ...w,
  actors: w.actors.map((a) => ({ ...a, ambiguous: AMBIGUOUS_ACTORS.has(a.name), aliases: a.aliases.filter((alias) => !DOZO_PLURALS.has(alias)) })),
  places: w.places.map((p) => {
    const at = TEST_COORDINATES[p.name];
    return at ? { ...p, latitude: at[0], longitude: at[1] } : p;
  }),
}));

const matchers: Record<'shipped' | 'variant' | 'wide', Matcher> = {
  shipped: compileMatcher(centralMali),
  variant: compileMatcher(variantWatchlists),
  // Koro and Bankass are 47 km apart: context within 50 km, not within the default 25.
  wide: compileMatcher(centralMali, { contextRadiusKm: 50 }),
};

interface Case {
  says: string;
  title?: string;
  text?: string;
  names: string[];
  on?: keyof typeof matchers;
}

const links: Case[] = [
  { says: 'ignores a village in the path of a report URL', text: 'The report is at https://reliefweb.int/report/mali/ogossagou-attack-2020', names: [] },
  { says: 'ignores a village in a PDF file name', text: 'Download ouembe.pdf for the full list of victims.', names: [] },
  { says: 'ignores a town in an e-mail address', text: 'Contact info@bankass.org for details.', names: [] },
  { says: 'ignores a village in a bare www address', text: 'See www.ogossagou.ml for the association of survivors.', names: [] },
  { says: 'ignores names in a French URL after a colon', text: 'Voir le rapport : https://www.hrw.org/fr/news/2024/05/13/mali-ogota-ouembe', names: [] },
  { says: 'ignores a town in a plain http URL', text: 'Communiqué: http://bankass.ml/actualites', names: [] },
  { says: 'ignores villages in photo file names', text: 'Photos: ogossagou_2019.jpg and ogossagou_2020.jpg', names: [] },
  { says: 'ignores a town in the user part of an e-mail address', text: 'Write to bankass@minusma.org or call the hotline.', names: [] },
  { says: 'ignores a village in a URL between angle brackets', text: 'Source: <https://reliefweb.int/report/ogossagou>', names: [] },
  { says: 'finds a village written before a link in brackets', text: 'Ogossagou was attacked again (https://reliefweb.int/node/1).', names: ['Ogossagou'] },
  { says: 'finds a village after a link in the same French sentence', text: 'Source : https://www.rfi.fr/fr/afrique/mali-ogota — Ogota a été attaqué.', names: ['Ogota'] },
  { says: 'ignores a village in a Word file name', text: 'Télécharger Rapport_Diallassagou_2022.docx', names: [] },
  { says: 'ignores a file name whose extension is in capitals', text: 'Attached: OUEMBE.PDF', names: [] },
  { says: 'ignores a region in a CSV file name', text: 'The dataset mopti-region.csv was updated on Monday.', names: [] },
  { says: 'ignores a village in an e-mail address with a dotted user', text: 'Témoignages : ogossagou.survivants@gmail.com', names: [] },
  { says: 'finds a village right after a link', text: 'https://x.org/a Ogossagou burned.', names: ['Ogossagou'] },
  { says: 'ignores a village in a URL that is the whole title', title: 'https://reliefweb.int/report/mali/koulogon', names: [] },
  { says: 'ignores an armed group in a domain name', text: 'Claims were posted on www.jnim-watch.org overnight.', names: [] },
  { says: 'ignores a village in a link without a scheme', text: 'Follow the link: reliefweb.int/report/ogossagou', names: [] },
  { says: 'finds two towns joined by a full stop with no space', text: 'Fighting on the Mopti.Bankass road continued.', names: ['Bankass', 'Mopti'] },
  { says: 'ignores a cercle named in a link as context', text: 'Ségué burned on Sunday. https://reliefweb.int/bankass-cercle', names: [] },
];

const ambiguity: Case[] = [
  { says: 'does not take Mali as context for Boura in Burkina Faso', text: 'Boura, in Burkina Faso near the border with Mali, was attacked.', names: ['Mali'] },
  { says: 'does not take "au Mali" as context for Ségué', text: 'Ségué, au Mali, a été attaqué dimanche.', names: ['Mali'] },
  { says: 'does not take the Republic of Mali as context for Ndokoro', text: 'Ndokoro, République du Mali, a été vidé de ses habitants.', names: ['Mali'] },
  { says: 'counts Ségué with its cercle in French', text: 'Ségué, dans le cercle de Bankass, a été attaqué.', names: ['Bankass cercle', 'Ségué'] },
  { says: 'counts Koro with its cercle', text: 'Koro, chef-lieu du cercle de Koro, est sous blocus.', names: ['Koro', 'Koro cercle'] },
  { says: 'counts Koro with its new region', text: 'Koro, in the Bandiagara region, came under fire.', names: ['Bandiagara region', 'Koro'] },
  { says: 'counts Koro with its former region in French', text: 'Koro, dans la région de Mopti, a reçu des déplacés.', names: ['Koro', 'Mopti region'] },
  { says: 'counts Moura with its cercle', text: 'Moura, in Djenné cercle, was the scene of mass killings in March 2022.', names: ['Djenné cercle', 'Moura'] },
  { says: 'counts Moura with the town of Djenné in the same cercle', text: 'Survivors fled from Moura to Djenné.', names: ['Djenné', 'Moura'] },
  { says: 'counts Yoro with Dinangourou in the same cercle', text: 'Yoro, near Dinangourou, was attacked on 17 June 2019.', names: ['Dinangourou', 'Yoro'] },
  { says: 'counts Kalala with the cercle of Macina', text: 'Kalala, cercle de Macina : au moins 13 morts.', names: ['Kalala', 'Macina cercle'] },
  { says: 'does not count Kalala with the town Macina, itself ambiguous', text: 'Kalala et Macina ont été visités par la délégation.', names: [] },
  { says: 'counts Sangha with Songho in the same cercle', text: 'Tourists once visited Sangha and Songho.', names: ['Sangha', 'Songho'] },
  { says: 'does not count Sangha in the Republic of Congo', text: 'Floods hit the Sangha department in the Republic of Congo.', names: [] },
  { says: 'counts Ségué with Ogota in the same cercle', text: 'Ségué et Ogota ont été attaqués la même semaine.', names: ['Ogota', 'Ségué'] },
  { says: 'counts Ndokoro with its region', text: 'Ndokoro, in the Mopti region, was emptied of its inhabitants.', names: ['Mopti region', 'Ndokoro'] },
  { says: 'does not count Ndokoro, with no cercle given, beside Bankass', text: 'Ndokoro and Bankass received aid.', names: ['Bankass'] },
  { says: 'does not count Koro beside Bankass 47 km away with the default radius', text: 'Koro and Bankass received aid.', names: ['Bankass'] },
  { says: 'counts Koro beside Bankass 47 km away with a 50 km radius', text: 'Koro and Bankass received aid.', names: ['Bankass', 'Koro'], on: 'wide' },
  { says: 'counts Ségué in the text with its cercle in the title', title: 'Attaque dans le cercle de Bankass', text: 'Ségué a été incendié.', names: ['Bankass cercle', 'Ségué'] },
  { says: 'does not count two ambiguous villages of one cercle for each other', text: 'Kalala et Boura ont été attaqués.', names: [] },
  { says: 'counts two ambiguous villages about 9 km apart for each other', text: 'Kalala et Boura ont été attaqués.', names: ['Boura', 'Kalala'], on: 'variant' },
  { says: 'counts Ké-Macina with its region in French', text: 'Ké-Macina, dans la région de Ségou, accueille des déplacés.', names: ['Macina', 'Ségou region'] },
  { says: 'does not count Moura, a footballer’s surname, in a sports report', text: 'Moura scored twice for Tottenham.', names: [] },
  { says: 'does not count Yoro in Honduras', text: 'Heavy rain fell on Yoro, Honduras, on Tuesday.', names: [] },
  { says: 'does not count Koro in Fiji', text: 'Koro Island in Fiji was hit by the cyclone.', names: [] },
  { says: 'does not count Boura in Burkina Faso with the Burkinabe army', text: 'The Burkinabe army said Boura was calm.', names: [] },
  { says: 'counts Boura with its region in English', text: 'Boura, in Ségou region, lost 24 men to abductions.', names: ['Boura', 'Ségou region'] },
  { says: 'does not count Macina the footballer', text: 'Macina signed for the Italian side.', names: [] },
  { says: 'does not count Ségué in the English "segue"', text: 'A smooth segue into the next item.', names: [] },
  { says: 'counts Ségué beside the town of Bankass', text: 'Gunmen attacked Ségué, 20 km from Bankass.', names: ['Bankass', 'Ségué'] },
  { says: 'does not count Kalala the striker', text: 'Kalala scored in the 90th minute.', names: [] },
];

const actors: Case[] = [
  { says: 'finds JNIM by its acronym', text: 'JNIM claimed the attack on the army post.', names: ['JNIM'] },
  { says: 'finds JNIM by its French acronym GSIM', text: 'Le GSIM a revendiqué l’embuscade.', names: ['JNIM'] },
  { says: 'finds JNIM by its French name after elision', text: 'Le Groupe de soutien à l’islam et aux musulmans a revendiqué l’attaque.', names: ['JNIM'] },
  { says: 'finds Katiba Macina and not the town', text: 'La Katiba Macina d’Amadou Koufa contrôle la zone.', names: ['Katiba Macina'] },
  { says: 'finds Katiba Macina by FLM', text: 'The FLM was founded in 2015.', names: ['Katiba Macina'] },
  { says: 'finds the Islamic State by EIGS after a straight elision', text: "L'EIGS a revendiqué l'attaque.", names: ['Islamic State Sahel'] },
  { says: 'finds the Islamic State by EIGS after a curly elision', text: 'L’EIGS a revendiqué l’attaque.', names: ['Islamic State Sahel'] },
  { says: 'finds the Islamic State by ISGS', text: 'ISGS fighters crossed from Niger.', names: ['Islamic State Sahel'] },
  { says: 'finds Ansar Dine by a variant spelling', text: 'Ansar Eddine held Timbuktu in 2012.', names: ['Ansar Dine'] },
  { says: 'does not find Ansar Dine in "Ansar" alone', text: 'Ansar volunteers distributed food.', names: [] },
  { says: 'finds AQIM by its French acronym', text: 'AQMI a libéré l’otage.', names: ['AQIM'] },
  { says: 'finds Wagner when not marked ambiguous', text: 'Wagner forces withdrew in June 2025.', names: ['Wagner Group'] },
  { says: 'finds Africa Corps', text: 'Russia’s Africa Corps took over from Wagner.', names: ['Africa Corps', 'Wagner Group'] },
  { says: 'finds the army by "soldats maliens"', text: 'Des soldats maliens ont été tués près de Sokolo.', names: ['FAMa', 'Sokolo'] },
  { says: 'does not find JNIM in "Jamaica"', text: 'Jamaica sent observers.', names: [] },
  { says: 'does not find Wagner in "Wagnerian"', text: 'A Wagnerian opera opened in Bamako.', names: [] },
  { says: 'finds Dan Na Ambassagou by "Dana Amassagou"', text: 'La milice Dana Amassagou dément toute implication.', names: ['Dan Na Ambassagou'] },
  { says: 'does not count an ambiguous Wagner in a review of the Ring', text: 'Wagner’s Ring cycle opened in Bayreuth.', names: [], on: 'variant' },
  { says: 'counts an ambiguous Wagner beside the Malian army', text: 'Wagner and FAMa troops entered the village.', names: ['FAMa', 'Wagner Group'], on: 'variant' },
  { says: 'counts an ambiguous Wagner beside a watched town', text: 'Wagner fighters were seen near Sévaré.', names: ['Sévaré', 'Wagner Group'], on: 'variant' },
  { says: 'does not count an ambiguous "IS Sahel" in a sentence about rain', text: 'Rainfall is Sahel-wide this year.', names: [], on: 'variant' },
  { says: 'counts an ambiguous IS Sahel beside JNIM', text: 'IS Sahel clashed with JNIM near Tessit.', names: ['Islamic State Sahel', 'JNIM'], on: 'variant' },
  { says: 'does not count an ambiguous Dozo at a festival', text: 'The Dozo dance opened the festival.', names: [], on: 'variant' },
  { says: 'does not count an ambiguous Dozo beside an uncounted ambiguous village', text: 'Dozos attacked Kalala.', names: [], on: 'variant' },
  { says: 'counts an ambiguous Dozo beside a watched village', text: 'Dozos attacked Ogossagou at dawn.', names: ['Dozo militias', 'Ogossagou'], on: 'variant' },
  { says: 'counts an ambiguous Dozo beside Dan Na Ambassagou', text: 'Les Dozos et Dan Na Ambassagou nient.', names: ['Dan Na Ambassagou', 'Dozo militias'], on: 'variant' },
  { says: 'does not count two ambiguous actors for each other', text: 'Wagner et les Dozos.', names: [], on: 'variant' },
  { says: 'counts an ambiguous actor with context in the title', title: 'Mopti : nouvelles violences', text: 'Les Dozos ont dressé des barrages.', names: ['Dozo militias', 'Mopti'], on: 'variant' },
  { says: 'counts an ambiguous IS Sahel by EIGS beside the army', text: 'L’EIGS a revendiqué l’attaque près de Ménaka, selon les FAMa.', names: ['FAMa', 'Islamic State Sahel'], on: 'variant' },
];

const forms: Case[] = [
  { says: 'finds a village before a straight possessive', text: "Ogota's mayor spoke to the press.", names: ['Ogota'] },
  { says: 'finds a village before a curly possessive', text: 'Ogota’s mayor spoke to the press.', names: ['Ogota'] },
  { says: 'finds a village before a possessive in capitals', text: "OGOTA'S SURVIVORS SPEAK", names: ['Ogota'] },
  { says: 'finds a town before a bare trailing apostrophe', text: 'Bankass’ governor visited the wounded.', names: ['Bankass'] },
  { says: 'finds a militia before a possessive', text: 'Dan Na Ambassagou’s leader denied the charges.', names: ['Dan Na Ambassagou'] },
  { says: 'finds a village after "d’"', text: 'Les habitants d’Ouémbé ont fui.', names: ['Ouémbé'] },
  { says: 'finds a village after "d\'"', text: "Les habitants d'Ouémbé ont fui.", names: ['Ouémbé'] },
  { says: 'finds a village after "qu\'"', text: "On apprend qu'Ogossagou a été attaqué.", names: ['Ogossagou'] },
  { says: 'finds a village after "qu’"', text: 'On apprend qu’Ogossagou a été attaqué.', names: ['Ogossagou'] },
  { says: 'finds a town after "jusqu’à"', text: 'Ils ont marché jusqu’à Bankass.', names: ['Bankass'] },
  { says: 'finds a village after the modifier-letter apostrophe', text: 'Les rescapés dʼOuémbé témoignent.', names: ['Ouémbé'] },
  { says: 'finds a village after elision in capitals', text: 'LES RESCAPÉS D’OUÉMBÉ TÉMOIGNENT', names: ['Ouémbé'] },
  { says: 'finds a village after "s’" and "n’"', text: 'La délégation s’est rendue à Diallassagou ; la violence n’a pas épargné Dianwéli.', names: ['Diallassagou', 'Dianwéli'] },
  { says: 'finds a hyphenated alias after elision', text: "Les survivants d'Ogossagou-Peul sont à Bankass.", names: ['Bankass', 'Ogossagou'] },
  { says: 'forms the plural of an actor’s name', text: 'Dozos manned checkpoints around Ogossagou.', names: ['Dozo militias', 'Ogossagou'], on: 'variant' },
  { says: 'forms the plural of an actor’s alias', text: 'Des Donsos ont attaqué Koumaga.', names: ['Dozo militias', 'Koumaga'], on: 'variant' },
  { says: 'forms the plural of an actor’s last word', text: 'Dozo hunters attacked Ogossagou; Dozo militias denied it.', names: ['Dozo militias', 'Ogossagou'], on: 'variant' },
  { says: 'forms the plural of an acronym', text: 'The FAMas entered Sokolo.', names: ['FAMa', 'Sokolo'] },
  { says: 'forms no plural of a place', text: 'The Ogotas of this world.', names: [] },
  { says: 'forms no plural in the middle of a word', text: 'Dozosaurus is not a word.', names: [], on: 'variant' },
];

const layout: Case[] = [
  { says: 'finds a militia split across a line break', text: 'Fighters of Dan Na\nAmbassagou were seen.', names: ['Dan Na Ambassagou'] },
  { says: 'finds a militia split by a leftover bold tag', text: 'Fighters of Dan Na <b>Ambassagou</b> were seen.', names: ['Dan Na Ambassagou'] },
  { says: 'does not join a name across a blank line', text: 'Dan Na\n\nAmbassagou', names: [] },
  { says: 'does not join a name across a full stop', text: 'Dan Na. Ambassagou', names: [] },
  { says: 'finds a village split across a line break', text: 'The hamlet of Sobane\nDa was burned.', names: ['Sobane Da'] },
  { says: 'finds a village split across a Windows line break', text: 'Minima\r\nMaoudé was attacked.', names: ['Minima Maoudé'] },
  { says: 'does not join a name across a paragraph tag', text: 'Minima</p><p>Maoudé', names: [] },
  { says: 'finds JNIM’s full name split across a line', text: 'Jama’at Nusrat al-Islam\nwal-Muslimin claimed it.', names: ['JNIM'] },
  { says: 'finds a French cercle split across a line', text: 'Dans le cercle de\nBankass, les écoles ferment.', names: ['Bankass cercle'] },
  { says: 'finds a village in an italic tag', text: 'The village of <i>Ogossagou</i> was attacked.', names: ['Ogossagou'] },
  { says: 'finds two names on two lines joined by a <br>', text: 'Bankass<br>Ogossagou', names: ['Bankass', 'Ogossagou'] },
  { says: 'finds a French region split by a <br/>', text: 'Dans la région de<br/>Mopti, la saison est mauvaise.', names: ['Mopti region'] },
  { says: 'does not join a name across a comma', text: 'Minima, Maoudé', names: [] },
];

const reports: Case[] = [
  { says: 'finds the village and cercle of an HRW sentence', text: 'On January 27, JNIM fighters killed at least 32 civilians in Ogota and Ouémbé, Bankass cercle.', names: ['Bankass cercle', 'JNIM', 'Ogota', 'Ouémbé'] },
  { says: 'finds the villages of a French RFI sentence', text: 'Les villages de Gouari, Djimdo, Pangadougou et Dialaikanda ont été attaqués le 1er juillet.', names: ['Dialaikanda', 'Djimdo', 'Gouari', 'Pangadougou'] },
  { says: 'finds Sokolo and JNIM in a UN sentence', text: 'On 26 January 2020, JNIM attacked the gendarmerie camp in Sokolo, killing 20.', names: ['JNIM', 'Sokolo'] },
  { says: 'finds Farabougou under siege', text: 'Farabougou has been under siege by JNIM since October 2020.', names: ['Farabougou', 'JNIM'] },
  { says: 'finds Binedama by a misspelling', text: 'Binedema, commune de Madougou : 29 morts.', names: ['Binedama'] },
  { says: 'finds Djiguibombo in a governor’s statement', text: 'Le gouverneur de la région de Bandiagara a condamné l’attaque de Djiguibombo.', names: ['Bandiagara region', 'Djiguibombo'] },
  { says: 'finds Koumaga and the Dozo hunters', text: 'Men dressed as Dozo hunters killed 32 people in Koumaga.', names: ['Dozo militias', 'Koumaga'] },
  { says: 'finds Koulogon-Peul', text: 'Koulogon-Peul was attacked on 1 January 2019.', names: ['Koulogon'] },
  { says: 'finds Niono and Ségou', text: 'Des déplacés de Niono sont arrivés à Ségou.', names: ['Niono', 'Ségou'] },
  { says: 'finds Sévaré and Mopti', text: 'The convoy left Sévaré for Mopti at noon.', names: ['Mopti', 'Sévaré'] },
  { says: 'does not find Bankass inside Bankassois', text: 'Les Bankassois sont inquiets.', names: [] },
  { says: 'does not find Ogota inside Ogotam', text: 'Ogotam is another place.', names: [] },
  { says: 'does not find Mopti inside Moptiens', text: 'Les Moptiens ont manifesté.', names: [] },
  { says: 'does not find Djenné in Djennéké', text: 'Djennéké est un nom de famille.', names: [] },
  { says: 'finds Déguéssagou without accents in capitals', text: 'DEGUESSAGOU: 40 MORTS', names: ['Déguéssagou'] },
  { says: 'finds Gangafani II', text: 'Gangafani II and Yoro were attacked.', names: ['Gangafani', 'Yoro'] },
  { says: 'finds Djenné by Jenné', text: 'The mosque of Jenné is a World Heritage site.', names: ['Djenné'] },
  { says: 'finds Minimakanda by its spaced spelling', text: 'Minima Kanda a été incendié en partie.', names: ['Minimakanda'] },
  { says: 'finds nothing in an unrelated report', text: 'Delegates in Nairobi discussed loss and damage.', names: [] },
  { says: 'finds nothing in a French unrelated report', text: 'Les prix du carburant ont augmenté à Dakar.', names: [] },
];

const tables = { links, ambiguity, actors, forms, layout, reports };
const namesFound = (matcher: Matcher, title: string, text: string): string[] => [...new Set(matchItem(matcher, { title, text }).map((m) => m.name))].sort();

describe.each(Object.entries(tables))('matching: %s', (_section, cases) => {
  it.each(cases)('$says', ({ title = '', text = '', names, on = 'shipped' }) => {
    expect(namesFound(matchers[on], title, text)).toEqual([...names].sort());
  });
});

it('has at least 120 cases', () => {
  expect(Object.values(tables).flat().length).toBeGreaterThanOrEqual(120);
});

describe('why an ambiguous name counted', () => {
  it.each([
    { says: 'an area below the country', text: 'Ségué, dans le cercle de Bankass, a été attaqué.', name: 'Ségué', reason: 'context: Bankass cercle', on: 'shipped' as const },
    { says: 'a region', text: 'Koro, in the Bandiagara region, came under fire.', name: 'Koro', reason: 'context: Bandiagara region', on: 'shipped' as const },
    { says: 'another watched place of the cercle', text: 'Ségué et Ogota ont été attaqués.', name: 'Ségué', reason: 'context: Ogota (same cercle: Bankass cercle)', on: 'shipped' as const },
    { says: 'another watched place nearby', text: 'Kalala et Boura ont été attaqués.', name: 'Kalala', reason: 'context: Boura, 9 km away', on: 'variant' as const },
    { says: 'a watched place for an actor', text: 'Dozos attacked Ogossagou.', name: 'Dozo militias', reason: 'context: Ogossagou', on: 'variant' as const },
    { says: 'a watched actor for an actor', text: 'Wagner and JNIM clashed.', name: 'Wagner Group', reason: 'context: JNIM', on: 'variant' as const },
    { says: 'nothing for a name that needs no context', text: 'Ogossagou burned.', name: 'Ogossagou', reason: null, on: 'shipped' as const },
  ])('gives $says', ({ text, name, reason, on }) => {
    expect(matchItem(matchers[on], { title: '', text }).filter((m) => m.name === name).map((m) => m.reason)).toEqual([reason]);
  });
});

describe('evidence of a name split across a line', () => {
  it('is the original sentence with both lines, the offsets spanning the break', () => {
    const text = 'Fighters of Dan Na\nAmbassagou were seen. Others fled.';
    const [match] = matchItem(matchers.shipped, { title: '', text });

    expect(match).toMatchObject({ name: 'Dan Na Ambassagou', alias: 'Dan Na\nAmbassagou', sentence: 'Fighters of Dan Na\nAmbassagou were seen.', start: 12, end: 29 });
  });

  it('keeps the offsets of a name split by a tag, the tag included', () => {
    const text = 'Fighters of Dan Na <b>Ambassagou</b> were seen.';
    const [match] = matchItem(matchers.shipped, { title: '', text });

    expect(match).toMatchObject({ alias: 'Dan Na <b>Ambassagou', start: 12, end: 32 });
  });
});
