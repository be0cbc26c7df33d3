// The notice a subscriber receives, through a real SMTP server on 127.0.0.1, parsed: the
// one-sentence summary, victims as reported, perpetrators apart from other actors, the
// watchlist's handling line, what changed since the last notice; in French for a subscription in
// `fr` (alert, revision and confirmation), in English, as before, for `en`.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPollCycle } from '../../src/cycle.js';
import { DEFAULT_PREFS, requestSubscription } from '../../src/notify/index.js';
import { REPO_CONFIG_DIR } from '../helpers/config.js';
import { rssFeed } from '../helpers/feeds.js';
import { recipientOf } from '../helpers/servers.js';
import { startStack, type Stack } from '../helpers/stack.js';

const HANDLING = 'Sensitive: share within protection coordination only';
const NB = '\u00a0';

const UN = {
  guid: 'un-1',
  title: 'Mali: UN condemns massacre of civilians in Ogossagou',
  pubDate: 'Mon, 23 Nov 2026 18:00:00 +0000',
  description: 'At least 30 civilians, including women and children, were killed in an attack on the village of Ogossagou on 21 November. Witnesses said the attack was carried out by Dan Na Ambassagou. JNIM fighters were seen in the area the week before.',
};
const HRW = {
  guid: 'hrw-1',
  title: 'Mali: at least 40 killed in Ogossagou massacre',
  pubDate: 'Wed, 25 Nov 2026 10:00:00 +0000',
  description: 'At least 40 Fulani villagers were killed when gunmen attacked Ogossagou on 21 November, Human Rights Watch said.',
};

// The shipped central-Mali watchlist with a handling line.
function watchlistWithHandling(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-handling-'));
  const shipped = readFileSync(join(REPO_CONFIG_DIR, 'watchlists', 'central-mali.yaml'), 'utf8');
  const file = join(dir, 'central-mali.yaml');
  writeFileSync(file, shipped.replace(/^name: (.*)$/m, `name: $1\nhandling: "${HANDLING}"`));
  return file;
}

