// `vigil demo`: a newcomer's first minute. Fictional reports served from this machine open an
// event on a watched village, a French follow-up revises it, a demo subscriber's notices are
// written as .eml files, and the demo prints where to look; the real database, data folder and
// mail server named in the environment are never touched; Ctrl+C removes the demo's folder.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoReport } from '../../src/cli/demo.js';
import { startVigil, type VigilProcess } from '../helpers/cli.js';

/** The JSON the demo prints on stdout, once it is whole. */
function reportOf(demo: VigilProcess): Promise<DemoReport> {
  return new Promise((resolve, reject) => {
    let out = '';
    demo.child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.endsWith('}\n')) resolve(JSON.parse(out) as DemoReport);
    });
    void demo.exited.then((code) => reject(new Error(`vigil demo exited with ${code}: ${demo.otherStderr.join('\n')}`)));
  });
}

describe('vigil demo', () => {
  const realDataDir = mkdtempSync(join(tmpdir(), 'vigil-real-data-'));
  let demo: VigilProcess;
  let report: DemoReport;

  beforeAll(async () => {
    // What an operator's shell may hold: none of it may be used by the demo.
    demo = startVigil(['demo', '--json'], { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/real', SMTP_URL: 'smtp://127.0.0.1:1', VIGIL_DATA_DIR: realDataDir, LOG_LEVEL: 'warn' });
    report = await reportOf(demo);
  }, 120_000);

  afterAll(() => {
    if (demo.child.exitCode === null) demo.child.kill('SIGKILL');
  });

  it('prints the event page of the attack on the watched village, which is served', async () => {
    expect(report.alertPage).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/alerts\/\d+$/);
    const page = await fetch(report.alertPage ?? '');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Djimdo');
    expect(html).toContain('DEMO (fictional)');
  });

  it('wrote the notice and the French follow-up as .eml files for the demo subscriber, linking to that page', async () => {
    expect(report.emails).toHaveLength(2);
    const [first, update] = await Promise.all(report.emails.map(async (file) => simpleParser(readFileSync(file))));
    expect(first?.to).toMatchObject({ text: 'demo.officer@example.org' });
    expect(first?.subject).toMatch(/^\[Vigil\] .*Djimdo/);
    expect(first?.text).toContain(`See this alert in Vigil: ${report.alertPage}`);
    expect(update?.subject).toMatch(/Djimdo/);
    expect(update?.text).toContain('Démo Radio locale');
  });

  it('names commands to try on its own config, and touched nothing of the real data folder', () => {
    expect(report.commands).toContain(`npx vigil --config ${report.config} alerts list`);
    expect(report.folder).not.toBe(realDataDir);
    expect(readdirSync(realDataDir)).toEqual([]);
  });

  it('stops on Ctrl+C, exit 0, removing its temporary folder', async () => {
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(existsSync(report.folder)).toBe(false);
  });
});
