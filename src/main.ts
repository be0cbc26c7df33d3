// `vigil run` (what `npm start` runs): opens and composes Vigil (src/compose.ts) with the
// catalog synced from its config, listens, then polls on the configured schedule and sends
// due emails from one sender loop until told to stop. Reloads its feeds and watchlists when their
// files change or on SIGHUP (src/reload.ts). The only importer of node-cron. A start-up
// failure closes whatever was opened before it is reported.
import cron, { type ScheduledTask } from 'node-cron';
import { openVigil, type Vigil } from './compose.js';
import { loadConfig } from './config/index.js';
import { errorFields } from './errors.js';
import type { Logger } from './log.js';
import { startSender } from './notify/index.js';
import { runPollCycle } from './cycle.js';
import { startReloading } from './reload.js';
import { checkPortAvailable, listenWebApp } from './web/index.js';

export interface RunOptions {
  configPath?: string | undefined;
  env: Record<string, string | undefined>;
  log?: Logger;
  allowFastSchedule?: boolean;
}

/** A running Vigil; `stop()` finishes the work in progress and closes everything. */
export interface RunningVigil {
  vigil: Vigil;
  /** The address the web app listens on. */
  url: string;
  /** Runs one cycle now, or for the schedule's tick (what the schedule runs). */
  runCycle(tick?: Date): Promise<void>;
  /** Reads the config again and applies its feeds and watchlists (what an edit or SIGHUP does). */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

export async function runVigil(options: RunOptions): Promise<RunningVigil> {
  const config = loadConfig({ path: options.configPath, env: options.env, allowFastSchedule: options.allowFastSchedule });
  await checkPortAvailable(config.web);
  const vigil = await openVigil({ ...options, config, migrations: 'apply', catalog: 'sync', announce: true });
  const { log } = vigil.app;
  let url: string;
  try {
    url = await listenWebApp(vigil.web, config.web);
  } catch (error) {
    await vigil.close();
    throw error;
  }

  // Work in progress, so stop() can let it finish instead of cutting a transaction short; cycles
  // apart, so a reload can wait for the ones that match with the watchlists it replaces.
  const inFlight = new Set<Promise<void>>();
  const cycles = new Set<Promise<void>>();
  const track =
    (work: () => Promise<void>, also?: Set<Promise<void>>) =>
    (): Promise<void> => {
      const running = work();
      for (const set of [inFlight, also]) {
        set?.add(running);
        void running.finally(() => set?.delete(running));
      }
      return running;
    };
  // The schedule's own time is the tick: replicas ticking together claim each feed once.
  const runCycle = (tick?: Date): Promise<void> =>
    track(
      guarded(log, 'poll cycle failed; the next one will retry', async () => {
        try {
          const report = await runPollCycle(vigil.cycle, tick);
          vigil.metrics.recordCycle(report);
          log.info(report, 'poll cycle finished');
        } catch (error) {
          vigil.metrics.recordCycleFailure();
          throw error;
        }
      }),
      cycles,
    )();
  // The process's one sender: cycles wake it rather than sending themselves.
  const sender = startSender(vigil.cycle);
  vigil.cycle.sender = sender;
  const tasks: ScheduledTask[] = [cron.schedule(config.schedule, (context) => runCycle(context.date), { name: 'poll', noOverlap: true })];
  log.info(
    { web: url, alerts: `${config.web.baseUrl}/alerts`, database: vigil.app.db.location, mail: vigil.mailer.describe, dataDir: config.dataDir, schedule: config.schedule, feeds: config.feeds.length, watchlists: config.watchlists.map((w) => w.slug) },
    'Vigil is running',
  );
  // The first cycle's tick is the start of this minute: replicas started together share it.
  const started = vigil.app.now();
  void runCycle(new Date(started.getTime() - (started.getTime() % 60_000)));

  const reloader = startReloading({ vigil, options, cyclesInFlight: () => Promise.all(cycles).then(() => undefined), track: (work) => track(work)() });
  vigil.configFiles.apply = reloader.reload;

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      reloader.stop();
      for (const task of tasks) await task.stop();
      await Promise.all(inFlight);
      await sender.stop();
      await vigil.close();
      log.info('Vigil stopped');
    })());
  return { vigil, url, runCycle, reload: reloader.reload, stop };
}

// Scheduled work never throws into node-cron: a failure is logged (its message and code, not
// the error object) and the next run retries.
function guarded(log: Logger, message: string, work: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await work();
    } catch (error) {
      log.error(errorFields(error), message);
    }
  };
}
