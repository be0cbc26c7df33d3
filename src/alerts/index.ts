// Alerts are events: an item's reports at watched places are grouped into incidents, and each
// joins the open event of its place (or opens one), which is re-assessed, revised, escalated
// and read back for the CLI, the web and notices.
export { escalationReason, reprisalReason, sharedArea } from './area.js';
export type { AreaPlace, NearbyEvent } from './area.js';
export { lockWatchlistEvents, recordIncidents } from './assign.js';
export { watchlistsOfItemEvents, withdrawUnsupportedEvents } from './withdraw.js';
export type { CreatedAlert, EventChange, IncidentReport } from './assign.js';
export { groupIncidents } from './incidents.js';
export type { Incident, IncidentPlace } from './incidents.js';
export { decideRevision, describeRange, eventHeadline } from './revise.js';
export type { EventState, RevisionDecision } from './revise.js';
export { showAlert } from './show.js';
export type { AlertShow } from './show.js';
export { listAlerts, listEarlierAlerts, loadAlertDetail } from './store.js';
export type { AlertDetail, AlertView, SourceView } from './store.js';
export { findHistoryAlert, searchAlerts } from './history.js';
export type { AlertFilter, HistoryAlert, HistoryCursor, HistoryPage, PlaceDetail } from './history.js';
export { countByMonth, findPlace, findRecommendedActions, highestLevel, listAdminAreas, listEvidence, listFilterChoices, listMapPlaces } from './places.js';
export type { EvidenceSentence, FilterChoices, MapPlace, MonthCount, PlaceInfo } from './places.js';
