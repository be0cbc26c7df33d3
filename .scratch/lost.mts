import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '/work/main/src/db/generated/client.js';
const pool = new pg.Pool({ connectionString: 'postgresql://postgres@127.0.0.1:5999/test', max: 1, connectionTimeoutMillis: 2000 });
const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
try { await prisma.feed.findMany(); } catch (e) { const x = e as any; console.log('A', x.constructor.name, x.code, x.message.slice(0,200), Object.keys(x), x.cause, x.meta); }
try { await prisma.$transaction(async (tx) => tx.feed.findMany()); } catch (e) { const x = e as any; console.log('B', x.constructor.name, x.code, x.message.slice(0,200), x.cause, x.meta); }
// terminated backend
const pool2 = new pg.Pool({ connectionString: 'postgresql://postgres@127.0.0.1:5432/test', max: 1 });
pool2.on('error', () => {});
const p2 = new PrismaClient({ adapter: new PrismaPg(pool2) });
await p2.$queryRaw`SELECT 1`;
const admin = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' }); await admin.connect();
try { await Promise.all([p2.$queryRaw`SELECT pg_sleep(2)`, new Promise(r => setTimeout(r, 300)).then(() => admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname='test' AND pid <> pg_backend_pid()"))]); } catch (e) { const x = e as any; console.log('C', x.constructor.name, x.code, x.message.slice(0,300), x.cause, x.meta); }
await admin.end();
process.exit(0);
