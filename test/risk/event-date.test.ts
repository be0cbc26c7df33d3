// Event dates from sentences written the way UN, NGO and press reports write them, in English
// and French, all read against one publication date: Friday 20 November 2026, 09:30 in Bamako.
// Each case gives the day expected (or null: the sentence gives no event date) and its precision.
import { describe, expect, it } from 'vitest';
import { eventDateOf, findEventDate, type EventDate } from '../../src/risk/event-date.js';

const PUBLISHED = new Date('2026-11-20T09:30:00Z');

interface DateCase {
  text: string;
  day: string | null;
  precision?: EventDate['precision'];
}

const cases: DateCase[] = [
  // Absolute dates, English
  { text: 'Gunmen attacked Ogossagou on 19 November, killing 12 people.', day: '2026-11-19', precision: 'day' },
  { text: 'Gunmen attacked Ogossagou on November 17, killing 12 people.', day: '2026-11-17', precision: 'day' },
  { text: 'The attack on 18 Nov. left at least 12 dead in Ogota.', day: '2026-11-18', precision: 'day' },
  { text: 'On 19 November 2025, gunmen killed 24 civilians in Diallassagou.', day: '2025-11-19', precision: 'day' },
  { text: 'Five years ago, on 23 March 2019, gunmen killed 160 Fulani villagers in Ogossagou.', day: '2019-03-23', precision: 'day' },
  { text: 'The attack on Ogota took place on 2026-11-16, according to OCHA.', day: '2026-11-16', precision: 'day' },
  { text: 'Gunmen attacked the village on 25 December and stole livestock.', day: '2025-12-25', precision: 'day' },
  { text: 'Gunmen attacked Sobane Da on Nov. 12, 2025, killing 35.', day: '2025-11-12', precision: 'day' },
  // Absolute dates, French
  { text: 'Le 19 novembre, des hommes armés ont attaqué Ogota.', day: '2026-11-19', precision: 'day' },
  { text: 'Le 1er juillet, des hommes armés ont incendié le village de Djimdo.', day: '2026-07-01', precision: 'day' },
  { text: 'Le mardi 3 juin 2025, des assaillants ont tué 12 personnes à Koulogon.', day: '2025-06-03', precision: 'day' },
  { text: 'Attaque à Ouémbé le 14/11/2026 : au moins 12 morts.', day: '2026-11-14', precision: 'day' },
  { text: 'Le 21 novembre, des hommes armés ont pillé Ségué.', day: '2025-11-21', precision: 'day' },
  // Relative days, English
  { text: 'Yesterday, gunmen attacked Ogota and burned granaries.', day: '2026-11-19', precision: 'day' },
  { text: 'The day before yesterday, gunmen abducted five men near Bankass.', day: '2026-11-18', precision: 'day' },
  { text: 'Gunmen attacked Ouémbé last night, residents said.', day: '2026-11-19', precision: 'day' },
  { text: 'Gunmen stormed Dianwéli this morning.', day: '2026-11-20', precision: 'day' },
  { text: 'On Sunday, Dozo militiamen attacked Ogossagou.', day: '2026-11-15', precision: 'day' },
  { text: 'In the night of Saturday to Sunday, gunmen attacked Gangafani.', day: '2026-11-14', precision: 'day' },
  { text: 'Two days ago, gunmen killed three herders near Koro.', day: '2026-11-18', precision: 'day' },
  { text: 'Three weeks ago, armed men looted the market of Djiguibombo.', day: '2026-10-30', precision: 'day' },
  { text: 'Last week, gunmen burned the village of Minimakanda.', day: '2026-11-13', precision: 'day' },
  // Relative days, French
  { text: 'Hier, des hommes armés ont attaqué Ogota.', day: '2026-11-19', precision: 'day' },
  { text: 'Avant-hier, des hommes armés ont enlevé cinq hommes près de Bankass.', day: '2026-11-18', precision: 'day' },
  { text: 'La nuit dernière, des assaillants ont incendié des greniers à Ouémbé.', day: '2026-11-19', precision: 'day' },
  { text: 'Ce matin, des hommes armés ont attaqué Dianwéli.', day: '2026-11-20', precision: 'day' },
  { text: 'Aujourd’hui, des hommes armés ont attaqué le marché de Sangha.', day: '2026-11-20', precision: 'day' },
  { text: 'Dimanche, des miliciens ont attaqué Ogossagou.', day: '2026-11-15', precision: 'day' },
  { text: 'Vendredi dernier, des hommes armés ont tué deux bergers à Koro.', day: '2026-11-13', precision: 'day' },
  { text: 'Dans la nuit de samedi à dimanche, des hommes armés ont attaqué Gangafani.', day: '2026-11-14', precision: 'day' },
  { text: 'Dans la nuit du 16 au 17 novembre, le village de Songho a été attaqué.', day: '2026-11-16', precision: 'day' },
  { text: 'Il y a deux jours, des hommes armés ont tué trois bergers près de Koro.', day: '2026-11-18', precision: 'day' },
  { text: 'La semaine dernière, des hommes armés ont incendié Minimakanda.', day: '2026-11-13', precision: 'day' },
  // A month or a year only
  { text: 'In March 2019, gunmen killed 160 people in Ogossagou.', day: '2019-03-01', precision: 'month' },
  { text: 'En mars 2019, des hommes armés ont tué 160 personnes à Ogossagou.', day: '2019-03-01', precision: 'month' },
  { text: 'Survivors of the 2019 massacre in Ogossagou still live in camps.', day: '2019-01-01', precision: 'year' },
  { text: 'In 2019, gunmen attacked Sobane Da twice.', day: '2019-01-01', precision: 'year' },
  { text: 'En 2019, des hommes armés ont attaqué Sobane Da à deux reprises.', day: '2019-01-01', precision: 'year' },
  { text: 'Le massacre de 2020 a fait des dizaines de morts à Ogossagou.', day: '2020-01-01', precision: 'year' },
  // A year that says nothing, or is to come
  { text: 'In 2026, gunmen attacked Ogota several times.', day: null },
  { text: 'En 2027, les attaques pourraient reprendre à Ogota.', day: null },
  // Planned or future
  { text: 'On Monday the council will meet to discuss the attack on Ogota.', day: null },
  { text: 'A meeting scheduled for 30 November will discuss the attacks.', day: null },
  { text: 'Les déplacés doivent quitter le site d’ici le 15 décembre, après les attaques.', day: null },
  { text: 'Le conseil se réunira lundi pour évoquer l’attaque d’Ogota.', day: null },
  // Births, ages, periods, documents, clock times, bylines
  { text: 'Amadou Diallo, born on 3 June 1990, was killed in the attack.', day: null },
  { text: 'Le chef du village, né le 3 juin 1960, a été tué par des hommes armés.', day: null },
  { text: 'A 46-year-old man was killed in Ogota.', day: null },
  { text: 'Since 2012, armed groups have attacked villages across central Mali.', day: null },
  { text: 'Depuis 2012, les groupes armés attaquent les villages du centre du Mali.', day: null },
  { text: 'Depuis le 19 novembre, Ogota est encerclé par des hommes armés.', day: null },
  { text: 'Since March 2019, armed men have besieged Ogota.', day: null },
  { text: 'Security Council resolution 2423 (2018) condemned the attacks on civilians.', day: null },
  { text: 'The report S/2019/454 documents attacks on civilians in Mopti region.', day: null },
  { text: 'Les assaillants sont arrivés vers 3 heures du matin et ont tué 12 personnes.', day: null },
  { text: 'The attackers arrived at 14:30 and opened fire.', day: null },
  { text: 'Published 19 November 2026. Gunmen attacked Ogota.', day: null },
  { text: 'Mis à jour le 19 novembre 2026 : attaque à Ogota.', day: null },
  { text: 'BAMAKO, Nov 19 (Reuters) - Gunmen attacked the village of Ogota.', day: null },
  // Which date of several
  { text: 'In a statement on Tuesday, the army said gunmen attacked Ogota on Sunday.', day: '2026-11-15', precision: 'day' },
  { text: 'Gunmen killed 12 in Ogota on Sunday and the governor will visit on Monday.', day: '2026-11-15', precision: 'day' },
  { text: 'In March 12 people were killed in Ogota.', day: '2026-03-01', precision: 'month' },
];

