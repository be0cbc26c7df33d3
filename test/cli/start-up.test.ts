// `vigil run` failing to start: whatever step fails, what was opened is closed again (the
// embedded database's lock is released), one line says the cause and what to do, and the
// process exits with the documented code instead of hanging.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, vigil } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('vigil run when it cannot start', () => {
  let db: TestDatabase;
  let squatter: Server;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase('embedded');
    squatter = createServer();
    port = await new Promise<number>((done) => squatter.listen(0, '127.0.0.1', () => done((squatter.address() as { port: number }).port)));
  });
  afterAll(async () => {
    await new Promise((done) => squatter.close(done));
    await db.drop();
  });

  it('with its port taken: says so and what to set, before opening the database, and exits 1 within seconds', async () => {
    const config = writeTestConfig({ dir: db.dataDir, feeds: [], port });
    const run = startVigil(['--config', config, 'run']);
    const timeout = setTimeout(() => run.child.kill('SIGKILL'), 5_000);
    const code = await run.exited;
    clearTimeout(timeout);

    expect(code).toBe(1);
    expect(run.otherStderr.filter((l) => l !== '')).toEqual([
      `vigil: Port ${port} on 127.0.0.1 is in use by another program: set PORT or web.port to a free port, or stop the other program.`,
    ]);
    // It said so before opening anything: no lock, no socket left behind.
    expect(existsSync(join(db.dataDir, 'pglite.lock'))).toBe(false);
    expect(existsSync(join(db.dataDir, 'pglite-socket'))).toBe(false);
  });

  it('with its database unreachable: one line naming it, exit 1', async () => {
    const config = writeTestConfig({ dir: db.dataDir, feeds: [], port: 0 });
    const { code, stderr } = await vigil(['--config', config, 'run'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/vigil', LOG_LEVEL: 'warn' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^vigil: Cannot connect to the PostgreSQL database 127\.0\.0\.1:1\/vigil/)]);
  });
});
