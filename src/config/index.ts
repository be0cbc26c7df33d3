// Configuration: reads config/vigil.yaml (or --config / VIGIL_CONFIG) and the files it names,
// applies the environment, and returns one frozen VigilConfig, or throws VIGIL_CONFIG_INVALID
// listing every problem with its file and line.
export { addFeedsToConfig } from './feeds-file.js';
export type { AddFeedsResult, NewFeed } from './feeds-file.js';
export { loadConfig } from './load.js';
export type { ActorConfig, ConfigWarning, FeedConfig, LoadConfigOptions, MailConfig, MatchingConfig, PlaceConfig, PollingConfig, RiskConfig, VigilConfig, WatchlistConfig, WebConfig } from './load.js';
export { ACTOR_TYPES, PLACE_KINDS } from './schema.js';
export { watchConfigFiles } from './watch.js';
export type { ConfigWatcher } from './watch.js';
export { readGazetteerPlaces } from './gazetteer-file.js';
export type { GazetteerColumns, GazetteerPlaces, PlaceKind } from './gazetteer.js';
export { renderPlaces } from './watchlist-export.js';
export type { ExportFormat } from './watchlist-export.js';
export { importIntoWatchlist, restoreWatchlistFile } from './watchlist-file.js';
export type { WatchlistImportReport } from './watchlist-file.js';
export { planWatchlistEdit, writeConfigText } from './watchlist-edit.js';
export type { PlannedEdit, WatchlistEdit, WatchlistEntity } from './watchlist-edit.js';
export { planFeedAddition, setFeedEnabled } from './feed-edit.js';
export type { FeedForm } from './feed-edit.js';
