// Applies prisma/migrations/<timestamp>_<name>/migration.sql in order, recording each in
// _prisma_migrations exactly as `prisma migrate deploy` does (same table, SHA-256 of the file's
// bytes as checksum), so either tool can take over from the other. Runs under Prisma's own
// advisory lock, so two Vigil processes (or Vigil and the Prisma CLI) never migrate at once;
// each migration runs in its own transaction and is recorded in it.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { ERROR_CODES, VigilError, messageOf } from '../errors.js';

/** A migration folder of prisma/migrations. */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** What the database holds compared with the migration folders. */
export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

// The key `prisma migrate` takes with pg_advisory_lock (prisma-engines, postgres flavour).
const PRISMA_ADVISORY_LOCK = 72707369;

// The table as the Prisma schema engine creates it for PostgreSQL.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Reads the migration folders, oldest first (their names start with a UTC timestamp). */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new VigilError(ERROR_CODES.DB_MIGRATION, `No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/** Which migrations are applied and which are pending; throws on a failed or edited one. */
export async function migrationStatus(pool: pg.Pool, migrations: MigrationFile[]): Promise<MigrationStatus> {
  const exists = await pool.query<{ found: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS found`);
  const rows = exists.rows[0]?.found ? await readApplied(pool) : [];
  return compareWithApplied(migrations, rows);
}

/** Applies the pending migrations; returns the names applied, in order. */
export async function applyMigrations(pool: pg.Pool, migrations: MigrationFile[]): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { pending } = compareWithApplied(migrations, await readApplied(client));
      for (const name of pending) await applyOne(client, migrations.find((m) => m.name === name) as MigrationFile);
      return pending;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]);
    }
  } finally {
    client.release();
  }
}

async function readApplied(db: pg.Pool | pg.PoolClient): Promise<AppliedRow[]> {
  const result = await db.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
  );
  return result.rows;
}

function compareWithApplied(migrations: MigrationFile[], rows: AppliedRow[]): MigrationStatus {
  const live = rows.filter((r) => r.rolled_back_at === null);
  const failed = live.find((r) => r.finished_at === null);
  if (failed) {
    throw new VigilError(
      ERROR_CODES.DB_MIGRATION,
      `Migration ${failed.migration_name} started but did not finish. Repair the database, then mark it with ` +
        `\`prisma migrate resolve\` (see README, "Migrations") before Vigil can continue.`,
    );
  }
  const applied = new Map(live.map((r) => [r.migration_name, r.checksum]));
  for (const m of migrations) {
    const checksum = applied.get(m.name);
    if (checksum !== undefined && checksum !== m.checksum) {
      throw new VigilError(
        ERROR_CODES.DB_MIGRATION,
        `Migration ${m.name} was edited after it was applied (checksum ${m.checksum.slice(0, 12)}… in prisma/migrations, ` +
          `${checksum.slice(0, 12)}… in the database). Migrations are append-only: restore the file and add a new migration.`,
      );
    }
  }
  return {
    applied: migrations.filter((m) => applied.has(m.name)).map((m) => m.name),
    pending: migrations.filter((m) => !applied.has(m.name)).map((m) => m.name),
  };
}

async function applyOne(client: pg.PoolClient, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())', [
      id,
      migration.checksum,
      migration.name,
    ]);
    // The file holds many statements: the simple query protocol runs them as one script.
    await client.query(migration.sql);
    await client.query('UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new VigilError(ERROR_CODES.DB_MIGRATION, `Migration ${migration.name} failed and was rolled back: ${messageOf(error)}`, {
      cause: error,
    });
  }
}
