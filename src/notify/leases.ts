// The claims a round of sending holds, renewed together: every third of the lease while the round
// runs (so a slow mail server never lets a claim lapse), and before a send when the last renewal
// is that old. A claim that another sender has taken since is dropped: never recorded, never
// given back. Times come from the caller's clock, as every claim compares with.
import type { Db } from '../db/index.js';
import type { Logger } from '../log.js';
import { errorFields } from '../errors.js';
import { renewClaims } from './outbox.js';

export interface Leases {
  add(token: string): void;
  /** The claim is done with (recorded, cancelled, held or given back): no longer renewed. */
  drop(token: string): void;
  /** True while the claim is still this round's, renewed first when its lease may be running low. */
  holds(token: string): Promise<boolean>;
  /** The claims still held. */
  held(): string[];
  stop(): void;
}

export function startLeases(db: Db, now: () => Date, leaseMs: number, log: Logger): Leases {
  const open = new Set<string>();
  const every = Math.max(10, Math.floor(leaseMs / 3));
  let renewedAt = now().getTime();
  let renewing: Promise<void> | null = null;
  const renew = (): Promise<void> =>
    (renewing ??= (async () => {
      const at = now();
      const tokens = [...open];
      const still = await renewClaims(db, tokens, at, leaseMs);
      for (const token of tokens) if (!still.has(token)) open.delete(token);
      renewedAt = at.getTime();
    })().finally(() => {
      renewing = null;
    }));
  const timer = setInterval(() => void renew().catch((error: unknown) => log.warn(errorFields(error), 'could not renew the claims of emails being sent')), every);
  return {
    add: (token) => void open.add(token),
    drop: (token) => void open.delete(token),
    holds: async (token) => {
      if (now().getTime() - renewedAt >= every) await renew();
      return open.has(token);
    },
    held: () => [...open],
    stop: () => clearInterval(timer),
  };
}
