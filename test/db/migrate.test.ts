// Vigil's own migrator against both databases: it builds exactly what schema.prisma
// describes, records each migration in _prisma_migrations as Prisma does, never applies one
// twice (even when two processes start together), refuses an edited migration, and rolls
// back a failing one.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDMMF } from '@prisma/get-dmmf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, migrationStatus, openDatabase, readMigrations, type Database } from '../../src/db/index.js';
import { silentLogger } from '../../src/log.js';
import { MIGRATIONS_DIR, PACKAGE_ROOT } from '../../src/paths.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';

interface ColumnRow {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  data_type: string;
}

describe.each(DATABASE_KINDS)('the migrator on the $kind database', ({ kind, skip }) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(kind);
    db = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir, log: silentLogger() });
  });

  afterAll(async () => {
    if (skip) return;
    await db?.close();
    await testDb?.drop();
  });

  it.skipIf(skip)('applies every migration once, recording it as `prisma migrate deploy` does', async () => {
    const migrations = readMigrations(MIGRATIONS_DIR);
    expect(migrations.length).toBeGreaterThan(0);

    expect(await applyMigrations(db.pool, migrations)).toEqual(migrations.map((m) => m.name));
    expect(await applyMigrations(db.pool, migrations)).toEqual([]);

    const rows = await db.pool.query('SELECT * FROM "_prisma_migrations" ORDER BY started_at');
    expect(rows.rows).toHaveLength(migrations.length);
    for (const [i, row] of rows.rows.entries()) {
      const file = readFileSync(join(MIGRATIONS_DIR, migrations[i]?.name ?? '', 'migration.sql'));
      expect(row).toMatchObject({
        migration_name: migrations[i]?.name,
        checksum: createHash('sha256').update(file).digest('hex'),
        applied_steps_count: 1,
        rolled_back_at: null,
        logs: null,
      });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
    }
    expect(await migrationStatus(db.pool, migrations)).toEqual({ applied: migrations.map((m) => m.name), pending: [] });
  });

  it.skipIf(skip)('builds every model of schema.prisma: each table, and each column with its nullability', async () => {
    const dmmf = getDMMF({ datamodel: readFileSync(join(PACKAGE_ROOT, 'prisma/schema.prisma'), 'utf8') });
    if (!('datamodel' in dmmf)) throw dmmf.error;
    const { rows } = await db.pool.query<ColumnRow>(
      `SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const columns = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
    const expected = dmmf.datamodel.models.flatMap((model) =>
      model.fields
        .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
        .map((f) => ({ key: `${model.dbName ?? model.name}.${f.dbName ?? f.name}`, required: f.isRequired, list: f.isList })),
    );
    expect(expected.length).toBeGreaterThan(50);
    for (const { key, required, list } of expected) {
      const column = columns.get(key);
      expect(column, `column ${key}`).toBeDefined();
      // Prisma creates list columns as nullable arrays whatever the field says.
      if (list) expect(column?.data_type, key).toBe('ARRAY');
      else expect(column?.is_nullable, `nullability of ${key}`).toBe(required ? 'NO' : 'YES');
    }
  });

  it.skipIf(skip)('refuses a migration that was edited after it was applied, naming it', async () => {
    const dir = copyMigrations();
    const [first] = readMigrations(dir);
    appendFileSync(join(dir, first?.name ?? '', 'migration.sql'), '\n-- edited\n');

    await expect(migrationStatus(db.pool, readMigrations(dir))).rejects.toThrow(`Migration ${first?.name} was edited after it was applied`);
    await expect(applyMigrations(db.pool, readMigrations(dir))).rejects.toMatchObject({ code: 'VIGIL_DB_MIGRATION' });
  });

  it.skipIf(skip)('rolls back a migration that fails, leaving it pending and the others applied', async () => {
    const dir = copyMigrations();
    mkdirSync(join(dir, '29991231000000_broken'));
    writeFileSync(join(dir, '29991231000000_broken', 'migration.sql'), 'CREATE TABLE "half_done" (id INT);\nSELECT no_such_function();\n');

    await expect(applyMigrations(db.pool, readMigrations(dir))).rejects.toThrow(/Migration 29991231000000_broken failed and was rolled back: .*no_such_function/);

    const status = await migrationStatus(db.pool, readMigrations(dir));
    expect(status.pending).toEqual(['29991231000000_broken']);
    const table = await db.pool.query(`SELECT to_regclass('"half_done"') AS found`);
    expect(table.rows[0].found).toBeNull();
  });

  it.skipIf(skip || kind === 'embedded')('lets two processes start together: one applies, the other waits and finds nothing to do', async () => {
    const fresh = await createTestDatabase('postgres');
    const [a, b] = await Promise.all(
      [0, 1].map(() => openDatabase({ url: fresh.url, dataDir: fresh.dataDir, log: silentLogger() })),
    );
    try {
      const migrations = readMigrations(MIGRATIONS_DIR);
      const results = await Promise.all([applyMigrations((a as Database).pool, migrations), applyMigrations((b as Database).pool, migrations)]);
      expect(results.map((r) => r.length).sort()).toEqual([0, migrations.length]);
      const count = await (a as Database).pool.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(count.rows[0].n).toBe(migrations.length);
    } finally {
      await a?.close();
      await b?.close();
      await fresh.drop();
    }
  });
});

const copies: string[] = [];

function copyMigrations(): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-migrations-'));
  copies.push(root);
  const dir = join(root, 'migrations');
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

afterAll(() => {
  for (const root of copies) rmSync(root, { recursive: true, force: true });
});
