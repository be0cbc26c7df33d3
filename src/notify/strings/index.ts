// The words of Vigil's emails per subscription language: one template per kind of email, one
// table of strings per language.
import { EN } from './en.js';
import { FR } from './fr.js';
import type { NoticeStrings } from './types.js';

export type { ChangeFacts, NoticeStrings, SummaryFacts, TollFacts } from './types.js';

/** The strings of `language` (a subscription's `en` or `fr`); English for anything else. */
export function stringsFor(language: string): NoticeStrings {
  return language === 'fr' ? FR : EN;
}
