// The one sender loop of a `vigil run` process: rounds of sendDueDeliveries, then a short wait
// (or until a poll cycle has queued something, or the pause ends). A bug (a template that does
// not render) stops the loop loudly; anything else is logged and the next round retries.
import { errorFields } from '../errors.js';
import { NoticeRenderError } from './compose.js';
import { sendDueDeliveries, type SendDeps } from './send.js';

export interface Sender {
  /** Starts a round soon (after a poll cycle queued emails). */
  wake(): void;
  /** Finishes the round in progress and stops. */
  stop(): Promise<void>;
}

// How often an idle sender looks for due emails: with the 30 s lease, a dead replica's emails go
// out from another within about 35 s.
const IDLE_MS = 5_000;

export function startSender(deps: SendDeps, idleMs = IDLE_MS): Sender {
  const log = deps.log.child({ stage: 'notify' });
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let woken = false;
  const rest = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopped) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });
  const loop = (async () => {
    while (!stopped) {
      woken = false;
      let waitMs = idleMs;
      try {
        const report = await sendDueDeliveries(deps);
        if (report.sent + report.failed + report.cancelled + report.webhooks.sent + report.webhooks.failed > 0) log.info(report, 'due emails and webhooks sent');
        if (report.pausedUntil) waitMs = Math.min(idleMs, Math.max(0, report.pausedUntil.getTime() - deps.now().getTime()));
      } catch (error) {
        if (error instanceof NoticeRenderError) {
          log.error(errorFields(error), 'sender stopped: an email template is broken; no email was marked failed');
          return;
        }
        log.error(errorFields(error), 'sending failed; the next round retries');
      }
      await rest(waitMs);
    }
  })();
  return {
    wake: () => {
      woken = true;
      wakeUp?.();
    },
    stop: async () => {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
