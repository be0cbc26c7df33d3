// What a notice or a confirmation says, in one language: the templates print these labels and
// sentences, never English of their own, so one template per kind serves every language.
import type { FigureReport, Figure, Level, LevelInfo } from '../../risk/index.js';

/** A reported toll over an event's sources, with who reported it. */
export interface TollFacts {
  min: number;
  max: number;
  publishers: readonly string[];
}

/** What the one-sentence summary is made of (all from stored data, nothing invented). */
export interface SummaryFacts {
  /** The most severe kind of violence reported (config/risk.yaml `violence` key). */
  kind: string | null;
  /** "Ogossagou (Bankass cercle)", already joined. */
  where: string;
  eventDate: Date;
  perpetrators: readonly string[];
  toll: TollFacts | null;
}

/** What changed since the last notice, as facts. */
export interface ChangeFacts {
  level: { from: Level; to: Level } | null;
  killed: { from: { min: number; max: number } | null; to: { min: number; max: number } | null } | null;
  newSources: readonly string[];
}

export interface NoticeStrings {
  lang: 'en' | 'fr';
  levels: Readonly<Record<Level, LevelInfo>>;
  figures: Readonly<Record<Figure, string>>;
  /** Victim groups read by src/risk/figures.ts; communities are shown by their configured name. */
  victimGroups: Readonly<Record<string, string>>;
  actorTypes: Readonly<Record<string, string>>;
  labels: {
    update: string;
    revision: (n: number) => string;
    previously: (level: string) => string;
    eventDate: string;
    watchlist: string;
    where: string;
    keyFigures: string;
    accordingTo: string;
    victims: string;
    perpetrators: string;
    alsoNamed: string;
    whyThisLevel: string;
    recentHistory: (days: number) => string;
    sources: string;
    alsoCarriedBy: string;
    recommendedActions: string;
    handling: string;
    seeAlert: string;
    historical: string;
    notVerified: string;
    whyYouReceive: (email: string, watchlist: string, minimum: string) => string;
    manage: string;
    manageLong: string;
    unsubscribe: string;
  };
  /** `[Vigil] CURRENT CRISIS (↑ from Imminent risk): …`, `[Vigil] UPDATE: …` */
  subject: (level: string, headline: string, risenFrom: string | null, update: boolean) => string;
  /**
   * "Ogossagou — massacre, killing: 30–40 killed (Dan Na Ambassagou named as perpetrator)".
   * Absent: the English headline stored with the event is shown (src/alerts/revise.ts).
   */
  headline?: (places: readonly string[], kinds: readonly string[], killed: { min: number; max: number } | null, perpetrators: readonly string[]) => string;
  /** The stored English reasons, in this language. Absent: shown as stored. */
  reasons?: (stored: readonly string[]) => string[];
  summary: (facts: SummaryFacts) => string;
  /** "30–40 killed reported by 3 sources" */
  toll: (killed: { min: number; max: number }, reports: number) => string;
  count: (report: FigureReport) => string;
  /** What changed since the last notice. Absent: the English stored with each revision is shown. */
  changes?: (facts: ChangeFacts) => string[];
  /** A day as lists show it. */
  date: (value: Date) => string;
  confirm: {
    subject: (watchlist: string) => string;
    title: string;
    asked: (email: string, watchlist: string, level: string, cadence: string) => string;
    button: string;
    openWithin: (hours: number) => string;
    expires: (hours: number) => string;
    ignore: string;
    manage: string;
    manageText: string;
    cadences: Readonly<Record<string, string>>;
  };
}
