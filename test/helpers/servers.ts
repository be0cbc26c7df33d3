// Real servers on 127.0.0.1 for tests: an HTTP or HTTPS server serving feed files (routes can
// change between polls, and an HTTPS server's certificate too), an SMTP server (smtp-server)
// whose messages are parsed with mailparser, and a TCP proxy that can cut a database's
// connections as a restart does.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { KeyAndCertificate } from './tls.js';

export interface Route {
  status?: number;
  contentType?: string;
  /** More response headers (ETag, Location, Content-Encoding, Retry-After, …). */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Answers instead of the fields above, for answers they cannot describe (endless bodies, …). */
  handle?: (request: IncomingMessage, response: ServerResponse) => void;
}

export interface FeedServer {
  url: (path: string) => string;
  routes: Map<string, Route>;
  /** Every request, with when it came (ms since the epoch) and, over TLS, the server name the client sent (SNI). */
  requests: { path: string; headers: Record<string, string | string[] | undefined>; at: number; servername: string | null }[];
  /** HTTPS only: serve this certificate to the next connections. */
  setCertificate(certificate: KeyAndCertificate): void;
  close(): Promise<void>;
}

export interface FeedServerOptions {
  /** Serve HTTPS with this key and certificate (test/helpers/tls.ts makes them). */
  tls?: KeyAndCertificate;
  /** The host name `url()` writes (a test's resolver answers it with 127.0.0.1); default 127.0.0.1. */
  hostname?: string;
}

export async function startFeedServer(routes: Record<string, Route> = {}, options: FeedServerOptions = {}): Promise<FeedServer> {
  const table = new Map(Object.entries(routes));
  const requests: FeedServer['requests'] = [];
  const handler: RequestListener = (request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const servername = (request.socket as Partial<TLSSocket>).servername;
    requests.push({ path, headers: request.headers, at: Date.now(), servername: typeof servername === 'string' ? servername : null });
    const route = table.get(path);
    const answer = (): void => {
      if (!route) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      if (route.handle) {
        route.handle(request, response);
        return;
      }
      response.writeHead(route.status ?? 200, { 'content-type': route.contentType ?? 'application/rss+xml; charset=utf-8', ...route.headers }).end(route.body);
    };
    if (route?.delayMs) setTimeout(answer, route.delayMs);
    else answer();
  };
  const server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
  const port = await listen(server);
  return {
    url: (path) => `${options.tls ? 'https' : 'http'}://${options.hostname ?? '127.0.0.1'}:${port}${path}`,
    routes: table,
    requests,
    setCertificate: (certificate) => {
      if (!('setSecureContext' in server)) throw new Error('setCertificate: this feed server speaks plain HTTP');
      server.setSecureContext(certificate);
    },
    close: () => closeServer(server),
  };
}

export interface MailCatcher {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Envelope recipients of each message, in arrival order. */
  recipients: string[][];
  /** Resolves once `count` messages have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export interface MailCatcherOptions {
  /** Answer 550 to these recipients, as a server does for an address that does not exist. */
  rejects?: (address: string) => boolean;
  /** Require AUTH and accept only this password (a test may change it). */
  password?: { value: string };
  /** Checked at each RCPT TO: a reply code and text to refuse with, or null to accept. */
  rcptReply?: (address: string) => { code: number; text: string } | null;
  /** Checked at the end of DATA: a reply code and text to refuse with, or null to accept. */
  dataReply?: () => { code: number; text: string } | null;
  /** Wait this long before answering the end of DATA (a slow server). */
  dataDelayMs?: number;
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const messages: ParsedMail[] = [];
  const recipients: string[][] = [];
  const reply = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });
  const server = new SMTPServer({
    secure: false,
    authOptional: !options.password,
    allowInsecureAuth: true,
    disabledCommands: options.password ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.password === options.password?.value) callback(null, { user: auth.username });
      else callback(reply(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      const refusal = options.rcptReply?.(address.address);
      if (refusal) callback(reply(refusal.code, refusal.text));
      else if (options.rejects?.(address.address)) callback(reply(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`));
      else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (options.dataDelayMs) await new Promise((r) => setTimeout(r, options.dataDelayMs));
          const refusal = options.dataReply?.();
          if (refusal) return callback(reply(refusal.code, refusal.text));
          messages.push(mail);
          recipients.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A sender killed mid-session (the chaos tests SIGKILL them) resets its connection: smtp-server
  // emits that as an error, which would otherwise be thrown in the test process.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    recipients,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function listen(server: Server | HttpsServer, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export function closeServer(server: Server | HttpsServer): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A TCP proxy on 127.0.0.1 in front of a server, that a test can cut as a restart would. */
export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones (accepts, then hangs up at once). */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;
  const server = createNetServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      open.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        open.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cutAll = (): void => {
    for (const socket of open) socket.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    cut: () => {
      down = true;
      cutAll();
    },
    restore: () => {
      down = false;
    },
    close: () => {
      cutAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The first recipient's address of a received message. */
export function recipientOf(message: ParsedMail): string {
  const to = Array.isArray(message.to) ? message.to[0] : message.to;
  return to?.value[0]?.address ?? '';
}
