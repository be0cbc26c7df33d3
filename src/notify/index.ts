// Notify: subscriptions and the outbox. An alert revision queues one delivery per active
// subscriber, and a subscription request its confirmation, in the transaction that causes them;
// one sender loop per process claims due rows one at a time under a fenced lease, sends through
// SMTP (pooled) or .eml files, and pauses every sender while the mail server cannot take mail.
export { parseEmailAddress } from './address.js';
export { confirmByToken, findConfirmation, findSubscriptionByToken } from './links.js';
export { loadFollowers, queueDeliveries } from './outbox.js';
export type { Follower } from './outbox.js';
export { renderNotice } from './render.js';
export type { NoticeInput, RenderedNotice } from './render.js';
export { sendDueDeliveries } from './send.js';
export type { SendDeps, SendReport } from './send.js';
export { startSender } from './sender.js';
export type { Sender } from './sender.js';
export { createMailer } from './smtp.js';
export type { Mailer, MailerOptions, OutgoingMail, SendMail } from './smtp.js';
export { CADENCES, ConsentRequiredError, DEFAULT_PREFS, LANGUAGES, assertSubscription, requestSubscription, unsubscribe, updatePreferences, upsertSubscription } from './subscriptions.js';
export { readTransportState } from './transport.js';
export type { TransportState } from './pause.js';
export type { Cadence, Language, SubscriptionPrefs } from './subscriptions.js';
