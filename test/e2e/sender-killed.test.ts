// A `vigil run` killed (SIGKILL) in the middle of sending: another process sends every email
// it had left within 60 s of its death, each once (at most the one in flight twice, with the
// same Message-ID). PostgreSQL only: two processes share the database. Real parts: the built
// bin, a slow SMTP server on 127.0.0.1, the default lease and idle interval.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPollCycle } from '../../src/cycle.js';
import { startVigil, type VigilProcess } from '../helpers/cli.js';
import { fixture, startStack, type Stack } from '../helpers/stack.js';

const READERS = 20;

describe.skipIf(!process.env.DATABASE_URL)('a sender killed mid-batch, on PostgreSQL', () => {
  let stack: Stack;
  const started: VigilProcess[] = [];

  beforeAll(async () => {
    stack = await startStack('postgres', [{ name: 'HRW — Mali', path: '/hrw.atom', publisher: 'Human Rights Watch' }], {
      '/hrw.atom': { body: fixture('hrw-mali.atom.xml'), contentType: 'application/atom+xml' },
    }, { mail: { dataDelayMs: 300 } });
    for (let i = 0; i < READERS; i++) await stack.subscribe(`reader${i}@ngo.example`, 'serious-concern', true);
    // Queued, not sent: a sender that is never woken stands in for the run's.
    const report = await runPollCycle({ ...stack.deps, sender: { wake: () => undefined, stop: () => Promise.resolve() } });
    expect(report.emailsQueued).toBe(READERS);
  });

  afterAll(async () => {
    for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await stack?.close();
  });

  it('has another process send what the dead one left within 60 s, each email once', { timeout: 120_000 }, async () => {
    const run = () => {
      const p = startVigil(['--config', join(stack.db.dataDir, 'vigil.yaml'), 'run'], { DATABASE_URL: stack.db.url ?? '' });
      started.push(p);
      return p;
    };
    const first = run();
    await stack.mail.waitFor(3, 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    const sentByFirst = stack.mail.messages.length;
    expect(sentByFirst).toBeLessThan(READERS);

    const second = run();
    const deadline = killedAt + 60_000;
    const sent = () => stack.app.db.prisma.delivery.count({ where: { status: 'sent' } });
    while ((await sent()) < READERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const tookMs = Date.now() - killedAt;
    second.child.kill('SIGTERM');
    await second.exited;

    expect(new Set(stack.mail.recipients.flat()).size).toBe(READERS);
    expect(tookMs).toBeLessThan(60_000);
    // At most the messages in flight at the kill (one per pooled connection, 5) went twice,
    // each with the same Message-ID as its first copy.
    const ids = stack.mail.messages.map((m) => m.messageId);
    expect(ids.length - new Set(ids).size).toBeLessThanOrEqual(5);
    expect(new Set(stack.mail.recipients.map((r) => r.join(','))).size).toBe(new Set(ids).size);
    const rows = await stack.app.db.prisma.delivery.groupBy({ by: ['status'], _count: { _all: true } });
    expect(rows).toEqual([{ status: 'sent', _count: { _all: READERS } }]);
  });
});
