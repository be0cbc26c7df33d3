// What the admin's route files share: the deps the web app hands the admin, and a page
// renderer that puts the CSRF token into every form.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VigilConfig } from '../../config/index.js';
import type { Db } from '../../db/index.js';
import type { RateLimits } from '../safety.js';

export interface AdminDeps {
  db: Db;
  now: () => Date;
  page: (name: string, data: object) => string;
  /** null: the admin is off. */
  token: string | null;
  secureCookies: boolean;
  rateLimits: RateLimits;
  /** The configuration as its files say now (read again for each change). */
  loadConfig: () => VigilConfig;
  /** Applies the files' feeds and watchlists: synced into the database, recent items re-matched. */
  reload: () => Promise<void>;
}

/** What the admin's route files need: the deps and a page renderer with the CSRF token. */
export interface AdminContext extends AdminDeps {
  html: (reply: FastifyReply, name: string, data: object, status?: number) => FastifyReply;
  csrfProtection: FastifyInstance['csrfProtection'];
}

