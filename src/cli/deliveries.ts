// `vigil deliveries …`: the outbox as operators see it (with the mail transport's state: ok, or
// paused and why) and retries of failed deliveries.
import { Option, type Command } from 'commander';
import { ERROR_CODES, VigilError } from '../errors.js';
import { countDeliveries, deliveryStatus, listDeliveries, retryDeliveries, type DeliveryView } from '../notify/admin.js';
import { readTransportState, type TransportState } from '../notify/index.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../notify/outbox.js';
import { withVigil, type CommandContext, type CommandResult } from './commands.js';
import { printJson, printLines } from './output.js';

type Done = (result: Promise<CommandResult> | CommandResult) => Promise<void>;

/** Registers `deliveries` and its subcommands. */
export function registerDeliveryCommands(program: Command, ctx: () => CommandContext, done: Done, positiveInt: (value: string) => number): void {
  const json = (): Option => new Option('--json', 'print JSON for scripts');
  const deliveries = program.command('deliveries').description('the outbox: every email queued, sent, failed or cancelled, and the mail server state');
  deliveries
    .command('list')
    .description('the latest deliveries (emails and webhooks), newest first, with the digest or summary a notice is held for, after the mail transport state (ok, or paused: why and until when)')
    .addOption(new Option('--status <status>', 'only this status').choices(DELIVERY_STATUSES))
    .option('--limit <n>', 'how many', positiveInt, 50)
    .addOption(json())
    .action((o: { status?: DeliveryStatus; limit: number; json?: boolean }) => done(listCommand(ctx(), o)));
  deliveries
    .command('retry')
    .description('send failed deliveries again: one by id, or every failed one with --failed')
    .argument('[id]', 'the delivery id, as `deliveries list` shows it')
    .option('--failed', 'every failed delivery')
    .addOption(json())
    .action((id: string | undefined, o: { failed?: boolean; json?: boolean }) => done(retryCommand(ctx(), id, o)));
}

async function listCommand(ctx: CommandContext, options: { status?: DeliveryStatus; limit: number; json?: boolean }): Promise<void> {
  await withVigil(ctx, 'require', 'read', async ({ app }) => {
    const db = app.db.prisma;
    const [transport, counts, rows] = await Promise.all([readTransportState(db), countDeliveries(db), listDeliveries(db, options)]);
    if (options.json) return printJson({ transport, counts, deliveries: rows });
    printLines([describeTransport(transport, app.now()), `Outbox: ${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ') || 'empty'}`, ...rows.map(formatDelivery)]);
  });
}

async function retryCommand(ctx: CommandContext, id: string | undefined, options: { failed?: boolean; json?: boolean }): Promise<void> {
  if ((id === undefined) === !options.failed) throw new VigilError(ERROR_CODES.INVALID_INPUT, 'Give either a delivery id or --failed (every failed delivery).');
  const deliveryId = id === undefined ? null : Number(id);
  if (deliveryId !== null && (!Number.isSafeInteger(deliveryId) || deliveryId < 1)) throw new VigilError(ERROR_CODES.INVALID_INPUT, `A delivery id is a whole number such as 12 (got "${id}").`);
  await withVigil(ctx, 'require', 'read', async ({ app }) => {
    const db = app.db.prisma;
    if (deliveryId !== null) {
      const status = await deliveryStatus(db, deliveryId);
      if (status === null) throw new VigilError(ERROR_CODES.NOT_FOUND, `No delivery #${deliveryId} in the ${app.db.location}; \`vigil deliveries list\` shows the ids.`);
      if (status !== 'failed') throw new VigilError(ERROR_CODES.INVALID_INPUT, `Delivery #${deliveryId} is ${status}, not failed: nothing to retry.`);
    }
    const retried = await retryDeliveries(db, deliveryId === null ? 'failed' : { id: deliveryId }, app.now());
    if (options.json) printJson({ retried });
    else printLines([retried.length === 0 ? 'No failed deliveries.' : `${retried.length} delivery(ies) queued again: ${retried.join(', ')}. The sender of \`vigil run\` (or \`vigil poll\`) sends them.`]);
  });
}

function describeTransport(state: TransportState, now: Date): string {
  if (state.status === 'ok') return 'Mail transport: ok';
  const until = state.pausedUntil > now ? `paused until ${state.pausedUntil.toISOString()}` : 'retrying now';
  return `Mail transport: ${until}, failing since ${state.since.toISOString()} (${state.failures} tries): ${state.reason}`;
}

function formatDelivery(d: DeliveryView): string {
  const what = d.kind === 'confirmation' ? d.kind : `${d.kind === 'webhook' ? 'webhook' : 'alert'} #${d.alertId} r${d.revision}`;
  const when = d.status === 'sent' ? `sent ${d.sentAt?.toISOString() ?? ''}` : d.status === 'pending' ? `due ${d.nextAttemptAt.toISOString()}` : d.status;
  const tries = d.kind === 'webhook' && d.attempts > 0 && d.status !== 'sent' ? ` after ${d.attempts} attempt(s)` : '';
  return `${String(d.id).padStart(6)}  ${d.status.padEnd(9)} ${what.padEnd(22)} subscriber #${String(d.subscriberId).padEnd(5)} ${batchOf(d).padEnd(34)} ${when}${tries}${d.lastError ? `  ${d.lastError}` : ''}`;
}

// "digest, held until 2026-11-28T08:00:00.000Z" for a notice waiting for (or sent in) a digest
// or the flood guard's summary; "alone" otherwise.
function batchOf(d: DeliveryView): string {
  if (!d.batch) return 'alone';
  const at = d.batchAt?.toISOString() ?? '?';
  return d.status === 'pending' ? `${d.batch}, held until ${at}` : `${d.batch} of ${at}`;
}
