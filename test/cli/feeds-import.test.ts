// `vigil feeds import`: a feed reader's OPML export added to the config's feed list as an
// operator would write it, the file's comments kept, the feeds already there left alone; the
// result is a config that validates. Needs no database.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import { REPO_CONFIG_DIR } from '../helpers/config.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-opml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = join(dir, 'vigil.yaml');
const feedsFile = join(dir, 'feeds.yaml');
writeFileSync(config, `watchlists: ["${join(REPO_CONFIG_DIR, 'watchlists', '*.yaml')}"]\nfeeds: feeds.yaml\ndataDir: ${JSON.stringify(dir)}\n`);
writeFileSync(feedsFile, '# Our feeds, checked by hand.\n- name: HRW — Mali\n  url: https://www.hrw.org/rss/mali\n  publisher: Human Rights Watch   # the one we trust most\n');
const opml = join(dir, 'reader.opml');
writeFileSync(
  opml,
  `<opml version="2.0"><body><outline text="Sahel">
  <outline text="HRW — Mali (reader copy)" xmlUrl="https://www.hrw.org/rss/mali"/>
  <outline text="Studio Tamani" xmlUrl="https://www.studiotamani.org/feed" language="fr"/>
</outline></body></opml>`,
);

describe('vigil feeds import', () => {
  it('adds the new feeds to the file holding the list, keeps its comments, and reports the one already there', async () => {
    const { code, stdout } = await vigil(['--config', config, 'feeds', 'import', opml, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      file: feedsFile,
      added: [{ name: 'Studio Tamani', url: 'https://www.studiotamani.org/feed', language: 'fr' }],
      alreadyThere: [{ url: 'https://www.hrw.org/rss/mali' }],
      skipped: [],
    });
    const text = readFileSync(feedsFile, 'utf8');
    expect(text).toContain('# Our feeds, checked by hand.');
    expect(text).toContain('# the one we trust most');
    expect(text).toMatch(/- name: Studio Tamani\n {2}url: https:\/\/www\.studiotamani\.org\/feed\n {2}publisher: Studio Tamani\n {2}language: fr\n/);
    expect((await vigil(['--config', config, 'config', 'check'])).code).toBe(0);
  });

  it('adds nothing the second time', async () => {
    const before = readFileSync(feedsFile, 'utf8');
    const { code, stdout } = await vigil(['--config', config, 'feeds', 'import', opml]);
    expect(code).toBe(0);
    expect(stdout).toContain(`No new feeds for ${feedsFile}.`);
    expect(readFileSync(feedsFile, 'utf8')).toBe(before);
  });

  it('says which file is not OPML, exit code 2', async () => {
    const { code, stderr } = await vigil(['--config', config, 'feeds', 'import', feedsFile]);
    expect(code).toBe(2);
    expect(stderr).toContain(`vigil: ${feedsFile}: not an OPML file`);
  });
});
