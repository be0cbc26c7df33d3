// Actor roles from sentences written the way UN, NGO and press reports write them, in English
// and French, with the shipped cue lists: a watched actor named as the one who did the violence
// (perpetrator), or beside it (mentioned: protector, responder, negotiator, denier, victim).
// The actor is found by its name in the sentence; violence by the shipped violence terms.
import { describe, expect, it } from 'vitest';
import { riskSchema } from '../../src/config/schema.js';
import { actorRole, compileActorRoleRules, type ActorRole, type ActorRoleRules } from '../../src/risk/actor-role.js';
import { compilePhrases, findPhrases, tokenize } from '../../src/text/index.js';
import { shippedConfig } from '../helpers/watchlists.js';

const rules = compileActorRoleRules(shippedConfig.risk);
const violenceTerms = compilePhrases(Object.values(shippedConfig.risk.violence).flatMap((terms) => terms.map((phrase) => ({ phrase, value: true }))));

function violenceIn(sentence: string): { start: number; end: number }[] {
  const tokens = tokenize(sentence);
  return findPhrases(violenceTerms, tokens).map((hit) => ({ start: tokens[hit.first]?.start ?? 0, end: tokens[hit.last]?.end ?? 0 }));
}

function roleOf(sentence: string, actor: string, with_: ActorRoleRules = rules): ActorRole {
  const start = sentence.indexOf(actor);
  if (start < 0) throw new Error(`"${actor}" is not in "${sentence}"`);
  return actorRole(with_, sentence, { start, end: start + actor.length }, violenceIn(sentence));
}

interface RoleCase {
  text: string;
  actor: string;
  role: ActorRole;
}

