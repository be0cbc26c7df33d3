// Notify: subscribers and the outbox. An alert queues one delivery per subscriber in the
// alert's own transaction; senders claim due deliveries (FOR UPDATE SKIP LOCKED), render the
// notice from templates/, send through SMTP or write .eml files, and record the outcome.
export { parseEmailAddress } from './address.js';
export { renderNotice } from './render.js';
export type { NoticeInput, RenderedNotice } from './render.js';
export { sendDueDeliveries } from './send.js';
export type { SendDeps, SendReport } from './send.js';
export { createMailer } from './smtp.js';
export type { Mailer, MailerOptions, OutgoingMail, SendMail } from './smtp.js';
export { findSubscriptionByToken, loadFollowers, queueDeliveries, unsubscribe, upsertSubscription } from './store.js';
export type { Follower, SubscribeInput } from './store.js';
