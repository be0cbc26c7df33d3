// What every group of routes needs: the stage's dependencies, and replies as HTML pages,
// XML, CSV or JSON with the caching headers feeds deserve.
import { createHash } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.js';
import type { Logger } from '../log.js';
import type { Templates } from '../templates.js';

/** The Fastify instance routes are registered on. */
export type WebServer = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger>;

/** What every page template receives: its title, and the other formats of the page. */
export interface PageData {
  title: string;
  alternates?: Alternate[];
  [key: string]: unknown;
}

/** The web stage's dependencies as the routes use them. */
export interface WebContext {
  db: Db;
  log: Logger;
  templates: Templates;
  now: () => Date;
  /** Absolute links in feeds, CAP and CSV start with this (web.baseUrl, no trailing slash). */
  baseUrl: string;
  /** Days of the area's history an event page shows (risk.historyDays). */
  historyDays: number;
}

/** A link to another format of the page, shown in <head> and beside the list. */
export interface Alternate {
  type: string;
  title: string;
  href: string;
}

/** Renders templates/web/NAME.hbs into the reply as HTML. */
export function sendPage(ctx: WebContext, reply: FastifyReply, name: string, data: PageData, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').send(ctx.templates.render(`web/${name}`, data));
}

/**
 * Sends a document others poll (Atom, CAP, CSV) with an ETag of its bytes and Last-Modified,
 * answering 304 when the reader already has it.
 */
export function sendDocument(request: FastifyRequest, reply: FastifyReply, type: string, body: string, lastModified: Date | null) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', 'public, max-age=60');
  if (lastModified) reply.header('last-modified', lastModified.toUTCString());
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type(type).send(body);
}

/** True for a path of the JSON API, whose errors are JSON too. */
export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}
