// One signed POST to a partner's webhook. The body is signed as sent (HMAC-SHA256 with the
// subscription's secret, hex, in X-Vigil-Signature), there is one deadline over the whole
// exchange, redirects are not followed, and unless private addresses are allowed the socket
// connects only to public addresses it checked itself (a name resolving to 127.0.0.1 at
// connection time, DNS rebinding, is refused like a literal one). Never throws: no answer is
// an answer with a null status.
import { createHmac } from 'node:crypto';
import { lookup as lookupDns } from 'node:dns';
import { request as requestHttp, type IncomingMessage } from 'node:http';
import { request as requestHttps } from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyAddress, ipLiteral } from '../feeds/address.js';
import { parseRetryAfter, type WebhookAnswer } from './webhook-outcome.js';

export interface WebhookRequest {
  url: string;
  secret: string;
  body: string;
  deliveryId: number;
  /** "<alert id>.r<revision>" */
  event: string;
  userAgent: string;
}

export interface PostOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  now: () => Date;
}

/** The webhook's stored excerpt of a refusal: enough to read why, never a whole page. */
const EXCERPT_CHARS = 200;

/** X-Vigil-Signature for a body: sha256=<hex HMAC-SHA256 of the raw body>. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export async function postWebhook(request: WebhookRequest, options: PostOptions): Promise<WebhookAnswer> {
  try {
    const response = await send(request, options);
    const excerpt = await readExcerpt(response);
    const retryHeader = response.headers['retry-after'];
    return { status: response.statusCode ?? 0, excerpt, retryAfter: parseRetryAfter(typeof retryHeader === 'string' ? retryHeader : undefined, options.now()) };
  } catch (error) {
    return { status: null, excerpt: describeError(error, options.timeoutMs), retryAfter: null };
  }
}

function send(request: WebhookRequest, options: PostOptions): Promise<IncomingMessage> {
  const url = new URL(request.url);
  const literal = ipLiteral(url.hostname);
  const kind = literal === null ? null : classifyAddress(literal);
  if (kind !== null && !options.allowPrivate) return Promise.reject(new Error(`refused: ${url.hostname} is a ${kind} address (mail.allowPrivateWebhooks is off)`));
  const body = Buffer.from(request.body, 'utf8');
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length),
    'user-agent': request.userAgent,
    'x-vigil-signature': signBody(request.secret, request.body),
    'x-vigil-delivery': String(request.deliveryId),
    'x-vigil-event': request.event,
  };
  const signal = AbortSignal.timeout(options.timeoutMs);
  const lookup = options.allowPrivate || literal !== null ? undefined : checkedLookup;
  const post = url.protocol === 'https:' ? requestHttps : requestHttp;
  return new Promise((resolve, reject) => {
    // No agent: a pooled socket would skip the lookup that checks the address.
    post(url, { method: 'POST', headers, agent: false, signal, ...(lookup && { lookup }) }, resolve)
      .on('error', reject)
      .end(body);
  });
}

async function readExcerpt(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response as AsyncIterable<Buffer>) {
    if (text.length < EXCERPT_CHARS) text += chunk.toString('utf8');
  }
  return text.slice(0, EXCERPT_CHARS);
}

const checkedLookup: LookupFunction = (hostname, options, callback) => {
  lookupDns(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (kind !== null) return callback(new Error(`refused: ${hostname} resolves to ${address}, a ${kind} address`), []);
    }
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    callback(null, first?.address ?? '', first?.family);
  });
};

function describeError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const message = e.message ?? String(error);
  return e.code && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}
