// The Node.js versions Vigil supports (package.json's `engines`: 20.19+, 22.13+ and 24) are
// accepted by every package it installs, so that `npm install` warns of no engine on any of them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run.js';

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };
const supported = manifest.engines.node;

describe('supported Node.js versions', () => {
  it.each(['20.19.0', '22.13.0', '24.0.0'])('engines accepts Node %s', (version) => {
    expect(semver.satisfies(version, supported)).toBe(true);
  });

  // 22.12 and older 22s: ESLint 10 needs ^22.13.0; @prisma/client ^22.12.
  it.each(['20.18.3', '22.12.0', '23.11.0'])('engines refuses Node %s, which some dependency refuses', (version) => {
    expect(semver.satisfies(version, supported)).toBe(false);
  });

  it('every package in package-lock.json accepts every version that engines accepts', () => {
    const excluding = Object.entries(lock.packages)
      .map(([path, pkg]) => ({ path, version: pkg.version, node: Array.isArray(pkg.engines) ? undefined : pkg.engines?.node }))
      .filter(({ path, node }) => path !== '' && node !== undefined && !semver.subset(supported, node))
      .map(({ path, version, node }) => `${path.replace(/^.*node_modules\//, '')}@${version}: node ${node}`);
    expect(excluding).toEqual([]);
  });

  it('README and the Dockerfile say the same', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`\`${supported}\``);
    const nodeImage = /^ARG NODE_VERSION=(\d+)$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))?.[1];
    expect(semver.satisfies(`${nodeImage}.0.0`, supported)).toBe(true);
  });
});

describe('fastify inject, on the light-my-request that package.json holds below 6.8 for Node 20', () => {
  it('sends request cookies and reads response cookies', async () => {
    const app = Fastify();
    app.get('/echo', async (request, reply) => {
      void reply.header('set-cookie', 'seen=1; Path=/; HttpOnly');
      return { cookie: request.headers.cookie };
    });
    const response = await app.inject({ method: 'GET', url: '/echo', cookies: { lang: 'fr' } });
    expect(response.json()).toEqual({ cookie: 'lang=fr' });
    expect(response.cookies).toEqual([{ name: 'seen', value: '1', path: '/', httpOnly: true }]);
    await app.close();
  });
});
