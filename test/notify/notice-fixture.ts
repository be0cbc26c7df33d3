// An event as loadAlertDetail returns it, written by hand for tests that render notices without
// a database, with feed text an attacker could have written (markup, handlers, javascript: links).
import type { AlertDetail } from '../../src/alerts/index.js';

export const HOSTILE = {
  title: 'Ogossagou: 40 killed <script>window.__pwned = "script"</script><img src=x onerror="window.__pwned = \'img\'">',
  publisher: 'HRW <b onmouseover="window.__pwned = 1">bold</b>',
  link: 'javascript:window.__pwned = "link"',
};

const item = (id: number, publisher: string, title: string, link: string | null, published: string) => ({
  guid: `g-${id}`,
  title,
  link,
  publishedAt: new Date(published),
  seenAt: new Date(published),
  feed: { name: publisher, publisher },
  sightings: [] as { link: string | null; seenAt: Date; feed: { publisher: string } }[],
});

const killed = (min: number, max: number, qualifier: string) => ({ min, max, approximate: false, qualifier, evidence: '', shared: false, revised: false });

/** Ogossagou: first reported by UN News (30 killed), then revised by a hostile "HRW" report (40). */
export function ogossagouEvent(revision: 1 | 2): AlertDetail {
  const sources = [
    { item: item(1, 'UN News', 'Mali: UN condemns massacre of civilians in Ogossagou, Bankass cercle, where a very-long-unbroken-word-of-the-feed-that-could-overflow-a-phone-screen-xxxxxxxxxxxxxxxxxxxxxxxx appears', 'https://news.un.example/story/2026/11/ogossagou', '2026-11-23T18:00:00Z'), figures: { killed: killed(30, 30, 'at-least') }, victims: ['civilians', 'women', 'children'], revision: 1 },
    { item: item(2, HOSTILE.publisher, HOSTILE.title, HOSTILE.link, '2026-11-25T10:00:00Z'), figures: { killed: killed(40, 40, 'at-least'), displaced: killed(600, 600, 'about') }, victims: ['civilians', 'Fulani'], revision: 2 },
  ].slice(0, revision);
  const revisions = [
    { revision: 1, level: 'imminent-risk', previousLevel: null, killedMin: 30, killedMax: 30, sources: 1, reasons: [], changes: ['first report'], notified: true, createdAt: new Date('2026-11-24T09:30:00Z') },
    { revision: 2, level: 'current-crisis', previousLevel: 'imminent-risk', killedMin: 30, killedMax: 40, sources: 2, reasons: [], changes: ['level Imminent risk → Current crisis', 'killed 30 → 30–40', `new source: ${HOSTILE.publisher}, 2026-11-25`], notified: true, createdAt: new Date('2026-11-25T12:00:00Z') },
  ].slice(0, revision);
  const event = {
    id: 7,
    watchlistId: 1,
    level: revision === 1 ? 'imminent-risk' : 'current-crisis',
    title: revision === 1 ? 'Ogossagou — attack, killing: 30 killed (Dan Na Ambassagou named as perpetrator)' : `Ogossagou — massacre, identity targeting: 30–40 killed (Dan Na Ambassagou named as perpetrator) ${HOSTILE.title}`,
    eventDate: new Date('2026-11-21T00:00:00Z'),
    killedMin: 30,
    killedMax: revision === 1 ? 30 : 40,
    violence: revision === 1 ? ['attack', 'killing'] : ['massacre', 'identity-targeting', 'killing'],
    reasons:
      revision === 1
        ? ['Attack reported: “attacked” (UN News, 2026-11-23)', 'Escalation: 2nd violent event in Bankass cercle in 30 days (earlier: #3 on 2026-11-01)']
        : ['30–40 killed reported (30: UN News, 2026-11-23; 40: HRW, 2026-11-25), at least 10 in a single attack', `Massacre reported: “${HOSTILE.title}” (HRW, 2026-11-25)`, 'Identity targeting reported: “Fulani named as victims” (HRW, 2026-11-25)'],
    escalation: null,
    historical: false,
    withdrawnAt: null,
    withdrawnReason: null,
    revision,
    watchlist: { id: 1, slug: 'central-mali', name: 'Central Mali — Mopti and Ségou regions', recommendedActions: `Verify with field partners.\nShare with the protection cluster. ${HOSTILE.title}`, handling: 'Sensitive: share within protection coordination only' },
    places: [{ alertId: 7, placeId: 1, place: { id: 1, name: 'Ogossagou', kind: 'village', within: ['Bankass cercle', 'Bandiagara region', 'Mopti region', 'Mali'], latitude: null, longitude: null } }],
    actors: [
      { alertId: 7, actorId: 1, role: 'perpetrator', actor: { name: 'Dan Na Ambassagou', type: 'militia' } },
      { alertId: 7, actorId: 2, role: 'mentioned', actor: { name: 'JNIM', type: 'armed-group' } },
    ],
    sources: sources.map((s) => ({ alertId: 7, itemId: Number(s.item.guid.slice(2)), violence: [], eventDate: new Date('2026-11-21T00:00:00Z'), addedAt: s.item.publishedAt, ...s })),
    revisions: revisions.map((r, i) => ({ id: i + 1, alertId: 7, ...r })),
  };
  // The shape is loadAlertDetail's; the cast stands for the columns a notice never reads.
  return event as unknown as AlertDetail;
}
