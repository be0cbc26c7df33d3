// Which watched places a sentence speaks of. The title and each sentence of the text are units;
// a unit that names places speaks of them, clause by clause ("In Ogossagou 40 were killed, while
// in Boura …"); a unit that names none refers back to the places of the sentence before it
// ("…attacked Ouémbé. At least 4 people were killed."), for one sentence (for the whole story
// when it names one watched place only), unless it turns elsewhere ("Separately, …", "Par
// ailleurs, …", "In Gao region, …"). Pure.
import { eachMention, type EntityMatch } from '../matching/index.js';
import { normalizeKey, splitSentences } from '../text/index.js';

/** The title (index -1) or one sentence of the text, with the watched names in it. */
export interface Unit {
  index: number;
  text: string;
  /** Where the unit starts in its field (title or text): match offsets are the field's. */
  offset: number;
  places: EntityMatch[];
  actors: EntityMatch[];
  /** Where the unit's clauses start, relative to the unit. */
  clauseStarts: number[];
  /** The places the unit speaks of: those it names, else those it refers back to. */
  owners: EntityMatch[];
}

// A sentence without a watched name still speaks of the place before it for this many sentences
// (in a story about several places).
const MAX_FOLLOWING = 1;
// Words that turn a report to another place or story.
const ELSEWHERE = /^(?:separately|elsewhere|meanwhile|in a separate|in another|in other news|also on|par ailleurs|ailleurs|dans une autre|dans un autre|en outre, dans|d'autre part)\b/i;
// "In Gao region, …", "À Tombouctou, …", "Dans le cercle de Niono, …": a place Vigil does not watch.
// The lead word's case is matched by hand: with the i flag, \p{Lu} would match any letter.
const OTHER_PLACE = /^(?:[Ii]n|[Aa]t|[Nn]ear|(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est) of|[Àà]|[Aa]u|[Dd]ans|[Pp]rès de|[Nn]on loin de)\s+(?:(?:the|la|le|l'|les)\s+)?(?:(?:region|région|cercle|commune|district|province)\s+(?:of|de|du|d')\s*)?\p{Lu}/u;
// Clause boundaries inside a sentence: a toll after one of these belongs to the places after it.
const CLAUSE = /;|\s[–—]\s|,\s*(?:while|whereas|but|and in|tandis qu|alors qu|mais|et à|et dans)\b|\b(?:while|whereas|tandis qu|alors qu)/giu;

export function itemUnits(item: { title: string; text: string }, matches: readonly EntityMatch[]): Unit[] {
  // A place named again further on is in each of its sentences, not only in the first.
  const mentions = eachMention(item, matches);
  const title = unitOf(-1, item.title, 0, mentions.filter((m) => m.field === 'title'));
  const textMatches = mentions.filter((m) => m.field === 'text');
  const sentences = splitSentences(item.text).map((s, i) =>
    unitOf(
      i,
      s.text,
      s.start,
      textMatches.filter((m) => m.start >= s.start && m.start < s.end),
    ),
  );
  giveOwners(sentences, title.owners);
  // A title that names no place is about the story's lead place: the first sentence naming one.
  if (title.places.length === 0) title.owners = uniquePlaces(sentences.find((u) => u.places.length > 0)?.places ?? []);
  return [title, ...sentences].filter((u) => u.text.trim().length > 0);
}

function unitOf(index: number, text: string, offset: number, matches: readonly EntityMatch[]): Unit {
  const named = matches.filter((m) => m.kind === 'place' && !isDestination(text, m.start - offset));
  const places = uniquePlaces(named);
  return {
    index,
    text,
    offset,
    places: named,
    actors: matches.filter((m) => m.kind === 'actor'),
    clauseStarts: [0, ...[...text.matchAll(CLAUSE)].map((m) => m.index)],
    owners: places,
  };
}

// A sentence that names no place speaks of the place before it; the first sentences continue
// the title's story. A story about one watched place only is about it throughout, until it
// turns elsewhere.
function giveOwners(units: Unit[], titlePlaces: EntityMatch[]): void {
  const named = uniquePlaces([...titlePlaces, ...units.flatMap((u) => u.places)]);
  const onlyPlace = distinctLocations(named) === 1 ? named : [];
  let last: EntityMatch[] = titlePlaces;
  let story = onlyPlace;
  let following = 0;
  for (const unit of units) {
    if (unit.places.length > 0) {
      last = unit.owners;
      story = onlyPlace;
      following = 0;
      continue;
    }
    if (ELSEWHERE.test(unit.text) || OTHER_PLACE.test(unit.text)) {
      last = [];
      story = [];
    }
    following += 1;
    unit.owners = following <= MAX_FOLLOWING ? last : story;
  }
}

// "More than 600 villagers fled to Bankass town": where people fled to is not where the violence
// was; the sentence goes on speaking of the place before it.
const DESTINATION =
  /\b(?:fled|flee|fleeing|flocked|displaced|moved|sought refuge|taken|evacuated|arrived|returned|fui|fuient|fuyant|réfugié|réfugiés|déplacé|déplacés|évacué|évacués|arrivés|transférés)\b[^.;]{0,40}\b(?:to|towards?|into|vers|jusqu'à|en direction de)\s+(?:the\s+)?(?:(?:town|city|village|commune|ville|localité)\s+(?:of|de|d')\s*)?$/iu;

