// The outbox keeps its promise: nothing is lost while the mail server is down, an address the
// server refuses fails alone, and two senders working at once send each email once.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPollCycle } from '../../src/cycle.js';
import { createMailer, sendDueDeliveries } from '../../src/notify/index.js';
import { DATABASE_KINDS } from '../helpers/db.js';
import { fixture, startStack, type Stack } from '../helpers/stack.js';

describe.each(DATABASE_KINDS)('the outbox on the $kind database', ({ kind, skip }) => {
  let stack: Stack;

  beforeAll(async () => {
    if (skip) return;
    stack = await startStack(
      kind,
      [
        { name: 'HRW — Mali', path: '/hrw.atom', publisher: 'Human Rights Watch' },
        { name: 'ReliefWeb — Mali', path: '/reliefweb.xml', publisher: 'ReliefWeb' },
      ],
      { '/hrw.atom': { body: fixture('hrw-mali.atom.xml'), contentType: 'application/atom+xml' } },
      { mail: { rejects: (address) => address.startsWith('bounce@') } },
    );
    for (const name of ['officer', 'analyst', 'bounce']) await stack.subscribe(`${name}@ngo.example`, 'serious-concern', true);
  });

  afterAll(async () => {
    if (!skip) await stack?.close();
  });

  const deliveries = () => stack.app.db.prisma.delivery.findMany({ orderBy: { id: 'asc' }, include: { subscriber: { select: { email: true } } } });
  // What time passing does: every waiting delivery becomes due.
  const makeDue = () => stack.app.db.prisma.delivery.updateMany({ where: { status: 'pending' }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });

  it.skipIf(skip)('keeps every email while the mail server is unreachable, and tries no more than one', async () => {
    const down = createMailer({ from: 'Vigil <vigil@test.example>', smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, outboxDir: stack.db.dataDir });
    const report = await runPollCycle({ ...stack.deps, sendMail: down.send });
    down.close();

    expect(report).toMatchObject({ alertsCreated: 1, emailsQueued: 3, emails: { sent: 0, failed: 0, retrying: 1, transportDown: true } });
    const rows = await deliveries();
    expect(rows.map((d) => d.status)).toEqual(['pending', 'pending', 'pending']);
    expect(rows.map((d) => d.attempts).sort()).toEqual([0, 0, 1]);
    expect(rows.find((d) => d.attempts === 1)?.lastError).toMatch(/ECONNREFUSED/);
    for (const d of rows) expect(d.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(stack.mail.messages).toHaveLength(0);
  });

  it.skipIf(skip)('sends them all once the server is back; an address refused with 550 fails alone', async () => {
    await makeDue();
    const report = await sendDueDeliveries(stack.deps);

    expect(report).toMatchObject({ sent: 2, failed: 1, retrying: 0, transportDown: false });
    await stack.mail.waitFor(2);
    expect(stack.mail.recipients.flat().sort()).toEqual(['analyst@ngo.example', 'officer@ngo.example']);
    const bounced = (await deliveries()).find((d) => d.subscriber.email === 'bounce@ngo.example');
    expect(bounced).toMatchObject({ status: 'failed', attempts: 1 });
    expect(bounced?.lastError).toMatch(/550.*User unknown/);

    expect(await sendDueDeliveries(stack.deps)).toMatchObject({ sent: 0, failed: 0 });
    expect(stack.mail.messages).toHaveLength(2);
  });

  it.skipIf(skip)('lets two senders share the outbox: each email goes out exactly once', async () => {
    for (let i = 0; i < 30; i++) await stack.subscribe(`reader${i}@ngo.example`, 'serious-concern', true);
    stack.feeds.routes.set('/reliefweb.xml', { body: fixture('reliefweb-ouembe.rss.xml') });
    const unsent = createMailer({ from: 'Vigil <vigil@test.example>', smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, outboxDir: stack.db.dataDir });
    // ReliefWeb failed at the first cycle: it is polled again an hour later.
    const cycle = await runPollCycle({ ...stack.later(60), sendMail: unsent.send });
    unsent.close();
    expect(cycle.emailsQueued).toBe(33);
    await makeDue();

    const [a, b] = await Promise.all([sendDueDeliveries(stack.deps), sendDueDeliveries(stack.deps)]);

    expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(32);
    await stack.mail.waitFor(34);
    const second = stack.mail.recipients.slice(2).flat();
    expect(second).toHaveLength(32);
    expect(new Set(second).size).toBe(32);
  });
});

// A port nothing listens on: bound by the system, then released.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
