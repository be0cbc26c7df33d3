// Removing a whole place or actor from the admin: the entry (with the comment above it) leaves the
// YAML file, every other line kept, the catalog retires it, and a place other entries still name as
// enclosing them is refused with the problem, writing nothing.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_HEADERS as FORM, loginAdmin, startAdminStack, type AdminStack } from './admin-stack.js';

describe('removing a place or an actor from the admin', () => {
  let stack: AdminStack;
  let cookie = '';
  let csrf = '';

  const remove = (entity: string, name: string) =>
    stack.vigil.web.inject({ method: 'POST', url: '/admin/watchlists/central-mali/edit', headers: { ...FORM, cookie }, payload: new URLSearchParams({ action: 'remove-entry', entity, name, _csrf: csrf }).toString() });

  beforeAll(async () => {
    stack = await startAdminStack([]);
    const admin = await loginAdmin(stack, '/admin/watchlists');
    expect(admin.page).toContain('remove place');
    ({ cookie, csrf } = admin);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('removes a village and an actor from the file, keeping its comments, and retires them in the catalog', async () => {
    const before = readFileSync(stack.watchlistFile, 'utf8');
    expect((await remove('place', 'Ogota')).statusCode).toBe(303);
    expect((await remove('actor', 'Dozo militias')).statusCode).toBe(303);
    const after = readFileSync(stack.watchlistFile, 'utf8');
    expect(after).not.toMatch(/- name: Ogota\n/);
    expect(after).not.toMatch(/- name: Dozo militias\n/);
    // The comments written above a removed entry go with it; every other one stays.
    const comments = (text: string) => text.split('\n').filter((l) => l.trim().startsWith('#'));
    expect(comments(before)).toEqual(expect.arrayContaining(comments(after)));
    expect(comments(before).length - comments(after).length).toBeLessThanOrEqual(10);
    expect(comments(after).length).toBeGreaterThan(100);
    const db = stack.vigil.app.db.prisma;
    expect(await db.place.findFirst({ where: { name: 'Ogota' }, select: { retiredAt: true } })).toMatchObject({ retiredAt: expect.any(Date) });
    expect(await db.actor.findFirst({ where: { name: 'Dozo militias' }, select: { retiredAt: true } })).toMatchObject({ retiredAt: expect.any(Date) });
  });

  it('refuses to remove a cercle its villages are within, naming the problem, and writes nothing', async () => {
    const before = readFileSync(stack.watchlistFile, 'utf8');
    const refused = await remove('place', 'Bankass cercle');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/within/);
    expect(readFileSync(stack.watchlistFile, 'utf8')).toBe(before);
    expect((await remove('place', 'Atlantis')).body).toContain('No place named &quot;Atlantis&quot;');
  });
});
