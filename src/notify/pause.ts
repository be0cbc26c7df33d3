// The brake: while the mail server cannot take mail, senders pause, longer each time, and no
// delivery's attempts change, so an outage of any length loses nothing. Pure.

/** The transport as senders found it. */
export type TransportState =
  | { status: 'ok' }
  | { status: 'paused'; reason: string; since: Date; failures: number; pausedUntil: Date };

const FIRST_PAUSE_MS = 5_000;
// Capped so that mail flows again within ten minutes of the server's return.
const LONGEST_PAUSE_MS = 10 * 60_000;

/** The pause after `failures` failed tries in a row: 5 s, 10 s, 20 s … at most 10 minutes. */
export function pauseMs(failures: number): number {
  return Math.min(FIRST_PAUSE_MS * 2 ** Math.max(0, failures - 1), LONGEST_PAUSE_MS);
}

/** The state after one more failed try at `now`. */
export function pauseAfterFailure(state: TransportState, reason: string, now: Date): TransportState {
  const failures = state.status === 'paused' ? state.failures + 1 : 1;
  const since = state.status === 'paused' ? state.since : now;
  return { status: 'paused', reason, since, failures, pausedUntil: new Date(now.getTime() + pauseMs(failures)) };
}

/** Whether senders must wait at `now`. */
export function isPaused(state: TransportState, now: Date): state is Extract<TransportState, { status: 'paused' }> {
  return state.status === 'paused' && state.pausedUntil.getTime() > now.getTime();
}
