// Signals per place and the incidents of an item, with the shipped watchlists and risk rules:
// the violence and the toll of one place are never given to another place of the same item, a
// toll given for several places together counts once, soldiers killed elsewhere are not the
// village's toll, and a watched actor is a perpetrator only when named as one.
import { describe, expect, it } from 'vitest';
import { groupIncidents, type Incident } from '../../src/alerts/index.js';
import { matchItem } from '../../src/matching/index.js';
import { compileSignalRules, extractPlaceSignals, type PlaceSignals } from '../../src/risk/index.js';
import { compileShippedWatchlists, shippedConfig } from '../helpers/watchlists.js';

const matcher = compileShippedWatchlists();
const rules = compileSignalRules(shippedConfig.risk);
// A Wednesday.
const published = new Date('2026-11-25T10:00:00Z');

function placesOf(text: string, title = ''): PlaceSignals[] {
  const item = { title, text, reference: published };
  return extractPlaceSignals(rules, item, matchItem(matcher, item));
}

function incidentsOf(text: string, title = ''): Incident[] {
  return groupIncidents(placesOf(text, title), published);
}

function place(signals: PlaceSignals[], name: string): PlaceSignals | undefined {
  return signals.find((p) => p.name === name);
}

describe('signals per place', () => {
  it('gives a massacre in one village nothing to another village named in a separate story', () => {
    const signals = placesOf('Gunmen massacred 40 villagers in Ogossagou. Separately, a maternity ward opened in Mopti.');

    expect(place(signals, 'Ogossagou')?.figures.killed).toMatchObject({ min: 40, max: 40, shared: false });
    expect(place(signals, 'Ogossagou')?.violence.map((v) => v.kind)).toEqual(['massacre']);
    expect(place(signals, 'Mopti')).toMatchObject({ figures: {}, violence: [] });
    expect(incidentsOf('Gunmen massacred 40 villagers in Ogossagou. Separately, a maternity ward opened in Mopti.').map((i) => i.places.map((p) => p.name))).toEqual([['Ogossagou']]);
  });

  it('keeps a clause about another place apart within one sentence', () => {
    const signals = placesOf('Forty villagers were killed in Ogossagou, while in Mopti the market reopened.');

    expect(place(signals, 'Ogossagou')?.figures.killed).toMatchObject({ min: 40 });
    expect(place(signals, 'Mopti')).toMatchObject({ figures: {}, violence: [] });
  });

  it('reads a toll from the sentence after the one naming the place', () => {
    const signals = placesOf('Armed men attacked Ouémbé on Tuesday. At least four people were killed.');

    expect(place(signals, 'Ouémbé')?.figures.killed).toMatchObject({ min: 4, qualifier: 'at-least' });
    expect(place(signals, 'Ouémbé')?.eventDate?.date.toISOString().slice(0, 10)).toBe('2026-11-24');
  });

  it('keeps soldiers killed apart from the victims’ toll', () => {
    const signals = placesOf('Gunmen ambushed a patrol near Ouémbé, killing three soldiers.');

    expect(place(signals, 'Ouémbé')?.figures).toEqual({});
    expect(place(signals, 'Ouémbé')?.combatants['security-forces']).toMatchObject({ min: 3, max: 3 });
  });

  it('does not give a village the toll of soldiers killed in another region', () => {
    const signals = placesOf('Gunmen killed 12 civilians in Gouari on Sunday. In Gao region, 20 soldiers were killed in an ambush.');

    expect(place(signals, 'Gouari')?.figures.killed).toMatchObject({ min: 12, max: 12 });
    expect(place(signals, 'Gouari')?.combatants).toEqual({});
  });

  it('keeps a toll given for two villages together as theirs together', () => {
    const signals = placesOf('Attacks on Gouari and Djimdo killed 20 civilians.');

    expect(place(signals, 'Gouari')?.figures.killed).toMatchObject({ min: 20, shared: true });
    expect(place(signals, 'Djimdo')?.figures.killed).toMatchObject({ min: 20, shared: true });
    const incidents = incidentsOf('Attacks on Gouari and Djimdo killed 20 civilians.');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.places.map((p) => p.name)).toEqual(['Gouari', 'Djimdo']);
    expect(incidents[0]?.figures.killed).toMatchObject({ min: 20, max: 20 });
  });

  it('adds up tolls told village by village in one sentence', () => {
    const [incident] = incidentsOf('12 people were killed in Gouari and 8 were killed in Djimdo.');

    expect(incident?.places.map((p) => p.name)).toEqual(['Gouari', 'Djimdo']);
    expect(incident?.figures.killed).toMatchObject({ min: 20, max: 20 });
  });

  it('gives a toll to the place it was reported at, not to the place named after it', () => {
    const signals = placesOf('Gunmen attacked Ogossagou, killing 30 civilians, before moving on to Gouari.');

    expect(place(signals, 'Ogossagou')?.figures.killed).toMatchObject({ min: 30, shared: false });
    expect(place(signals, 'Gouari')?.figures).toEqual({});
  });

  it('tells the perpetrator from an actor merely mentioned', () => {
    const [incident] = incidentsOf('Dan Na Ambassagou militiamen attacked Ogossagou, killing 20 people. Residents asked the FAMa for protection.');

    expect(incident?.perpetrators.map((a) => a.name)).toEqual(['Dan Na Ambassagou']);
    expect(incident?.mentioned.map((a) => a.name)).toEqual(['FAMa']);
  });

  it('treats an enclosing cercle named beside a village as context, not a second place', () => {
    const [incident] = incidentsOf('Gunmen attacked Ogossagou, in the Bankass cercle, killing 30 civilians.');

    expect(incident?.places.map((p) => p.name)).toEqual(['Ogossagou']);
    expect(incident?.figures.killed).toMatchObject({ min: 30 });
  });

  it('takes the date the text gives for the violence, else the publication date', () => {
    const [dated] = incidentsOf('Le 19 novembre, des hommes armés ont attaqué Ogota, tuant 5 villageois.');
    const [undated] = incidentsOf('Des hommes armés ont attaqué Ogota, tuant 5 villageois.');

    expect(dated?.eventDate.toISOString().slice(0, 10)).toBe('2026-11-19');
    expect(dated?.eventDateEvidence).toMatch(/19 novembre/);
    expect(undated?.eventDate).toEqual(published);
    expect(undated?.eventDateEvidence).toBeNull();
  });

  it('does not make the town people fled to a place of the attack', () => {
    const text = 'Gunmen attacked Ogossagou, killing 30 civilians. More than 600 villagers have fled to Bankass town.';
    const signals = placesOf(text);

    expect(place(signals, 'Bankass')).toMatchObject({ figures: {}, violence: [] });
    expect(place(signals, 'Ogossagou')?.figures.displaced).toMatchObject({ min: 600, qualifier: 'more-than' });
    expect(incidentsOf(text).map((i) => i.places.map((p) => p.name))).toEqual([['Ogossagou']]);
  });

  it('makes no incident of a mention without violence', () => {
    expect(incidentsOf('A new school opened in Bankass on Monday.')).toEqual([]);
  });
});