function isDestination(text: string, at: number): boolean {
  return DESTINATION.test(text.slice(Math.max(0, at - 80), at));
}

/** The places a word of violence is about: those of its clause, else those of the unit. */
export function ownersOfSpan(unit: Unit, span: { start: number }): EntityMatch[] {
  if (unit.places.length === 0) return unit.owners;
  const inClause = placesInClause(unit, span.start);
  return inClause.length > 0 ? uniquePlaces(inClause) : unit.owners;
}

/**
 * The places a toll is about. Within its clause, places written together ("Gouari and Djimdo")
 * are one group: the toll goes to the group it is located in ("12 people were killed in Gouari
 * and 8 were killed in Djimdo"), else to the group before it ("attacks on Gouari and Djimdo
 * killed 20"; "attacked Ogossagou, killing 30, before moving on to Gouari").
 */
export function ownersOfFigure(unit: Unit, span: { start: number }): EntityMatch[] {
  if (unit.places.length === 0) return unit.owners;
  const groups = placeGroups(unit, placesInClause(unit, span.start));
  if (groups.length === 0) return unit.owners;
  const at = span.start + unit.offset;
  const after = groups.find((g) => (g[0] as EntityMatch).start >= at);
  const before = groups.filter((g) => (g[0] as EntityMatch).start < at).at(-1);
  const locatedIn = after && LOCATED_IN.test(unit.text.slice(span.start, (after[0] as EntityMatch).start - unit.offset));
  return uniquePlaces(((locatedIn ? after : before) ?? after ?? []));
}

// "… were killed in (the village of) ", "… tués à ", without a comma on the way.
const LOCATED_IN = /^[^,;]*\b(?:in|at|near|à|au|aux|dans|près de)\s+(?:(?:the|le|la|les)\s+)?(?:(?:village|villages|town|commune|localité)\s+(?:of|de|d')\s*)?$/iu;

function placesInClause(unit: Unit, at: number): EntityMatch[] {
  const [from, to] = clauseAround(unit, at);
  return unit.places.filter((m) => m.start - unit.offset >= from && m.start - unit.offset < to);
}

// Only commas, "and", "et", "or", "ou" (and an enclosing area's words) between two names.
const LISTED_TOGETHER = /^[\s,]*(?:(?:and|et|or|ou|&)\s+)?(?:(?:the\s+)?(?:village|villages|villages of|village of|de|d'|of)\s+)?$/i;

function placeGroups(unit: Unit, places: readonly EntityMatch[]): EntityMatch[][] {
  const sorted = [...places].sort((a, b) => a.start - b.start);
  const groups: EntityMatch[][] = [];
  for (const place of sorted) {
    const group = groups.at(-1);
    const previous = group?.at(-1);
    const between = previous ? unit.text.slice(previous.end - unit.offset, place.start - unit.offset) : null;
    if (group && between !== null && (LISTED_TOGETHER.test(between) || encloses(place, previous as EntityMatch) || encloses(previous as EntityMatch, place))) group.push(place);
    else groups.push([place]);
  }
  return groups;
}

// "Ogossagou, Bankass cercle": an enclosing area written beside a place goes with it.
function encloses(area: EntityMatch, place: EntityMatch): boolean {
  return place.within.some((w) => normalizeKey(w) === normalizeKey(area.name));
}

function clauseAround(unit: Unit, at: number): [number, number] {
  let from = 0;
  let to = unit.text.length;
  for (const start of unit.clauseStarts) {
    if (start <= at) from = start;
    else {
      to = start;
      break;
    }
  }
  return [from, to];
}

/** How many different locations a set of places is: an area holding another of them is not one more. */
export function distinctLocations(places: readonly EntityMatch[]): number {
  const names = new Set(places.map((p) => normalizeKey(p.name)));
  const enclosing = new Set(places.flatMap((p) => p.within.map(normalizeKey)));
  return [...names].filter((n) => !enclosing.has(n)).length || names.size;
}

function uniquePlaces(matches: readonly EntityMatch[]): EntityMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.watchlistId}:${m.entityId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
