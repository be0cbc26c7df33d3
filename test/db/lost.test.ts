// Which errors mean the database is gone, in the shapes pg, @prisma/adapter-pg and Prisma give
// them (copied from errors seen against a stopped server and a terminated backend), and which
// are one query's problem that must not stop a cycle.
import { describe, expect, it } from 'vitest';
import { isDatabaseLost } from '../../src/db/index.js';
import { messageOf } from '../../src/errors.js';

const adapterError = (cause: object) => Object.assign(new Error('DriverAdapterError'), { cause });
const prismaError = (code: string, driverCause: object) => Object.assign(new Error(`prisma ${code}`), { code, meta: { driverAdapterError: adapterError(driverCause) } });

describe('isDatabaseLost', () => {
  it.each([
    ['Prisma cannot reach the server (P1001)', prismaError('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 })],
    ['a raw query on a backend the server terminated (57P01)', prismaError('P2010', { kind: 'postgres', code: '57P01', message: 'terminating connection due to administrator command' })],
    ['a server still starting (57P03)', prismaError('P2010', { kind: 'postgres', code: '57P03', message: 'the database system is starting up' })],
    ['a connection reset', prismaError('P2010', { kind: 'ConnectionClosed' })],
    ['pg: connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['pg: refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' })],
    ['an embedded database whose socket is gone', Object.assign(new Error('connect ENOENT /data/pglite-socket/.s.PGSQL.5432'), { code: 'ENOENT', syscall: 'connect' })],
    ['wrapped as the cause of another error', new Error('item not stored', { cause: new Error('Connection terminated') })],
  ])('says so for %s', (_name, error) => {
    expect(isDatabaseLost(error)).toBe(true);
  });

  it.each([
    ['a unique constraint (P2002)', prismaError('P2002', { kind: 'UniqueConstraintViolation' })],
    ['a syntax error', prismaError('P2010', { kind: 'postgres', code: '42601', message: 'syntax error' })],
    ['a file that is not there', Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', syscall: 'open' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'oops'],
  ])('does not for %s', (_name, error) => {
    expect(isDatabaseLost(error)).toBe(false);
  });
});

describe('messageOf', () => {
  it('puts a Prisma error on one line, naming the call after the message', () => {
    const error = new Error('\nInvalid `prisma.item.findMany()` invocation:\n\n\nServer has closed the connection.');
    expect(messageOf(error)).toBe('Server has closed the connection. (in prisma.item.findMany())');
  });

  it('joins the lines of any other message and leaves a one-line one as it is', () => {
    expect(messageOf(new Error('first line\n  second line\n'))).toBe('first line second line');
    expect(messageOf('connect ECONNREFUSED 127.0.0.1:5432')).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });
});
