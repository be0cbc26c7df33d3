// Alerts: turns an assessed item into one alert per watchlist it touches (level, reasons,
// headline, places, actors, source) and reads alerts back for the CLI, the web and notices.
export { draftAlerts } from './draft.js';
export type { AlertDraft, DraftInput } from './draft.js';
export { createAlert, listAlerts, listEarlierAlerts, loadAlertDetail } from './store.js';
export type { AlertDetail, AlertView, AreaPlace, CreatedAlert } from './store.js';
