// Reloading a running Vigil's config: when a config file changes (or on SIGHUP) the config is
// read again. An invalid one is reported with every problem and changes nothing: the feeds and
// watchlists in force stay. A valid one has its feeds and watchlists synced into the database;
// from then on every piece of work that asks the catalog gets the new matcher, whole. Once the
// cycles that matched with the old watchlists are done, the items of the last
// matching.rematchDays are matched again. Other settings take effect at the next start.
import { adoptCatalog, type Vigil } from './compose.js';
import { loadConfig, watchConfigFiles, type ConfigWatcher, type VigilConfig } from './config/index.js';
import { ingestDeps } from './cycle.js';
import { errorFields } from './errors.js';
import { rematchItems } from './rematch.js';

export interface ReloadDeps {
  vigil: Vigil;
  options: { env: Record<string, string | undefined>; allowFastSchedule?: boolean | undefined };
  /** Resolves when the poll cycles running now are done. */
  cyclesInFlight: () => Promise<void>;
  /** Runs work as work in progress (stop() waits for it). */
  track: (work: () => Promise<void>) => Promise<void>;
}

export interface Reloader {
  /** Reloads now; a reload asked for while one runs runs once more after it. */
  readonly reload: () => Promise<void>;
  readonly stop: () => void;
}

// The parts of the config a reload applies; a change anywhere else waits for a restart.
const RELOADED = new Set(['file', 'feeds', 'feedsFile', 'watchlists']);

export function startReloading(deps: ReloadDeps): Reloader {
  const { log, config: running } = deps.vigil.app;
  let watched = running;
  let watcher: ConfigWatcher = watchConfigFiles(watched, () => void reload());
  let inProgress: Promise<void> | null = null;
  let again = false;

  async function reloadOnce(): Promise<void> {
    let next: VigilConfig;
    try {
      next = loadConfig({ path: running.file, env: deps.options.env, allowFastSchedule: deps.options.allowFastSchedule });
    } catch (error) {
      log.error(errorFields(error), 'the config changed but is not valid: nothing of it is applied; the feeds and watchlists in force stay');
      return;
    }
    const later = Object.keys(next).filter((key) => !RELOADED.has(key) && JSON.stringify(next[key as keyof VigilConfig]) !== JSON.stringify(running[key as keyof VigilConfig]));
    if (later.length > 0) log.warn({ sections: later }, 'these config changes take effect at the next start');
    // The files to watch may have changed too (a new watchlist file in another folder).
    watcher.close();
    watcher = watchConfigFiles((watched = next), () => void reload());
    const synced = await adoptCatalog(deps.vigil, next);
    if (synced.skipped) return;
    await deps.cyclesInFlight();
    const report = await rematchItems(await ingestDeps(deps.vigil.cycle), { days: running.matching.rematchDays });
    log.info(report, 'items re-matched with the reloaded watchlists');
  }

  const reload = (): Promise<void> => {
    if (inProgress) {
      again = true;
      return inProgress;
    }
    inProgress = deps.track(async () => {
      try {
        do {
          again = false;
          await reloadOnce();
        } while (again);
      } catch (error) {
        log.error(errorFields(error), 'reloading the config failed; the next change or SIGHUP tries again');
      } finally {
        inProgress = null;
      }
    });
    return inProgress;
  };
  const onHangUp = () => {
    log.info({ config: watched.file }, 'SIGHUP: reloading the config');
    void reload();
  };
  process.on('SIGHUP', onHangUp);
  return {
    reload,
    stop() {
      watcher.close();
      process.off('SIGHUP', onHangUp);
    },
  };
}
