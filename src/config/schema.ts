// The shape of every config file, with defaults. This is the user-facing contract of
// DESIGN.md ("Configuration"): keys may be added, never renamed or removed.
import cron from 'node-cron';
import { z } from 'zod';

const text = z.string().trim().min(1, { error: 'must not be empty' });

export const PLACE_KINDS = ['village', 'town', 'commune', 'cercle', 'region', 'country'] as const;
export const ACTOR_TYPES = ['armed-group', 'militia', 'state-force', 'other'] as const;

// A section whose keys are all commented out reads as null in YAML: treat it as absent.
function section<T extends z.core.$ZodLooseShape>(shape: T) {
  const schema = z.strictObject(shape);
  return z.preprocess((value) => (value === null ? undefined : value), schema.prefault({} as z.input<typeof schema>));
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
/** A PostgreSQL server (database.url, DATABASE_URL). */
export const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'must be a PostgreSQL URL such as postgresql://user:pass@host:5432/vigil' });
/** An SMTP server as nodemailer takes it (mail.smtpUrl, SMTP_URL). */
export const smtpUrl = z.url({ protocol: /^smtps?$/, error: 'must be an SMTP URL such as smtp://user:pass@host:587 (or smtps:// for TLS on connect)' });

/** The admin's password (web.adminToken, VIGIL_ADMIN_TOKEN). */
export const adminToken = z.string().min(16, { error: 'must be at least 16 characters (e.g. the output of `openssl rand -hex 24`)' });

export const feedSchema = z.strictObject({
  name: text,
  url: httpUrl,
  publisher: text,
  language: z.string().regex(/^[a-z]{2}$/, { error: 'must be a two-letter language code such as en or fr' }).optional(),
  enabled: z.boolean().default(true),
  // Polled at most this often; absent: on every cycle (the schedule), or as the feed asks (ttl).
  intervalMinutes: z.int().min(1).max(10_080).optional(),
});

export const feedListSchema = z.array(feedSchema);

// An IANA time zone name, checked by the runtime's own list (Intl), e.g. Africa/Bamako.
const timeZone = text.refine(isTimeZone, { error: 'is not an IANA time zone name such as Africa/Bamako or Europe/Paris' });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

// node-cron is only scheduled from src/main.ts; here it checks the expression so a typo is
// reported with its file and line at start-up rather than when the first cycle never comes.
const cronExpression = z.string().refine((value) => cron.validate(value), {
  error: 'is not a valid cron expression (five or six fields, e.g. "*/10 * * * *")',
});

export const vigilFileSchema = z.strictObject({
  schedule: cronExpression.default('*/10 * * * *'),
  watchlists: z.array(text).min(1).default(['watchlists/*.yaml']),
  // A list is validated item by item afterwards (src/config/load.ts), so its errors name the field.
  feeds: z.union([text, z.array(z.unknown())], { error: 'must be a list of feeds or the name of a file holding one' }).default('feeds.yaml'),
  // Absent: the rules Vigil ships (config/risk.yaml of the installed Vigil).
  risk: text.optional(),
  dataDir: text.optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  database: section({ url: postgresUrl.optional() }),
  matching: section({
    // After a watchlist change, items stored this many days back are matched again.
    rematchDays: z.int().min(0).max(36_500).default(30),
    // An ambiguous place counts beside another watched place this close (both with coordinates).
    contextRadiusKm: z.number().min(0).max(1000).default(25),
  }),
  polling: section({
    timeoutMs: z.int().min(1000).max(300_000).default(20_000),
    maxBytes: z.int().min(10_000).default(5_000_000),
    concurrency: z.int().min(1).max(64).default(4),
    contact: text.optional(),
    // Items published more than this many days before Vigil first sees them notify no one.
    backfillDays: z.int().min(0).max(36_500).default(7),
    // New items taken from one feed per poll, newest first; the rest wait for the next poll.
    maxItemsPerPoll: z.int().min(1).max(100_000).default(500),
    // The longest a failing feed waits before it is tried again.
    maxBackoffHours: z.int().min(1).max(24 * 30).default(24),
    // A replica's claim on a feed lasts this long: longer than a poll takes, short enough that a
    // feed claimed by a process that died is polled again soon.
    leaseSeconds: z.int().min(1).max(3600).default(300),
    // Redirects to loopback, private or link-local addresses are refused unless this is true
    // (the URLs in the feed list itself are trusted as given).
    allowPrivateNetworks: z.boolean().default(false),
  }),
  mail: section({
    from: text.default('Vigil <vigil@localhost>'),
    smtpUrl: smtpUrl.optional(),
    // Daily subscribers get one digest a day at this hour of mail.timezone.
    digestHour: z.int().min(0, { error: 'must be an hour from 0 to 23' }).max(23, { error: 'must be an hour from 0 to 23' }).default(8),
    timezone: timeZone.default('Africa/Bamako'),
    // Immediate notices one address receives in any hour; the rest go out in one summary.
    maxImmediatePerHour: z.int().min(1).max(10_000).default(10),
    // Webhooks to loopback, private or link-local addresses, and plain http, are refused unless
    // this is true (tests; a partner's endpoint on the same private network).
    allowPrivateWebhooks: z.boolean().default(false),
  }),
  web: section({
    port: z.int().min(0).max(65535).default(8080),
    host: text.default('127.0.0.1'),
    baseUrl: httpUrl.optional(),
    // X-Forwarded-For is believed only from these: true (any proxy), or the proxies' addresses
    // or CIDR ranges. Off by default: a client could otherwise pick its own address and slip
    // past the rate limits.
    trustProxy: z.union([z.boolean(), z.array(text).min(1, { error: 'must list at least one proxy address' })], { error: 'must be true, false or a list of proxy addresses' }).default(false),
    // Unlocks /admin (VIGIL_ADMIN_TOKEN wins). Long enough that guessing it is hopeless.
    adminToken: adminToken.optional(),
  }),
});

