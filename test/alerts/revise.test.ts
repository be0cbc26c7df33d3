// When an event's revision is mailed, the level rules over several reports, and which events
// are one area: pure decisions, with the shipped risk rules.
import { describe, expect, it } from 'vitest';
import { decideRevision, escalationReason, reprisalReason, sharedArea, type AreaPlace, type EventState } from '../../src/alerts/index.js';
import { assessEvent, killedRange, type SourceReport } from '../../src/risk/index.js';
import { shippedConfig } from '../helpers/watchlists.js';

const risk = shippedConfig.risk;
const crisis30: EventState = { level: 'current-crisis', killed: { min: 30, max: 30 }, sources: 1 };

describe('decideRevision', () => {
  it('does not mail a further source that changes nothing subscribers were told', () => {
    const after: EventState = { ...crisis30, sources: 2 };
    expect(decideRevision(risk, crisis30, after, crisis30, 'RFI, 2026-11-24')).toEqual({ changes: ['new source: RFI, 2026-11-24'], notify: false });
  });

  it('does not mail a small change of the toll (30 → 31)', () => {
    const after: EventState = { ...crisis30, killed: { min: 30, max: 31 }, sources: 2 };
    expect(decideRevision(risk, crisis30, after, crisis30, null)).toEqual({ changes: ['killed 30 → 30–31'], notify: false });
  });

  it('mails a material change: the highest toll grows by 20 % and by 5 at least', () => {
    const after: EventState = { ...crisis30, killed: { min: 30, max: 36 }, sources: 2 };
    expect(decideRevision(risk, crisis30, after, crisis30, null).notify).toBe(true);
    const small: EventState = { level: 'serious-concern', killed: { min: 2, max: 2 }, sources: 1 };
    // 2 → 6 is +200 % but fewer than 5 more.
    expect(decideRevision(risk, small, { ...small, killed: { min: 2, max: 6 } }, small, null).notify).toBe(false);
  });

  it('measures from what subscribers were last told, so small steps add up', () => {
    const before: EventState = { ...crisis30, killed: { min: 30, max: 34 }, sources: 3 };
    const after: EventState = { ...crisis30, killed: { min: 30, max: 37 }, sources: 4 };
    expect(decideRevision(risk, before, after, crisis30, null).notify).toBe(true);
  });

  it('mails a rise in level, with the change in words', () => {
    const serious: EventState = { level: 'serious-concern', killed: { min: 4, max: 4 }, sources: 1 };
    const after: EventState = { level: 'current-crisis', killed: { min: 4, max: 12 }, sources: 2 };
    expect(decideRevision(risk, serious, after, serious, 'HRW, 2026-11-25')).toEqual({
      changes: ['level Serious concern → Current crisis', 'killed 4 → 4–12', 'new source: HRW, 2026-11-25'],
      notify: true,
    });
  });
});

function report(publisher: string, killed: { min: number; max?: number; revised?: boolean } | null, violence = [{ kind: 'attack', term: 'attacked' }], victims: string[] = []): SourceReport {
  return {
    publisher,
    publishedAt: new Date('2026-11-24T00:00:00Z'),
    figures: killed
      ? { killed: { min: killed.min, max: killed.max ?? killed.min, approximate: false, qualifier: 'exact' as const, evidence: `${killed.min} killed`, revised: killed.revised ?? false, shared: false } }
      : {},
    violence,
    victims,
  };
}

