// Adding a feed from the admin: checked as the config file would be (each problem naming its
// field), written into the feed list with the file's other lines kept, then synced, so the
// catalog has it for the next cycle; a URL or name already listed is refused.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_HEADERS as FORM, loginAdmin, startAdminStack, type AdminStack } from './admin-stack.js';

describe('adding a feed from the admin', () => {
  let stack: AdminStack;
  let cookie = '';
  let csrf = '';

  const add = (fields: Record<string, string>) =>
    stack.vigil.web.inject({ method: 'POST', url: '/admin/feeds/add', headers: { ...FORM, cookie }, payload: new URLSearchParams({ ...fields, _csrf: csrf }).toString() });

  beforeAll(async () => {
    stack = await startAdminStack([{ name: 'HRW — Mali', path: '/hrw.atom', publisher: 'Human Rights Watch' }]);
    const admin = await loginAdmin(stack, '/admin/feeds');
    expect(admin.page).toContain('Add a feed');
    ({ cookie, csrf } = admin);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses a form with problems, naming each field, and writes nothing', async () => {
    const before = readFileSync(stack.configFile, 'utf8');
    const bad = await add({ name: 'Radio', url: 'ftp://radio.example/feed', publisher: '', language: 'french' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('url: must be an http(s) URL');
    expect(bad.body).toMatch(/publisher: /);
    expect(bad.body).toContain('language: must be a two-letter language code');
    expect(readFileSync(stack.configFile, 'utf8')).toBe(before);
  });

  it('writes a good one into the feed list and syncs it into the catalog', async () => {
    const url = stack.feeds.url('/radio.xml');
    const added = await add({ name: 'Studio Tamani', url, publisher: 'Fondation Hirondelle', language: 'fr' });
    expect(added.statusCode).toBe(303);
    expect(readFileSync(stack.configFile, 'utf8')).toContain(url);
    const feed = await stack.vigil.app.db.prisma.feed.findFirst({ where: { url }, select: { name: true, enabled: true } });
    expect(feed).toEqual({ name: 'Studio Tamani', enabled: true });
    const listed = await stack.vigil.web.inject({ method: 'GET', url: '/admin/feeds', headers: { cookie } });
    expect(listed.body).toContain('Studio Tamani');
  });

  it('refuses a URL or a name already listed', async () => {
    const again = await add({ name: 'Another name', url: stack.feeds.url('/radio.xml'), publisher: 'X' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('url: the feed');
    const sameName = await add({ name: 'HRW — Mali', url: stack.feeds.url('/other.xml'), publisher: 'X' });
    expect(sameName.statusCode).toBe(400);
    expect(sameName.body).toContain('name: the feed');
  });
});
