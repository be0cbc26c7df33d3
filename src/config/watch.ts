// Watches the config's files for edits, so `vigil run` can reload its watchlists and feeds
// without a restart. Directories are watched, not files: editors save by writing a new file
// and renaming it over the old one, which a watch on the old file never sees; a new watchlist
// file beside the others is seen too. Bursts of events (one save is several) are collapsed.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { VigilConfig } from './load.js';

export interface ConfigWatcher {
  close(): void;
}

/** Calls `onChange` once a burst of edits to the config's files has been quiet for `quietMs`. */
export function watchConfigFiles(config: VigilConfig, onChange: () => void, quietMs = 300): ConfigWatcher {
  const files = [config.file, config.feedsFile, config.riskSource.kind === 'file' ? config.riskSource.file : null, ...config.watchlists.map((w) => w.file)].filter(
    (f): f is string => f !== null,
  );
  const names = new Set(files.map((f) => basename(f)));
  let timer: NodeJS.Timeout | null = null;
  const changed = (name: string | null) => {
    // A new or renamed YAML file may be a watchlist the glob now takes in.
    if (name !== null && !names.has(name) && !/\.ya?ml$/i.test(name)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, quietMs);
  };
  const watchers: FSWatcher[] = [...new Set(files.map((f) => dirname(f)))].map((dir) => {
    const watcher = watch(dir, { persistent: false }, (_event, name) => changed(name === null ? null : String(name)));
    // A folder removed or unmounted: stop watching it (SIGHUP still reloads) rather than crash.
    watcher.on('error', () => watcher.close());
    return watcher;
  });
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
