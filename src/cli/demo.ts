// `vigil demo` (npm run demo): Vigil on fictional reports, so a newcomer sees within a minute what
// an alert looks like. It serves two local feeds (src/cli/demo-feeds.ts), writes a config into a
// folder of its own (a temporary one unless --data-dir names another), subscribes a demo officer,
// runs Vigil on the embedded database there, and prints where to look: the event page, the .eml
// of the notice, commands to try. Never the real data folder, database or mail server: those come
// from the environment and the config, and the demo reads neither.
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { openVigil } from '../compose.js';
import { runVigil, type RunningVigil } from '../main.js';
import { assertSubscription, DEFAULT_PREFS } from '../notify/index.js';
import { PACKAGE_ROOT } from '../paths.js';
import { demoFeeds } from './demo-feeds.js';
import { printJson, printLines } from './output.js';

export const DEMO_SUBSCRIBER = 'demo.officer@example.org';
const WAIT_MS = 60_000;

export interface DemoOptions {
  dataDir?: string;
  port?: number;
  json?: boolean;
}

/** What the demo prints: where to look. */
export interface DemoReport {
  alertPage: string | null;
  alerts: string;
  emails: string[];
  subscriber: string;
  folder: string;
  kept: boolean;
  config: string;
  commands: string[];
}

export async function demoCommand(env: Record<string, string | undefined>, options: DemoOptions): Promise<void> {
  const folder = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'vigil-demo-'));
  mkdirSync(folder, { recursive: true });
  const feeds = await serveDemoFeeds(new Date());
  let running: RunningVigil | null = null;
  try {
    const config = writeDemoConfig(folder, feeds, options.port ?? (await freePort()));
    // The log stays quiet unless asked: the demo's own lines are the point.
    const demoEnv = { LOG_LEVEL: env.LOG_LEVEL ?? 'warn' };
    await subscribeDemoOfficer(config, demoEnv);
    running = await runVigil({ configPath: config, env: demoEnv });
    const report = await waitForNotice(running, folder, config, options.dataDir !== undefined);
    if (options.json) printJson(report);
    else printLines(formatDemo(report));
    await untilSignal();
  } finally {
    await running?.stop();
    feeds.server.close();
    if (!options.dataDir) rmSync(folder, { recursive: true, force: true });
  }
}

interface DemoFeedServer {
  server: Server;
  feeds: { name: string; publisher: string; language: string; url: string }[];
}

async function serveDemoFeeds(now: Date): Promise<DemoFeedServer> {
  const served = demoFeeds(now);
  const server = createServer((request, response) => {
    const feed = served[request.url ?? ''];
    if (!feed) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feed.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, feeds: Object.entries(served).map(([path, f]) => ({ name: f.name, publisher: f.publisher, language: f.language, url: `http://127.0.0.1:${port}${path}` })) };
}

// A port chosen before Vigil starts, so that the links in its emails name it (web.baseUrl
// defaults to http://localhost:PORT; port 0 would give links to nowhere).
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

function writeDemoConfig(folder: string, feeds: DemoFeedServer, port: number): string {
  const file = join(folder, 'vigil.yaml');
  const config = {
    schedule: '*/10 * * * *',
    dataDir: join(folder, 'data'),
    watchlists: [join(PACKAGE_ROOT, 'config', 'watchlists', '*.yaml')],
    feeds: feeds.feeds,
    mail: { from: 'Vigil demo <vigil-demo@localhost>' },
    web: { port, host: '127.0.0.1', baseUrl: `http://127.0.0.1:${port}` },
  };
  writeFileSync(file, `# Written by \`vigil demo\`: fictional feeds served on this machine.\n${stringify(config)}`);
  return file;
}

// Before Vigil runs, so that its first cycle already has someone to notify.
async function subscribeDemoOfficer(configPath: string, env: Record<string, string>): Promise<void> {
  const vigil = await openVigil({ configPath, env, migrations: 'apply', catalog: 'sync' });
  try {
    const { watchlists } = await vigil.catalog.current();
    for (const watchlist of watchlists) {
      await assertSubscription(vigil.app.db.prisma, { email: DEMO_SUBSCRIBER, watchlistId: watchlist.id, prefs: DEFAULT_PREFS, now: vigil.app.now(), by: 'vigil demo' });
    }
  } finally {
    await vigil.close();
  }
}

// Until the first cycle has opened the event and the sender has written its notices.
async function waitForNotice(running: RunningVigil, folder: string, config: string, kept: boolean): Promise<DemoReport> {
  const db = running.vigil.app.db.prisma;
  const outbox = running.vigil.app.config.mail.outboxDir;
  const deadline = Date.now() + WAIT_MS;
  let alertId: number | null = null;
  let emails: string[] = [];
  while (Date.now() < deadline) {
    alertId = (await db.alert.findFirst({ orderBy: { id: 'asc' }, select: { id: true } }))?.id ?? null;
    const pending = await db.delivery.count({ where: { status: 'pending' } });
    emails = listEml(outbox);
    if (alertId !== null && pending === 0 && emails.length > 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const cli = `npx vigil --config ${config}`;
  return {
    alertPage: alertId === null ? null : `${running.url}/alerts/${alertId}`,
    alerts: `${running.url}/alerts`,
    emails: emails.map((name) => join(outbox, name)),
    subscriber: DEMO_SUBSCRIBER,
    folder,
    kept,
    config,
    commands: [`${cli} alerts list`, ...(alertId === null ? [] : [`${cli} alerts show ${alertId}`]), `${cli} subscribers list`, `${cli} deliveries list`, `${cli} feeds list`],
  };
}

function listEml(outbox: string): string[] {
  try {
    return readdirSync(outbox).filter((name) => name.endsWith('.eml')).sort();
  } catch {
    return [];
  }
}

function formatDemo(report: DemoReport): string[] {
  const where = report.kept ? `${report.folder} (kept after the demo)` : `${report.folder} (removed when the demo stops)`;
  return [
    'Vigil demo: running on fictional reports served from this machine; nothing real is read or written.',
    '',
    report.alertPage ? `  Alert page     ${report.alertPage}` : '  Alert page     (no event yet: the first poll has not finished; see the history)',
    `  Alert history  ${report.alerts}`,
    report.emails.length > 0 ? `  Emails         ${report.emails.length} to ${report.subscriber}, as .eml files (open them in a mail program):` : '  Emails         (none written yet)',
    ...report.emails.map((e) => `                 ${e}`),
    `  Data           ${where}`,
    '',
    'Try, in another terminal:',
    ...report.commands.map((c) => `  ${c}`),
    '',
    'Press Ctrl+C to stop.',
  ];
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
