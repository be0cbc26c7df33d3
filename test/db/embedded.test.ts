// The embedded database as operators meet it: served on a Unix socket only this user may
// reach, shared with other Vigil processes through its lock file, taken over with a warning
// when the lock was left by an unclean stop (also when the lock names this very process, as
// after `docker kill` where node is PID 1 again), never opened twice, and never exhausted by
// idle connections.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.js';
import { openEmbedded } from '../../src/db/embedded.js';
import type { Logger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const VIGIL_PROCESS = resolve(import.meta.dirname, '../helpers/vigil-process.ts');
const STALE_WARNING = 'embedded database lock is stale; taking it over';

type LogLine = Record<string, unknown> & { msg: string };

/** A logger whose JSON lines land in `lines`. */
function captureLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { log, lines };
}

interface VigilProcess {
  pid: number;
  location: string;
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Ends it cleanly (as Ctrl-C would). */
  stop(): Promise<void>;
  /** SIGKILL: no cleanup at all, as `docker kill` or the OOM killer. */
  kill(): Promise<void>;
}

/** Starts another Vigil process on dataDir and waits until its database is open. */
async function startVigilProcess(dataDir: string): Promise<VigilProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', VIGIL_PROCESS, dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the Vigil process ended: ${stderr}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const ready = await next();
  return {
    pid: ready.pid as number,
    location: ready.location as string,
    query: async (sql) => {
      child.stdin.write(`${sql}\n`);
      const answer = await next();
      if (typeof answer.error === 'string') throw new Error(answer.error);
      return answer.rows as Record<string, unknown>[];
    },
    stop: async () => {
      child.stdin.end();
      await exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A process that is alive and has nothing to do with Vigil (a reused pid). */
function startSleeper(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

function lockFileOf(dataDir: string): string {
  return join(realpathSync(dataDir), 'pglite.lock');
}

function readLockFile(dataDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')) as Record<string, unknown>;
}

/** Writes a lock as a Vigil process that is gone (or never was) would have left it. */
function writeLockFile(dataDir: string, lock: Record<string, unknown>): void {
  writeFileSync(lockFileOf(dataDir), JSON.stringify({ nonce: 'left-behind', state: 'serving', idleTimeoutMs: 60_000, startedAt: new Date().toISOString(), ...lock }));
}

/** TCP ports this process listens on (Linux: its socket fds matched against /proc/net/tcp*). */
function tcpListeningPorts(): number[] {
  const inodes = new Set(
    readdirSync('/proc/self/fd').map((fd) => {
      try {
        return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
      } catch {
        return undefined;
      }
    }),
  );
  return ['/proc/net/tcp', '/proc/net/tcp6']
    .filter((file) => existsSync(file))
    .flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '0A' && inodes.has(fields[9])) // 0A: LISTEN
    .map((fields) => parseInt(fields[1]?.split(':')[1] ?? '', 16));
}

const databases: TestDatabase[] = [];
const opened: Database[] = [];
const children: ChildProcess[] = [];

async function freshDataDir(): Promise<string> {
  const db = await createTestDatabase('embedded');
  databases.push(db);
  return db.dataDir;
}

async function open(dataDir: string, log: Logger = captureLog().log): Promise<Database> {
  const db = await openDatabase({ url: null, dataDir, log });
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

afterAll(async () => {
  for (const db of databases) await db.drop();
});

describe('the embedded database socket', () => {
  it('is a Unix socket in a 0700 folder of the data dir, with a 0600 lock file and no TCP port; closing removes both', async () => {
    const dataDir = await freshDataDir();
    const root = realpathSync(dataDir);
    const before = tcpListeningPorts();

    const db = await open(dataDir);
    expect((await db.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);

    const socketDir = join(root, 'pglite-socket');
    expect(readLockFile(dataDir)).toMatchObject({ pid: process.pid, state: 'serving', socketDir });
    expect(statSync(socketDir).mode & 0o777).toBe(0o700);
    expect(statSync(lockFileOf(dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(join(socketDir, '.s.PGSQL.5432')).isSocket()).toBe(true);
    if (process.platform === 'linux') expect(tcpListeningPorts()).toEqual(before);

    await opened.pop()?.close();
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
    expect(existsSync(join(socketDir, '.s.PGSQL.5432'))).toBe(false);
  });

  it.skipIf(process.getuid?.() !== 0)('cannot be reached by another local user, even through a data dir others may enter', async () => {
    const dataDir = await freshDataDir();
    chmodSync(dataDir, 0o755);
    await open(dataDir);
    const socket = join(realpathSync(dataDir), 'pglite-socket', '.s.PGSQL.5432');
    chmodSync(socket, 0o777); // as a permissive umask (000) would leave it: the folder alone must keep others out
    const script = `require('node:net').connect(process.argv[1]).on('connect', () => console.log('connected')).on('error', (e) => console.log(e.code)).on('connect', () => process.exit(0))`;
    const outcome = await new Promise<string>((done, fail) => {
      const child = spawn(process.execPath, ['-e', script, socket], { uid: 65534, gid: 65534, cwd: '/' });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', fail);
      child.on('close', () => done(out.trim()));
    });
    expect(outcome).toBe('EACCES');
  });

  it('moves to a private folder in the temp dir when the data dir is too deep for a socket path', async () => {
    const shallow = await freshDataDir();
    const dataDir = join(shallow, 'a-data-dir-whose-path-is-longer-than-a-unix-socket-path-may-be', 'really-it-is');
    mkdirSync(dataDir, { recursive: true });
    renameSync(join(shallow, 'pglite'), join(dataDir, 'pglite'));

    const db = await open(dataDir);
    expect((await db.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);

    const socketDir = readLockFile(dataDir).socketDir as string;
    expect(socketDir.startsWith(join(tmpdir(), 'vigil-pglite-'))).toBe(true);
    expect(statSync(socketDir).mode & 0o777).toBe(0o700);
    await opened.pop()?.close();
    expect(existsSync(socketDir)).toBe(false);
  });

  it('refuses a socket folder that is not a folder of its own, and releases the lock', async () => {
    const dataDir = await freshDataDir();
    symlinkSync(tmpdir(), join(dataDir, 'pglite-socket'));
    await expect(open(dataDir)).rejects.toThrow(/socket folder .*pglite-socket is not a folder of this user/);
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  });
});

describe('a lock left by an unclean stop', () => {
  it('naming this very process (node is PID 1 again after docker kill) is taken over with a warning naming the lock file', async () => {
    const dataDir = await freshDataDir();
    const killed = await startVigilProcess(dataDir);
    await killed.query('CREATE TABLE kept (note text); INSERT INTO kept VALUES (\'before the kill\')');
    await killed.kill();
    // The lock and socket file of the killed process are left; in the container its pid was ours.
    writeLockFile(dataDir, { ...readLockFile(dataDir), pid: process.pid });

    const { log, lines } = captureLog();
    const db = await open(dataDir, log);

    expect((await db.pool.query('SELECT note FROM kept')).rows).toEqual([{ note: 'before the kill' }]);
    const warning = lines.find((l) => l.msg === STALE_WARNING);
    expect(warning).toMatchObject({ level: 40, lockFile: lockFileOf(dataDir), lockPid: process.pid, because: 'own-pid' });
    expect(warning?.detail).toContain('names this very process');
    expect(readLockFile(dataDir)).toMatchObject({ pid: process.pid, state: 'serving' });
    expect(readLockFile(dataDir).nonce).not.toBe('left-behind');
  });

  it('naming a live process whose socket does not answer is taken over with a warning', async () => {
    const dataDir = await freshDataDir();
    const sleeper = startSleeper();
    children.push(sleeper);
    writeLockFile(dataDir, { pid: sleeper.pid, socketDir: join(realpathSync(dataDir), 'pglite-socket') });

    const { log, lines } = captureLog();
    const db = await open(dataDir, log);

    expect((await db.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect(lines.find((l) => l.msg === STALE_WARNING)).toMatchObject({ lockFile: lockFileOf(dataDir), lockPid: sleeper.pid, because: 'socket-silent' });
    expect(db.location).not.toContain('served by');
  });

  it('naming a process that is gone is taken over with a warning', async () => {
    const dataDir = await freshDataDir();
    const gone = startSleeper();
    await new Promise((done) => gone.on('exit', done).kill('SIGKILL'));
    writeLockFile(dataDir, { pid: gone.pid, state: 'starting', socketDir: null });

    const { log, lines } = captureLog();
    await open(dataDir, log);

    expect(lines.find((l) => l.msg === STALE_WARNING)).toMatchObject({ lockFile: lockFileOf(dataDir), because: 'dead-pid' });
  });

  it('found by two processes starting at once is taken over by one, which the other joins', async () => {
    const dataDir = await freshDataDir();
    writeLockFile(dataDir, { pid: 0x7ffffffe, socketDir: join(realpathSync(dataDir), 'pglite-socket') });

    const both = await Promise.all([startVigilProcess(dataDir), startVigilProcess(dataDir)]);
    try {
      const [owner, joiner] = both[0].location.includes('served by') ? [both[1], both[0]] : [both[0], both[1]];
      expect(owner.location).not.toContain('served by');
      expect(joiner.location).toContain(`served by Vigil process ${owner.pid}`);
      await joiner.query('CREATE TABLE shared (id int); INSERT INTO shared VALUES (1)');
      expect(await owner.query('SELECT id FROM shared')).toEqual([{ id: 1 }]);
    } finally {
      await Promise.all(both.map((p) => p.stop()));
    }
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  });

  it('whose nonce another server answers (it is not the process the lock names) is taken over with a warning', async () => {
    const [dataDir, otherDir] = [await freshDataDir(), await freshDataDir()];
    const other = await open(otherDir);
    const sleeper = startSleeper();
    children.push(sleeper);
    // The lock points at a socket that answers, but for another data dir and another nonce.
    writeLockFile(dataDir, { pid: sleeper.pid, nonce: 'not-the-one-served', socketDir: readLockFile(otherDir).socketDir });

    const { log, lines } = captureLog();
    const db = await open(dataDir, log);

    expect(lines.find((l) => l.msg === STALE_WARNING)).toMatchObject({ lockFile: lockFileOf(dataDir), because: 'other-server' });
    await db.pool.query('CREATE TABLE only_here (id int)');
    expect((await other.pool.query(`SELECT to_regclass('only_here') AS found`)).rows).toEqual([{ found: null }]);
    expect(readLockFile(dataDir)).toMatchObject({ pid: process.pid, socketDir: join(realpathSync(dataDir), 'pglite-socket') });
  });
});

describe('a data dir that another Vigil process has open', () => {
  let dataDir: string;
  let owner: VigilProcess;

  beforeAll(async () => {
    dataDir = await freshDataDir();
    owner = await startVigilProcess(dataDir);
    await owner.query('CREATE TABLE notes (author text)');
  });

  afterAll(async () => {
    await owner?.stop();
  });

  it('is joined, not taken over: what one process writes the other reads', async () => {
    const { log, lines } = captureLog();
    const db = await open(dataDir, log);

    expect(db.location).toContain(`served by Vigil process ${owner.pid}`);
    await owner.query(`INSERT INTO notes VALUES ('owner')`);
    await db.pool.query(`INSERT INTO notes VALUES ('joiner')`);
    expect((await db.pool.query('SELECT author FROM notes ORDER BY author')).rows).toEqual([{ author: 'joiner' }, { author: 'owner' }]);
    expect(await owner.query('SELECT author FROM notes ORDER BY author')).toEqual([{ author: 'joiner' }, { author: 'owner' }]);
    expect(lines.filter((l) => l.level === 40)).toEqual([]);
    expect(readLockFile(dataDir)).toMatchObject({ pid: owner.pid, state: 'serving', socketDir: join(realpathSync(dataDir), 'pglite-socket') });
  });

  it('is joined, never opened twice, when its lock was overwritten with a wrong nonce; the lock is given back to it', async () => {
    const lock = readLockFile(dataDir);
    writeLockFile(dataDir, { ...lock, nonce: 'overwritten' });

    const { log, lines } = captureLog();
    const db = await open(dataDir, log);

    expect(lines.find((l) => l.msg === STALE_WARNING)).toMatchObject({ lockFile: lockFileOf(dataDir), because: 'other-server' });
    expect(db.location).toContain(`served by Vigil process ${owner.pid}`);
    await owner.query(`INSERT INTO notes VALUES ('after the overwrite')`);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM notes WHERE author = 'after the overwrite'`)).rows).toEqual([{ n: 1 }]);
    expect(readLockFile(dataDir)).toMatchObject({ pid: owner.pid, nonce: lock.nonce, state: 'serving', socketDir: lock.socketDir });
  });
});

describe('connections', () => {
  it('more idle clients than the old limit of 8 do not stop a Vigil command from joining, and the server closes them when idle', async () => {
    const dataDir = await freshDataDir();
    const { log, lines } = captureLog();
    const owner = await openEmbedded({ dataDir, log, idleTimeoutMs: 1_500 });
    try {
      const idle = Array.from({ length: 12 }, () => new pg.Client({ connectionString: owner.url }));
      const ended = idle.map((client) => new Promise<void>((done) => client.on('end', done).on('error', () => undefined)));
      for (const client of idle) {
        await client.connect();
        await client.query('SELECT 1');
      }

      const db = await open(dataDir, log);
      expect((await db.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);

      await Promise.all(ended); // closed by the server's idle timeout
      await new Promise((done) => setTimeout(done, 500));
      // Vigil's own pool let go of its connection first: no "connection lost" warning.
      expect(lines.filter((l) => l.level === 40)).toEqual([]);
      expect((await db.pool.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    } finally {
      for (const db of opened.splice(0)) await db.close();
      await owner.close();
    }
  });

  it('a query waiting longer than the connect timeout for the one connection, busy with a long transaction, waits its turn: no lost database', { timeout: 30_000 }, async () => {
    const db = await open(await freshDataDir());
    const busy = await db.pool.connect();
    await busy.query('BEGIN');
    const waiting = db.pool.query('SELECT 1 AS one');
    // Longer than the 10 s a connection may take to open, which once also bounded this wait.
    await new Promise((done) => setTimeout(done, 11_000));
    await busy.query('COMMIT');
    busy.release();
    expect((await waiting).rows).toEqual([{ one: 1 }]);
  });

  it('a lost connection is logged with the error message and code only, never the pg client and its secret key', async () => {
    const dataDir = await freshDataDir();
    const { log, lines } = captureLog();
    const owner = await openEmbedded({ dataDir, log });
    const db = await open(dataDir, log);
    await db.pool.query('SELECT 1');

    await owner.close(); // the owner stops: the pool's idle connection is dropped
    await expect.poll(() => lines.find((l) => l.msg === 'database connection lost; it will be replaced')).toBeDefined();

    const line = lines.find((l) => l.msg === 'database connection lost; it will be replaced') ?? { msg: '' };
    expect(Object.keys(line).sort()).toEqual(['database', 'error', 'hostname', 'level', 'msg', 'pid', 'time']);
    expect(line.error).toBe('Connection terminated unexpectedly');
    expect(JSON.stringify(line).length).toBeLessThan(400);
  });
});