describe.skipIf(!process.env.DATABASE_URL)('the notice in each subscriber’s language, on PostgreSQL', () => {
  let stack: Stack;
  const at = (iso: string) => ({ ...stack.deps, now: () => new Date(iso) });
  const mailTo = (email: string, index = 0) => stack.mail.messages.filter((m) => recipientOf(m) === email)[index] as ParsedMail;

  beforeAll(async () => {
    stack = await startStack(
      'postgres',
      [
        { name: 'UN News', path: '/un.xml', publisher: 'UN News' },
        { name: 'HRW', path: '/hrw.xml', publisher: 'Human Rights Watch' },
      ],
      { '/un.xml': { body: rssFeed([UN]) } },
      { risk: 'built-in', watchlists: [watchlistWithHandling()] },
    );
    await stack.subscribe('officer@ngo.example', 'serious-concern', true);
    await stack.subscribe('analyste@ong.example', 'serious-concern', true);
    await stack.app.db.prisma.subscription.updateMany({ where: { subscriber: { email: 'analyste@ong.example' } }, data: { language: 'fr' } });
    // A request on the web form in French, on the day of the first poll.
    const watchlistId = (await stack.app.db.prisma.watchlist.findUniqueOrThrow({ where: { slug: 'central-mali' } })).id;
    await requestSubscription(stack.app.db.prisma, { email: 'attente@ong.example', watchlistId, prefs: { ...DEFAULT_PREFS, language: 'fr' }, now: new Date('2026-11-24T09:00:00Z') });
    await runPollCycle(at('2026-11-24T09:30:00Z'));
    await stack.mail.waitFor(3);
    stack.feeds.routes.set('/hrw.xml', { body: rssFeed([HRW]) });
    await runPollCycle(at('2026-11-25T12:00:00Z'));
    await stack.mail.waitFor(5);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('gives an English subscriber the summary, victims, perpetrators apart from other actors, and the handling line', () => {
    const mail = mailTo('officer@ngo.example');
    expect(mail.subject).toMatch(/^\[Vigil\] CURRENT CRISIS: Ogossagou — massacre, .*: 30 killed \(Dan Na Ambassagou named as perpetrator\)$/);
    expect(mail.text).toContain(`HANDLING: ${HANDLING}`);
    expect(mail.text).toContain('A massacre at Ogossagou (Bankass cercle) on 21 November 2026, Dan Na Ambassagou named as perpetrator; 30 killed according to UN News.');
    expect(mail.text).toContain('Victims as reported: civilians (UN News); women (UN News); children (UN News)');
    expect(mail.text).toContain('Named as perpetrator: Dan Na Ambassagou (militia)');
    expect(mail.text).toContain('Also named: JNIM (armed group)');
    expect(mail.text).toContain('- UN News, 2026-11-23: Mali: UN condemns massacre of civilians in Ogossagou');
    expect(mail.html).toContain('lang="en"');
    expect(mail.html).toContain(HANDLING);
    expect(mail.html).toContain('30 killed according to UN News.');
  });

  it('tells an English subscriber what changed since the last notice, with the victims the new source named', () => {
    const mail = mailTo('officer@ngo.example', 1);
    expect(mail.subject).toMatch(/^\[Vigil\] UPDATE: CURRENT CRISIS: Ogossagou — .*30–40 killed/);
    expect(mail.text).toMatch(/^UPDATE \(revision 2\): killed 30 → 30–40; new source: Human Rights Watch, 2026-11-25$/m);
    expect(mail.text).toContain('30–40 killed according to UN News and Human Rights Watch.');
    expect(mail.text).toContain('Victims as reported: civilians (UN News, Human Rights Watch); women (UN News); children (UN News); Fulani (Human Rights Watch)');
  });

  it('writes the alert to a French subscriber in French: subject, level and definition, every label, dates', () => {
    const mail = mailTo('analyste@ong.example');
    expect(mail.subject).toBe(`[Vigil] CRISE EN COURS${NB}: Ogossagou — massacre, meurtres, attaque${NB}: 30 tués (auteur désigné${NB}: Dan Na Ambassagou)`);
    const text = mail.text ?? '';
    expect(text).toMatch(/^CRISE EN COURS\nDes crimes d’atrocité de masse sont en cours/);
    expect(text).toContain(`DIFFUSION${NB}: ${HANDLING}`);
    expect(text).toContain(`Un massacre à Ogossagou (Bankass cercle) le 21 novembre 2026, auteur désigné${NB}: Dan Na Ambassagou${NB}; 30 tués selon UN News.`);
    expect(text).toContain(`Date de l’événement${NB}: 21 nov. 2026`);
    expect(text).toContain(`- Tués${NB}: au moins 30, selon UN News, 23 nov. 2026`);
    expect(text).toContain(`Victimes signalées${NB}: civils (UN News)${NB}; femmes (UN News)${NB}; enfants (UN News)`);
    expect(text).toContain(`Désigné comme auteur${NB}: Dan Na Ambassagou (milice)`);
    expect(text).toContain('POURQUOI CE NIVEAU');
    expect(text).toContain(`- Massacre${NB}: «${NB}massacre${NB}» (UN News, 2026-11-23)`);
    expect(text).toContain(`Se désabonner${NB}: http`);
    expect(mail.html).toContain('lang="fr"');
    for (const english of ['Killed', 'according to', 'Why this level', 'WHY THIS LEVEL', 'Event date', 'Victims as reported', 'reported by', 'Mass atrocity', 'Unsubscribe', 'Manage your', 'You receive']) {
      expect(text).not.toContain(english);
      expect(mail.html).not.toContain(english);
    }
  });

  it('tells a French subscriber what changed since the last notice, in French', () => {
    const mail = mailTo('analyste@ong.example', 1);
    expect(mail.subject).toMatch(new RegExp(`^\\[Vigil\\] MISE À JOUR${NB}: CRISE EN COURS${NB}: Ogossagou — .*30–40 tués`));
    expect(mail.text).toContain(`MISE À JOUR (révision 2)${NB}: tués 30 → 30–40${NB}; nouvelle source${NB}: Human Rights Watch\n`);
    expect(mail.text).toContain(`30 à 40 tués selon UN News et Human Rights Watch.`);
    expect(mail.text).toContain(`Violence ciblant une communauté${NB}: «${NB}Fulani désignés comme victimes${NB}»`);
  });

  it('sends the confirmation of a French request in French', () => {
    const mail = mailTo('attente@ong.example');
    expect(mail.subject).toBe('[Vigil] Confirmez votre abonnement à Central Mali — Mopti and Ségou regions');
    expect(mail.text).toContain('(Grave préoccupation et au-dessus, envoi immédiat)');
    expect(mail.text).toMatch(/Pour confirmer, ouvrez ce lien dans les 48 heures.*\nhttp:\/\/127\.0\.0\.1:\d+\/confirm\//);
    expect(mail.html).toContain('lang="fr"');
    expect(mail.html).toContain('Confirmer l’abonnement</a>');
    expect(`${mail.text}${mail.html}`).not.toMatch(/Confirm your|Someone, probably you|hours\./);
  });
});
