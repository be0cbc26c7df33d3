// Vigil ships migrations in Prisma's folder format and applies them itself; these tests keep
// that honest. (1) The shared tool that generated them confirms they build schema.prisma
// exactly. (2) On PostgreSQL, the real `prisma migrate deploy` (Prisma 6.19's WebAssembly
// engine, installed by that tool) and Vigil's migrator each accept the other's work.
// Both need ../shared/tools (present on the team's machines and in CI); elsewhere they skip.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, cpSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, migrationStatus, openDatabase, readMigrations } from '../../src/db/index.js';
import { silentLogger } from '../../src/log.js';
import { MIGRATIONS_DIR, PACKAGE_ROOT } from '../../src/paths.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const run = promisify(execFile);
const TOOL = process.env.PRISMA_MIGRATION_SQL ?? resolve(PACKAGE_ROOT, '../shared/tools/prisma-migration-sql');
const PRISMA_CACHE = join(process.env.PRISMA_SQL_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vigil-prisma-migration-sql'), '6.19.3');
const hasTool = existsSync(TOOL);
const toolRunsHere = hasTool && Boolean(process.env.DATABASE_URL ?? process.env.PRISMA_SQL_ADMIN_URL ?? existsSync('/etc/postgresql'));

describe('migrations and schema.prisma', () => {
  it.skipIf(!toolRunsHere)('the migrations build exactly the schema (prisma-migration-sql check)', async () => {
    const { stderr } = await run(TOOL, ['check'], { cwd: PACKAGE_ROOT, timeout: 180_000 });
    expect(stderr).toContain('migrations match schema.prisma');
  });
});

describe('Vigil and `prisma migrate deploy` on PostgreSQL', () => {
  const skip = !process.env.DATABASE_URL || !existsSync(join(PRISMA_CACHE, 'node_modules/.bin/prisma'));
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function freshDatabase(): Promise<TestDatabase> {
    const db = await createTestDatabase('postgres');
    cleanups.push(() => db.drop());
    return db;
  }

  it.skipIf(skip)('prisma finds nothing to apply after Vigil migrated', async () => {
    const db = await freshDatabase();
    const vigil = await openDatabase({ url: db.url, dataDir: db.dataDir, log: silentLogger() });
    await applyMigrations(vigil.pool, readMigrations(MIGRATIONS_DIR));
    await vigil.close();

    const output = await prismaDeploy(db.url as string);
    expect(output).toContain('No pending migrations to apply');
  });

  it.skipIf(skip)('Vigil finds nothing to apply after prisma migrated', async () => {
    const db = await freshDatabase();
    const output = await prismaDeploy(db.url as string);
    expect(output).toContain('All migrations have been successfully applied');

    const vigil = await openDatabase({ url: db.url, dataDir: db.dataDir, log: silentLogger() });
    try {
      const migrations = readMigrations(MIGRATIONS_DIR);
      expect(await migrationStatus(vigil.pool, migrations)).toEqual({ applied: migrations.map((m) => m.name), pending: [] });
      expect(await applyMigrations(vigil.pool, migrations)).toEqual([]);
    } finally {
      await vigil.close();
    }
  });

  // A project folder for Prisma 6.19 (its schema wants the URL inline; its WASM engine
  // reaches Postgres through @prisma/adapter-pg), as the shared tool sets one up.
  async function prismaDeploy(url: string): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-prisma-deploy-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    symlinkSync(join(PRISMA_CACHE, 'node_modules'), join(dir, 'node_modules'));
    cpSync(MIGRATIONS_DIR, join(dir, 'migrations'), { recursive: true });
    const schema = readFileSync(join(PACKAGE_ROOT, 'prisma/schema.prisma'), 'utf8')
      .replace(/^generator\s+\w+\s*\{[^}]*\}/m, '')
      .replace(/provider = "postgresql"/, 'provider = "postgresql"\n  url = env("DATABASE_URL")');
    writeFileSync(join(dir, 'schema.prisma'), schema);
    writeFileSync(
      join(dir, 'prisma.config.ts'),
      `import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
// The adapter cannot read the "name" and "char" columns introspection returns: read them as text.
const asText = (r: any) => { for (const f of r?.fields ?? []) if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25; return r; };
class Client extends pg.Client {
  query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") { const cb = args[last]; args[last] = (e: any, r: any) => cb(e, asText(r)); return (super.query as any)(...args); }
    const p = (super.query as any)(...args);
    return p && typeof p.then === "function" ? p.then(asText) : p;
  }
}
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  adapter: async () => new PrismaPg(new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1, allowExitOnIdle: true, idleTimeoutMillis: 50, Client: Client as any })),
});
`,
    );
    const { stdout, stderr } = await run(join(dir, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
      cwd: dir,
      timeout: 120_000,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', PRISMA_QUERY_ENGINE_LIBRARY: join(dir, 'schema.prisma') },
    });
    return `${stdout}\n${stderr}`;
  }
});
