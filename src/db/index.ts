// Database: opens PostgreSQL (DATABASE_URL) or the embedded PGlite default through one pg pool
// shared by Prisma and the migrator, and applies prisma/migrations the way `prisma migrate
// deploy` does. Other stages receive `Db` (or a transaction `Tx`) and keep their queries in
// their own store.ts.
import type { Prisma, PrismaClient } from './generated/client.js';

export { describeUrl, openDatabase } from './connect.js';
export type { Database, OpenDatabaseOptions } from './connect.js';
export { isDatabaseLost } from './lost.js';
export { applyMigrations, migrationStatus, readMigrations } from './migrate.js';
export type { MigrationFile, MigrationStatus } from './migrate.js';

/** Prisma's generated types (inputs, includes), for queries shaped once and used twice. */
export type { Prisma };
/** The Prisma client stages query through. */
export type Db = PrismaClient;
/** A Prisma interactive transaction, for work that must be stored whole or not at all. */
export type Tx = Prisma.TransactionClient;
