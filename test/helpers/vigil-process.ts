// Another Vigil process for the embedded-database tests, run with `node --import tsx`: opens
// the database under the data dir given as argument as every Vigil command does (owning it, or
// joining the process that owns it), prints {"pid", "location"} as one JSON line, then runs
// each line of stdin as SQL and prints {"rows"} or {"error"}. Closes cleanly when stdin ends.
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src/db/index.js';
import { createLogger } from '../../src/log.js';
import { messageOf } from '../../src/errors.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: vigil-process.ts DATA_DIR');
const db = await openDatabase({ url: null, dataDir, log: createLogger({ level: 'info', pretty: false }) });
process.stdout.write(`${JSON.stringify({ pid: process.pid, location: db.location })}\n`);
for await (const sql of createInterface({ input: process.stdin })) {
  const answer = await db.pool.query(sql).then(
    ({ rows }) => ({ rows }),
    (error: unknown) => ({ error: messageOf(error) }),
  );
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
await db.close();
