// `vigil run` (what `npm start` runs): the composition root. Builds everything in order —
// config, logger, database and migrations, catalog, mailer, web, scheduler — then polls on
// the configured schedule and sends due emails every minute until told to stop.
import cron, { type ScheduledTask } from 'node-cron';
import { openApp, type App } from './app.js';
import { cycleDeps, prepareCatalog, runPollCycle } from './cycle.js';
import { messageOf } from './errors.js';
import type { Logger } from './log.js';
import { createMailer, sendDueDeliveries } from './notify/index.js';
import { TEMPLATES_DIR } from './paths.js';
import { buildWebApp } from './web/index.js';

export interface RunOptions {
  configPath?: string | undefined;
  env: Record<string, string | undefined>;
  log?: Logger;
}

/** A running Vigil; `stop()` finishes the cycle in progress and closes everything. */
export interface RunningVigil {
  app: App;
  /** The address the web app listens on. */
  url: string;
  /** Runs one cycle now (also what the schedule runs). */
  runCycle(): Promise<void>;
  stop(): Promise<void>;
}

export async function runVigil(options: RunOptions): Promise<RunningVigil> {
  const app = await openApp({ configPath: options.configPath, env: options.env, log: options.log, migrations: 'apply' });
  const { config, log } = app;
  const catalog = await prepareCatalog(app);
  const mailer = createMailer(config.mail);
  const deps = cycleDeps(app, catalog, mailer.send);

  const web = buildWebApp({ db: app.db.prisma, log, templates: app.templates, templatesDir: TEMPLATES_DIR, now: app.now });
  const url = await web.listen({ port: config.web.port, host: config.web.host });

  // Work in progress, so stop() can let it finish instead of cutting a transaction short.
  const inFlight = new Set<Promise<void>>();
  const track = (work: () => Promise<void>) => (): Promise<void> => {
    const running = work();
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
    return running;
  };
  const runCycle = track(guarded(log, 'poll cycle failed; the next one will retry', async () => {
    const report = await runPollCycle(deps);
    log.info(report, 'poll cycle finished');
  }));
  const sendDue = track(guarded(log, 'sending failed; it will be retried', async () => {
    const report = await sendDueDeliveries(deps);
    if (report.sent + report.failed + report.retrying > 0) log.info(report, 'due emails sent');
  }));
  const tasks: ScheduledTask[] = [
    cron.schedule(config.schedule, runCycle, { name: 'poll', noOverlap: true }),
    cron.schedule('* * * * *', sendDue, { name: 'send', noOverlap: true }),
  ];
  log.info(
    { web: url, alerts: `${config.web.baseUrl}/alerts`, database: app.db.location, mail: mailer.describe, dataDir: config.dataDir, schedule: config.schedule, feeds: config.feeds.length, watchlists: catalog.watchlists.map((w) => w.slug) },
    'Vigil is running',
  );
  void runCycle();

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const task of tasks) await task.stop();
      await Promise.all(inFlight);
      await web.close();
      mailer.close();
      await app.close();
      log.info('Vigil stopped');
    })());
  return { app, url, runCycle, stop };
}

// Scheduled work never throws into node-cron: a failure is logged and the next run retries.
function guarded(log: Logger, message: string, work: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await work();
    } catch (error) {
      log.error({ err: error }, `${message}: ${messageOf(error)}`);
    }
  };
}