describe('assessEvent over several reports', () => {
  it('gives the toll as a range with who reported the lowest and the highest', () => {
    expect(killedRange([report('UN News', { min: 30 }), report('RFI', { min: 31 }), report('HRW', { min: 40 })])).toMatchObject({
      min: 30,
      max: 40,
      minBy: 'UN News, 2026-11-24',
      maxBy: 'HRW, 2026-11-24',
      reports: 3,
    });
  });

  it('lets a revised toll replace the lower figures reported before it', () => {
    expect(killedRange([report('UN News', { min: 30 }), report('RFI', { min: 35, revised: true }), report('HRW', { min: 33 })])).toMatchObject({ min: 33, max: 35 });
  });

  it('names the figures, the threshold and the sources in the reason', () => {
    const assessment = assessEvent(risk, [report('UN News', { min: 12 }), report('HRW', { min: 15 })]);
    expect(assessment?.level).toBe('current-crisis');
    expect(assessment?.reasons[0]).toBe('12–15 killed reported (12: UN News, 2026-11-24; 15: HRW, 2026-11-24), at least 10 in a single attack');
  });

  it('reads a community named as the victims of a killing as identity-based targeting', () => {
    const assessment = assessEvent(risk, [report('RFI', { min: 3 }, [{ kind: 'killing', term: 'tués' }], ['civilians', 'Fulani'])]);
    expect(assessment?.level).toBe('current-crisis');
    expect(assessment?.reasons).toContain('Identity targeting reported: “Fulani named as victims” (RFI, 2026-11-24)');
  });

  it('gives no level to reports without violence', () => {
    expect(assessEvent(risk, [report('UN News', { min: 30 }, [])])).toBeNull();
  });
});

const cercle = (id: number, name: string): AreaPlace => ({ id, name, kind: 'cercle', within: ['Mali'], latitude: null, longitude: null });
const village = (id: number, name: string, within: string[], at: [number, number] | null = null): AreaPlace => ({
  id,
  name,
  kind: 'village',
  within,
  latitude: at?.[0] ?? null,
  longitude: at?.[1] ?? null,
});

describe('sharedArea and escalationReason', () => {
  const cercles = new Set(['bankass cercle', 'macina cercle']);

  it('finds two villages of one cercle in one area, and villages of two cercles apart', () => {
    const ogossagou = village(1, 'Ogossagou', ['Bankass cercle', 'Mali']);
    const gouari = village(2, 'Gouari', ['Bankass cercle', 'Mali']);
    const kalala = village(3, 'Kalala', ['Macina cercle', 'Mali']);
    expect(sharedArea([ogossagou], [gouari], cercles, 25)).toBe('Bankass cercle');
    expect(sharedArea([ogossagou], [kalala], cercles, 25)).toBeNull();
    expect(sharedArea([gouari], [cercle(9, 'Bankass cercle')], cercles, 25)).toBe('Bankass cercle');
  });

  it('finds places of two cercles within the radius one area when coordinates are known', () => {
    const a = village(1, 'A', ['Bankass cercle'], [14.0, -3.5]);
    const b = village(2, 'B', ['Macina cercle'], [14.1, -3.5]);
    expect(sharedArea([a], [b], cercles, 25)).toBe('within 25 km');
    expect(sharedArea([a], [b], cercles, 5)).toBeNull();
  });

  it('says which violent event this is and names the earlier ones', () => {
    const earlier = [
      { id: 12, eventDate: new Date('2026-11-01T00:00:00Z') },
      { id: 15, eventDate: new Date('2026-11-12T00:00:00Z') },
    ];
    expect(escalationReason(earlier, 'Bankass cercle', 30)).toBe('Escalation: 3rd violent event in Bankass cercle in 30 days (earlier: #12 on 2026-11-01, #15 on 2026-11-12)');
  });

  it('reads violence against a community after violence by its militia in the area as a possible reprisal', () => {
    const earlier = [
      { id: 7, eventDate: new Date('2026-11-02T00:00:00Z'), area: 'Bankass cercle', perpetrators: [{ name: 'JNIM', communities: [] }] },
      { id: 9, eventDate: new Date('2026-11-10T00:00:00Z'), area: 'Bankass cercle', perpetrators: [{ name: 'Dan Na Ambassagou', communities: ['Dogon'] }] },
    ];
    expect(reprisalReason(earlier, ['civilians', 'dogon'])).toBe(
      'Possible reprisal: Dogon named as victims after violence by Dan Na Ambassagou (a militia of that community) in Bankass cercle (#9 on 2026-11-10)',
    );
    expect(reprisalReason(earlier, ['Fulani'])).toBeNull();
    expect(reprisalReason([], ['Dogon'])).toBeNull();
  });
});
