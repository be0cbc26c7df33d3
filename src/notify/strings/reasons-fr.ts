// The reasons an event's level was set are stored in English, as src/risk/assess.ts and
// src/alerts/area.ts write them. A French notice shows them in French: each known form is read
// back into its parts and said again; a reason of no known form is shown as stored, never lost.
import { KINDS_FR } from './kinds-fr.js';

const NB = '\u00a0';

type Rewrite = [RegExp, (m: RegExpExecArray) => string];

const REWRITES: Rewrite[] = [
  // "Massacre reported: “massacred” (HRW, 2026-11-20)"
  [/^(.+) reported: “(.*)” \((.*)\)$/, (m) => `${kindWord(m[1] ?? '')}${NB}: «${NB}${term(m[2] ?? '')}${NB}» (${m[3]})`],
  // "37 killed reported (HRW, 2026-11-26), at least 10 in a single attack"
  [/^(\d+) killed reported \((.*)\), at least (\d+) in a single attack$/, (m) => `${m[1]} tués signalés (${m[2]}), au moins ${m[3]} en une seule attaque`],
  // "30–40 killed reported (30: UN News, 2026-11-23; 40: HRW, 2026-11-25), at least 10 in a single attack"
  [
    /^(\d+)–(\d+) killed reported \((\d+): (.*?); (\d+): (.*)\), at least (\d+) in a single attack$/,
    (m) => `${m[1]} à ${m[2]} tués signalés (${m[3]}${NB}: ${m[4]}${NB}; ${m[5]}${NB}: ${m[6]}), au moins ${m[7]} en une seule attaque`,
  ],
  // "Escalation: 2nd violent event in Bankass cercle in 30 days (earlier: #12 on 2026-11-01)"
  [
    /^Escalation: (\d+)(?:st|nd|rd|th) violent event in (.+) in (\d+) days \(earlier: (.*)\)$/,
    (m) => `Escalade${NB}: ${m[1] === '1' ? '1er' : `${m[1]}e`} événement violent dans ${m[2]} en ${m[3]} jours (précédents${NB}: ${on(m[4] ?? '')})`,
  ],
  // "Possible reprisal: Dogon named as victims after violence by X (a militia of that community) in Bankass cercle (#12 on 2026-11-01)"
  [
    /^Possible reprisal: (.+) named as victims after violence by (.+) \(a militia of that community\) in (.+) \((.*)\)$/,
    (m) => `Représailles possibles${NB}: ${m[1]} désignés comme victimes après des violences de ${m[2]} (une milice de cette communauté) dans ${m[3]} (${on(m[4] ?? '')})`,
  ],
];

/** The reasons in French; one of no known form stays as stored. */
export function reasonsInFrench(stored: readonly string[]): string[] {
  // An escalation and a possible reprisal are stored as one reason, one after the other.
  return stored.map((reason) => reason.split(/ (?=Possible reprisal: )/).map(reasonInFrench).join(' '));
}

function reasonInFrench(reason: string): string {
  for (const [pattern, say] of REWRITES) {
    const m = pattern.exec(reason);
    if (m) return say(m);
  }
  return reason;
}

// "Mass arson" → "Incendie massif"
function kindWord(words: string): string {
  const word = KINDS_FR[words.toLowerCase().replace(/ /g, '-')]?.word ?? words;
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}

// The identity-targeting reason quotes "Fulani named as victims"; other terms are the source's words.
function term(text: string): string {
  const named = /^(.+) named as victims$/.exec(text);
  return named ? `${named[1]} désignés comme victimes` : text;
}

// "#12 on 2026-11-01" → "#12 du 2026-11-01"
function on(list: string): string {
  return list.replace(/(#\d+) on /g, '$1 du ');
}