describe('findEventDate', () => {
  it('covers enough sentences in both languages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
  });

  it.each(cases)('$text → $day', ({ text, day, precision }) => {
    const found = findEventDate(text, PUBLISHED);
    expect(found && { day: found.date.toISOString().slice(0, 10), precision: found.precision }).toEqual(day && { day, precision });
  });

  it('dates midnight UTC and quotes the words as written', () => {
    expect(findEventDate('Dans la nuit du 30 novembre au 1er décembre, Ogota a été attaqué.', PUBLISHED)).toEqual({
      date: new Date('2025-11-30T00:00:00Z'),
      evidence: 'Dans la nuit du 30 novembre au 1er décembre',
      precision: 'day',
    });
  });

  it('reads "may" as a month only when written May', () => {
    expect(findEventDate('As many as 12 may have died in the attack.', PUBLISHED)).toBeNull();
    expect(findEventDate('Gunmen attacked Ogota on 12 May.', PUBLISHED)?.date.toISOString().slice(0, 10)).toBe('2026-05-12');
  });

  it('counts days from the publication day where it was published', () => {
    const lateEvening = new Date('2026-11-20T23:30:00Z');
    expect(findEventDate('Yesterday gunmen attacked Ogota.', lateEvening)?.date.toISOString().slice(0, 10)).toBe('2026-11-19');
    expect(findEventDate('Yesterday gunmen attacked Ogota.', lateEvening, 'Europe/Paris')?.date.toISOString().slice(0, 10)).toBe('2026-11-20');
  });
});

describe('eventDateOf', () => {
  it('takes the first sentence that gives a date', () => {
    const found = eventDateOf(['Gunmen attacked Ogota, killing 12.', 'Hier, des hommes armés ont attaqué Ogota.', 'On Sunday gunmen returned.'], PUBLISHED);
    expect(found).toEqual({ date: new Date('2026-11-19T00:00:00Z'), evidence: 'Hier', precision: 'day' });
  });

  it('gives null when no sentence dates the event', () => {
    expect(eventDateOf(['Gunmen attacked Ogota.', 'The council will meet on Monday.'], PUBLISHED)).toBeNull();
  });
});