// Named bounds: "Too big: expected number to be <=90" does not say which of the two is wrong.
const latitude = z.number().min(-90, { error: 'latitude must be between -90 and 90' }).max(90, { error: 'latitude must be between -90 and 90' });
const longitude = z.number().min(-180, { error: 'longitude must be between -180 and 180' }).max(180, { error: 'longitude must be between -180 and 180' });
const coordinates = z.tuple([latitude, longitude], {
  error: 'must be [latitude, longitude]',
});

export const placeSchema = z.strictObject({
  name: text,
  kind: z.enum(PLACE_KINDS),
  aliases: z.array(text).default([]),
  within: z.array(text).default([]),
  ambiguous: z.boolean().default(false),
  coordinates: coordinates.optional(),
  // The gazetteer's identifier when the place was imported (an OCHA P-code, a GeoNames id).
  ref: text.optional(),
});

export const actorSchema = z.strictObject({
  name: text,
  aliases: z.array(text).default([]),
  type: z.enum(ACTOR_TYPES).default('armed-group'),
  // The communities a militia draws from and claims to defend: violence against one of them
  // after violence by this actor in the same area is read as a possible reprisal.
  communities: z.array(text).default([]),
  // Also a common word or a name others use ("Dozo", "Wagner"): counts only beside another
  // watched actor or place of the watchlist in the same item.
  ambiguous: z.boolean().default(false),
});

export const watchlistSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be lower-case words joined by hyphens, e.g. central-mali' }),
  name: text,
  recommendedActions: z.string().trim().optional(),
  // One line shown under the level banner of every notice: how readers may share it.
  handling: z
    .string()
    .trim()
    .min(1, { error: 'is empty (leave the key out for no handling line)' })
    .max(200, { error: 'is longer than 200 characters: one short line, e.g. "Sensitive: share within protection coordination only"' })
    .refine((v) => !/[\r\n]/.test(v), { error: 'must be one line' })
    .optional(),
  places: z.array(placeSchema).default([]),
  actors: z.array(actorSchema).default([]),
});

const terms = z.array(text).min(1, { error: 'needs at least one term' });

const levelRule = z.strictObject({
  kinds: z.array(text).default([]),
  killedAtLeast: z.int().min(1).optional(),
});

const figureTerms = z.strictObject({
  killed: terms,
  injured: terms,
  abducted: terms,
  homesBurned: terms,
  displaced: terms,
});

const days = z.int().min(1).max(36_500);

// How reports become events and events are revised, escalated and shown (src/alerts).
const eventRules = {
  // Older than this when first reported (by the date the text gives): history, never mailed.
  currentWindowDays: days.default(30),
  // Reports of one place whose event dates lie this close are one event.
  eventWindowDays: days.default(3),
  // Earlier violent events in the same cercle within this many days raise the next one a step.
  escalationWindowDays: days.default(30),
  escalationAfterEvents: z.int().min(1).default(1),
  // With coordinates known, events this close count as one area too.
  escalationRadiusKm: z.number().positive().default(25),
  // A notice's "recent history": the same places and their cercle over this many days.
  historyDays: days.default(90),
  // A revision is mailed when the level rises, or when the highest toll grows by both of these.
  // A community named as the victims of one of these kinds is identity-based targeting.
  identityTargeting: z
    .strictObject({ communityVictimsWith: z.array(text).default(['killing', 'massacre']) })
    .default({ communityVictimsWith: ['killing', 'massacre'] }),
  materialChange: z.strictObject({ ratio: z.number().min(0).default(0.2), atLeast: z.int().min(0).default(5) }).default({ ratio: 0.2, atLeast: 5 }),
};

export const riskSchema = z.strictObject({
  violence: z.record(z.string().regex(/^[a-z]+(-[a-z]+)*$/, { error: 'kind names are lower-case words joined by hyphens' }), terms),
  levels: z.strictObject({
    'current-crisis': levelRule,
    'imminent-risk': levelRule,
    'serious-concern': levelRule,
  }),
  ...eventRules,
  figures: figureTerms,
  figuresNeed: z.partialRecord(figureTerms.keyof(), z.array(text)).default({}),
  attackers: z.array(text).default([]),
  // Cue words for whether a watched actor is named as the perpetrator of violence or only
  // mentioned (src/risk/actor-role.ts). Absent in older files: the sentence structure alone decides.
  actorRoles: section({
    perpetrator: section({ before: z.array(text).default([]), after: z.array(text).default([]) }),
    mentioned: section({ before: z.array(text).default([]), after: z.array(text).default([]) }),
  }),
  // Who figures count, who the victims were, and revised tolls (src/risk/figures.ts). Absent
  // from risk files written before them: each list is then empty and reads nothing.
  subjects: section({
    people: z.array(text).default([]),
    civilians: z.array(text).default([]),
    securityForces: z.array(text).default([]),
    attackers: z.array(text).default([]),
    attackersKilled: z.array(text).default([]),
  }),
  victims: section({
    civilians: z.array(text).default([]),
    women: z.array(text).default([]),
    children: z.array(text).default([]),
    elderly: z.array(text).default([]),
    communities: z.record(text, z.array(text)).default({}),
  }),
  revisions: section({
    tolls: z.array(text).default([]),
    rises: z.array(text).default([]),
  }),
});

export type VigilFile = z.output<typeof vigilFileSchema>;
export type FeedFile = z.output<typeof feedSchema>;
export type WatchlistFile = z.output<typeof watchlistSchema>;
export type RiskFile = z.output<typeof riskSchema>;
