// prisma/schema-engine-stub stands in for Prisma's native schema engine (see the comment in it):
// generating the client never runs it, and any engine command fails with its message.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, run, scratchCopy } from './run.js';

const STUB = join(ROOT, 'prisma/schema-engine-stub');
const PRISMA = join(ROOT, 'node_modules/.bin/prisma');
// A copy of the schema whose generator writes into the scratch folder, not into src/db/generated.
const project = scratchCopy(['prisma/schema.prisma']);
afterAll(() => rmSync(project, { recursive: true, force: true }));
const withStub = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: STUB };

describe('the Prisma schema engine stub', () => {
  it('exits 1 and says that Vigil applies its own migrations', async () => {
    const { code, stderr } = await run(STUB, ['--version'], { cwd: ROOT });
    expect(code).toBe(1);
    expect(stderr).toContain('Vigil applies its own migrations: run `vigil migrate`.');
  });

  it('answers a JSON-RPC request with that message as the error, then exits 1 when stdin closes', async () => {
    const request = JSON.stringify({ id: 7, jsonrpc: '2.0', method: 'diff', params: {} });
    const { code, stdout } = await run(STUB, ['--datamodels', 'prisma/schema.prisma'], { cwd: ROOT, input: request + '\n' });
    expect(code).toBe(1);
    const response = JSON.parse(stdout);
    expect(response.id).toBe(7);
    expect(response.error.data.message).toContain('run `vigil migrate`');
  });

  it('is where `npm run generate` and the Docker image point PRISMA_SCHEMA_ENGINE_BINARY', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.generate).toBe('PRISMA_SCHEMA_ENGINE_BINARY=${PRISMA_SCHEMA_ENGINE_BINARY:-prisma/schema-engine-stub} prisma generate');
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^ENV PRISMA_SCHEMA_ENGINE_BINARY=\/app\/prisma\/schema-engine-stub$/m);
  });

  it('lets `prisma generate` generate the client offline', async () => {
    const { code, stdout, stderr } = await run(PRISMA, ['generate', '--schema', 'prisma/schema.prisma'], { cwd: project, env: withStub });
    expect(stderr).not.toContain('Vigil applies its own migrations');
    expect(code).toBe(0);
    expect(stdout).toContain('Generated Prisma Client');
  });

  it('makes a Prisma engine command fail with its message, not exit 0 without output', async () => {
    const args = ['migrate', 'diff', '--from-empty', '--to-schema', 'prisma/schema.prisma', '--script'];
    const { code, stdout, stderr } = await run(PRISMA, args, { cwd: project, env: withStub });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Vigil applies its own migrations: run `vigil migrate`.');
  });
});