const cases: RoleCase[] = [
  // The actor does the violence
  { text: 'JNIM fighters attacked Ogossagou, killing 37 people.', actor: 'JNIM', role: 'perpetrator' },
  { text: 'Dan Na Ambassagou militiamen killed 35 villagers in Sobane Da.', actor: 'Dan Na Ambassagou', role: 'perpetrator' },
  { text: 'Des hommes armés de la Katiba Macina ont attaqué Ogota.', actor: 'Katiba Macina', role: 'perpetrator' },
  { text: 'Le JNIM a attaqué Ogota dimanche.', actor: 'JNIM', role: 'perpetrator' },
  { text: 'Les FAMa ont tué 12 civils à Diafarabé.', actor: 'FAMa', role: 'perpetrator' },
  { text: 'FAMa and Wagner forces executed hundreds of men in Moura.', actor: 'Wagner', role: 'perpetrator' },
  { text: 'Dozo militiamen, who arrived on motorbikes, burned the village.', actor: 'Dozo', role: 'perpetrator' },
  { text: 'JNIM, which controls the area, attacked Ogota on Sunday.', actor: 'JNIM', role: 'perpetrator' },
  { text: "JNIM's fighters reportedly attacked Ogota.", actor: 'JNIM', role: 'perpetrator' },
  { text: 'MINUSMA condemned the JNIM attack on Ogossagou.', actor: 'JNIM', role: 'perpetrator' },
  { text: "Villagers fled from JNIM's attacks.", actor: 'JNIM', role: 'perpetrator' },
  // The agent after by/par
  { text: 'An attack by JNIM left 12 dead in Ouémbé.', actor: 'JNIM', role: 'perpetrator' },
  { text: "L'attaque perpétrée par des Dozos a fait 20 morts.", actor: 'Dozos', role: 'perpetrator' },
  { text: '12 civilians were killed by Malian soldiers in Diafarabé.', actor: 'Malian soldiers', role: 'perpetrator' },
  { text: 'Des combattants du JNIM ont été tués par les FAMa.', actor: 'FAMa', role: 'perpetrator' },
  // Claimed, attributed, blamed, suspected, accused, affiliated
  { text: 'JNIM claimed responsibility for the attack on Diallassagou.', actor: 'JNIM', role: 'perpetrator' },
  { text: "Le JNIM a revendiqué l'attaque contre Ogota.", actor: 'JNIM', role: 'perpetrator' },
  { text: "L'attaque a été revendiquée par le JNIM.", actor: 'JNIM', role: 'perpetrator' },
  { text: 'The killings were attributed to Dan Na Ambassagou.', actor: 'Dan Na Ambassagou', role: 'perpetrator' },
  { text: "L'attaque a été attribuée à la Katiba Macina.", actor: 'Katiba Macina', role: 'perpetrator' },
  { text: 'The massacre was blamed on Dozo hunters.', actor: 'Dozo', role: 'perpetrator' },
  { text: 'Le massacre est imputé aux chasseurs dozos.', actor: 'chasseurs dozos', role: 'perpetrator' },
  { text: 'Suspected JNIM militants killed 12 civilians near Bankass.', actor: 'JNIM', role: 'perpetrator' },
  { text: 'Des présumés membres de la Katiba Macina ont tué trois bergers.', actor: 'Katiba Macina', role: 'perpetrator' },
  { text: 'Dozos were accused of burning the village.', actor: 'Dozos', role: 'perpetrator' },
  { text: "Wagner est accusé d'avoir tué des civils à Moura.", actor: 'Wagner', role: 'perpetrator' },
  { text: 'The attack was carried out by FAMa soldiers and Wagner.', actor: 'FAMa', role: 'perpetrator' },
  { text: 'Gunmen affiliated with JNIM attacked the market.', actor: 'JNIM', role: 'perpetrator' },
  // Asked for protection, appealed to, responding
  { text: 'Villagers asked FAMa for protection after the attack.', actor: 'FAMa', role: 'mentioned' },
  { text: "Les habitants ont demandé la protection de l'armée malienne après l'attaque.", actor: 'armée malienne', role: 'mentioned' },
  { text: 'Residents appealed to the Malian army after gunmen attacked Ogota.', actor: 'Malian army', role: 'mentioned' },
  { text: "La population a appelé les FAMa à intervenir après l'attaque.", actor: 'FAMa', role: 'mentioned' },
  { text: 'FAMa were deployed to Ogossagou after the massacre.', actor: 'FAMa', role: 'mentioned' },
  { text: "L'armée malienne a été déployée à Ogossagou après l'attaque.", actor: 'armée malienne', role: 'mentioned' },
  { text: 'FAMa soldiers arrived after the attack.', actor: 'FAMa', role: 'mentioned' },
  { text: 'Les FAMa ont repoussé une attaque de la Katiba Macina.', actor: 'FAMa', role: 'mentioned' },
  // Condemned, negotiated, denied, reported
  { text: 'The Malian army condemned the attack on Ogossagou.', actor: 'Malian army', role: 'mentioned' },
  { text: "Les FAMa ont condamné l'attaque d'Ogota.", actor: 'FAMa', role: 'mentioned' },
  { text: 'The government negotiated with JNIM after the attacks on Ogota.', actor: 'JNIM', role: 'mentioned' },
  { text: 'Talks with Katiba Macina stalled after the killings.', actor: 'Katiba Macina', role: 'mentioned' },
  { text: 'Dan Na Ambassagou denied responsibility for the massacre.', actor: 'Dan Na Ambassagou', role: 'mentioned' },
  { text: "La Katiba Macina a démenti toute implication dans l'attaque.", actor: 'Katiba Macina', role: 'mentioned' },
  { text: 'JNIM accused the army of killing civilians in Moura.', actor: 'JNIM', role: 'mentioned' },
  { text: 'The army said JNIM attacked the village.', actor: 'army', role: 'mentioned' },
  { text: 'The army arrived and gunmen attacked the village.', actor: 'army', role: 'mentioned' },
  // Victims and targets
  { text: 'Twelve JNIM fighters were killed in the fighting.', actor: 'JNIM', role: 'mentioned' },
  { text: 'Des combattants du JNIM ont été tués par les FAMa.', actor: 'JNIM', role: 'mentioned' },
  { text: 'JNIM fighters killed by the army were buried in Ogota.', actor: 'JNIM', role: 'mentioned' },
  { text: 'The army killed 30 suspected JNIM members near Djenné.', actor: 'JNIM', role: 'mentioned' },
  { text: 'Les FAMa ont tué des présumés membres du JNIM.', actor: 'JNIM', role: 'mentioned' },
  { text: 'A FAMa airstrike on JNIM positions killed 12 civilians.', actor: 'JNIM', role: 'mentioned' },
  { text: 'JNIM fighters attacked FAMa positions near Boni.', actor: 'FAMa', role: 'mentioned' },
  { text: 'The attack on JNIM fighters killed 12.', actor: 'JNIM', role: 'mentioned' },
  // Clashes: a clash does not say which side did the violence
  { text: 'Twelve civilians were killed in clashes between FAMa and JNIM.', actor: 'JNIM', role: 'mentioned' },
  { text: 'Twelve civilians were killed in clashes with JNIM.', actor: 'JNIM', role: 'mentioned' },
  { text: 'Des affrontements entre les Dozos et le JNIM ont tué 12 civils.', actor: 'Dozos', role: 'mentioned' },
  // No violence in the sentence
  { text: 'JNIM announced a ceasefire.', actor: 'JNIM', role: 'mentioned' },
  { text: 'Les FAMa patrouillent autour de Bankass.', actor: 'FAMa', role: 'mentioned' },
];

describe('actorRole', () => {
  it('covers enough sentences in both languages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('$actor in "$text" → $role', ({ text, actor, role }) => {
    expect(roleOf(text, actor)).toBe(role);
  });

  it('reads the same actor differently in two sentences of one report', () => {
    expect(roleOf('FAMa soldiers killed 12 civilians in Diafarabé.', 'FAMa')).toBe('perpetrator');
    expect(roleOf('Villagers asked FAMa for protection after the killings.', 'FAMa')).toBe('mentioned');
  });
});

describe('actorRoles in an older risk file', () => {
  // A risk file written before `actorRoles` existed: the cues are empty, the structure still reads.
  const { actorRoles: _shipped, ...older } = shippedConfig.risk;
  const olderRules = compileActorRoleRules(riskSchema.parse(older));

  it('loads with empty cue lists', () => {
    expect(riskSchema.parse(older).actorRoles).toEqual({ perpetrator: { before: [], after: [] }, mentioned: { before: [], after: [] } });
  });

  it('still reads subjects, agents and victims', () => {
    expect(roleOf('JNIM fighters attacked Ogossagou.', 'JNIM', olderRules)).toBe('perpetrator');
    expect(roleOf('An attack by JNIM left 12 dead.', 'JNIM', olderRules)).toBe('perpetrator');
    expect(roleOf('Twelve JNIM fighters were killed.', 'JNIM', olderRules)).toBe('mentioned');
  });
});
