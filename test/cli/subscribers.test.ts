// `vigil subscribers …` and `vigil deliveries …` as an operator runs them (the built bin): an
// address added without --confirmed gets a confirmation email queued and nothing else; an
// operator's --confirmed is recorded with who; re-running add never changes a subscriber's
// level nor re-subscribes someone who unsubscribed; list, show, export and the outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';

describe.each(DATABASE_KINDS)('subscribers and deliveries commands on the $kind database', ({ kind, skip }) => {
  let db: TestDatabase;
  let run: (...args: string[]) => ReturnType<typeof vigil>;

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(kind);
    const config = writeTestConfig({ dir: db.dataDir, feeds: [] });
    run = (...args) => vigil(['--config', config, ...args], db.url ? { DATABASE_URL: db.url } : {});
    expect((await run('migrate')).code).toBe(0);
  });

  afterAll(async () => {
    if (!skip) await db?.drop();
  });

  it.skipIf(skip)('queues a confirmation email for an address added without --confirmed, and nothing else', async () => {
    const added = await run('subscribers', 'add', 'Aminata@NGO.example', '--watchlist', 'central-mali', '--cadence', 'daily', '--language', 'fr');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('A confirmation email to aminata@ngo.example for central-mali is queued');
    const outbox = JSON.parse((await run('deliveries', 'list', '--json')).stdout) as { transport: unknown; counts: unknown; deliveries: { kind: string; status: string }[] };
    expect(outbox).toMatchObject({ transport: { status: 'ok' }, counts: { pending: 1 } });
    expect(outbox.deliveries.map((d) => [d.kind, d.status])).toEqual([['confirmation', 'pending']]);
  });

  it.skipIf(skip)("records an operator's --confirmed with who, and never changes the level of an existing subscription", async () => {
    const confirmed = await run('subscribers', 'add', 'aminata@ngo.example', '--watchlist', 'central-mali', '--confirmed', '--by', 'Desk officer Traoré');
    expect(confirmed.stdout).toContain('Confirmed the waiting subscription of aminata@ngo.example to central-mali at serious-concern and above, daily');
    const again = await run('subscribers', 'add', 'aminata@ngo.example', '--watchlist', 'central-mali', '--confirmed', '--min-level', 'current-crisis');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Unchanged: aminata@ngo.example to central-mali at serious-concern');
    expect(again.stdout).toContain('Their level stays serious-concern');

    const [subscriber] = JSON.parse((await run('subscribers', 'list', '--json')).stdout) as { email: string; status: string; confirmedBy: string; subscriptions: object[] }[];
    expect(subscriber).toMatchObject({ email: 'aminata@ngo.example', status: 'confirmed', confirmedBy: 'Desk officer Traoré (vigil subscribers add --confirmed)' });
    expect(subscriber?.subscriptions).toEqual([expect.objectContaining({ watchlist: 'central-mali', minLevel: 'serious-concern', cadence: 'daily', language: 'fr', state: 'active' })]);
  });

  it.skipIf(skip)('never re-subscribes on the operator\'s word someone who unsubscribed: only their confirmation can', async () => {
    expect((await run('subscribers', 'remove', 'aminata@ngo.example', '--watchlist', 'central-mali')).code).toBe(0);
    const refused = await run('subscribers', 'add', 'aminata@ngo.example', '--watchlist', 'central-mali', '--confirmed');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^vigil: aminata@ngo\.example unsubscribed from central-mali on \d{4}-\d{2}-\d{2}; only their own confirmation re-subscribes them/);
    const shown = await run('subscribers', 'show', 'aminata@ngo.example');
    expect(shown.stdout).toContain('central-mali serious-concern+ daily fr (unsubscribed)');

    const asked = await run('subscribers', 'add', 'aminata@ngo.example', '--watchlist', 'central-mali');
    expect(asked.stdout).toContain('A confirmation email to aminata@ngo.example');
  });

  it.skipIf(skip)('exports every subscription as CSV with formulas neutralised', async () => {
    await run('subscribers', 'add', 'moussa@ngo.example', '--watchlist', 'central-mali', '--confirmed', '--by', '=HYPERLINK("x")');
    const { code, stdout } = await run('subscribers', 'export');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('id,email,status,watchlist,min_level,cadence,language,state,confirmed_at,confirmed_by,unsubscribed_at,webhook_url');
    expect(lines[2]).toMatch(/^\d+,moussa@ngo\.example,confirmed,central-mali,serious-concern,immediate,en,active,[\d\-T:.Z]+,"'=HYPERLINK\(""x""\) \(vigil subscribers add --confirmed\)",,$/);
  });

  it.skipIf(skip)('retries only failed deliveries, and says which id does not exist', async () => {
    const missing = await run('deliveries', 'retry', '999');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No delivery #999');
    const none = await run('deliveries', 'retry', '--failed', '--json');
    expect(JSON.parse(none.stdout)).toEqual({ retried: [] });
    const pending = await run('deliveries', 'retry', '1');
    expect(pending.code).toBe(2);
    // The confirmation queued first was cancelled when the subscriber unsubscribed.
    expect(pending.stderr).toContain('Delivery #1 is cancelled, not failed: nothing to retry.');
  });

  it.skipIf(skip)('removes a subscriber and everything queued for them', async () => {
    expect((await run('subscribers', 'remove', 'aminata@ngo.example')).stdout).toMatch(/^Removed subscriber #\d+/);
    expect((await run('subscribers', 'show', 'aminata@ngo.example')).code).toBe(2);
  });

  it.skipIf(skip)('adds a webhook on the operator\'s word, prints its secret once, lists it, and refuses a loopback or plain-http URL', async () => {
    const added = await run('subscribers', 'add', '--webhook', 'https://partner.example/hook', '--watchlist', 'central-mali', '--min-level', 'imminent-risk', '--by', 'Desk officer Traoré');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('Webhook https://partner.example/hook subscribed to central-mali at imminent-risk and above (asserted by Desk officer Traoré).');
    const secret = added.stdout.trim().split('\n').at(-1) ?? '';
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    const again = await run('subscribers', 'add', '--webhook', 'https://partner.example/hook', '--watchlist', 'central-mali');
    expect(again.stdout).toContain('Unchanged: https://partner.example/hook already receives central-mali events at imminent-risk');
    expect(again.stdout).not.toContain(secret);
    const list = await run('subscribers', 'list');
    expect(list.stdout).toMatch(/webhook https:\/\/partner\.example\/hook\s+confirmed\s+central-mali imminent-risk\+/);
    expect(list.stdout).not.toContain(secret);
    const shown = JSON.parse((await run('subscribers', 'show', 'https://partner.example/hook', '--json')).stdout) as { webhookUrl: string; email: string | null };
    expect(shown).toMatchObject({ webhookUrl: 'https://partner.example/hook', email: null });
    for (const url of ['http://127.0.0.1:9/hook', 'https://10.1.2.3/hook', 'http://partner.example/hook']) {
      const refused = await run('subscribers', 'add', '--webhook', url, '--watchlist', 'central-mali');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--webhook: (refused webhook to|a webhook must be an https URL)/);
    }
    const both = await run('subscribers', 'add', 'x@ngo.example', '--webhook', 'https://partner.example/hook', '--watchlist', 'central-mali');
    expect(both.stderr).toContain('Give either an email address or --webhook, not both');
  });
});
