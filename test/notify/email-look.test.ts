// Every email template rendered and opened in Chromium at phone (375 px) and desktop (1200 px)
// widths: nothing wider than the screen, and feed text an attacker wrote (a <script>, an
// <img onerror>, a javascript: link) shown as text, never run. Screenshots land in
// test-results/screenshots, to be looked at.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConfirmation, renderNotice } from '../../src/notify/render.js';
import { loadTemplates } from '../../src/templates.js';
import { SCREENSHOTS, hasChromium, launchChromium } from '../helpers/browser.js';
import { HOSTILE, ogossagouEvent } from './notice-fixture.js';

const templates = loadTemplates(join(import.meta.dirname, '../../templates'));
const WIDTHS = [375, 1200];

function alertHtml(revision: 1 | 2, language: 'en' | 'fr'): string {
  return renderNotice(templates, {
    alert: ogossagouEvent(revision),
    revision,
    history: [{ id: 3, level: 'serious-concern', title: 'Ogossagou — attack: 2 killed', eventDate: new Date('2026-11-01T00:00:00Z') }],
    recipient: { email: 'officer@ngo.example', minLevel: 'serious-concern', language },
    baseUrl: 'https://vigil.example',
    unsubscribeUrl: 'https://vigil.example/unsubscribe/tok',
    manageUrl: 'https://vigil.example/preferences/tok',
  }).html;
}

function confirmHtml(language: 'en' | 'fr'): string {
  return renderConfirmation(templates, {
    email: 'a.very.long.address.of.a.protection.officer@some-humanitarian-organisation.example',
    watchlist: 'Central Mali — Mopti and Ségou regions',
    minLevel: 'serious-concern',
    cadence: 'immediate',
    language,
    confirmUrl: 'https://vigil.example/confirm/tok',
    manageUrl: 'https://vigil.example/preferences/tok',
    hours: 48,
  }).html;
}

const EMAILS: [string, () => string][] = [
  ['alert-en', () => alertHtml(1, 'en')],
  ['alert-revision-en', () => alertHtml(2, 'en')],
  ['alert-fr', () => alertHtml(1, 'fr')],
  ['alert-revision-fr', () => alertHtml(2, 'fr')],
  ['confirm-en', () => confirmHtml('en')],
  ['confirm-fr', () => confirmHtml('fr')],
];

describe.skipIf(!hasChromium)('the emails in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each(EMAILS)('%s fits a phone and a desktop, and runs nothing from the feed', async (name, render) => {
    const html = render();
    for (const width of WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: 800 }, javaScriptEnabled: true });
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.setContent(html, { waitUntil: 'load' });
      // Strings, not functions: the page's DOM is not in the types of this Node project.
      const look = await page.evaluate<{ overflow: number; pwned: unknown; scripts: number; handlers: string[]; hrefs: string[]; text: string }>(`({
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        pwned: window.__pwned ?? null,
        scripts: document.querySelectorAll('script').length,
        handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
        hrefs: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''),
        text: document.body.innerText,
      })`);
      await page.screenshot({ path: join(SCREENSHOTS, `email-${name}-${width}.png`), fullPage: true });
      // Hover and click every link a reader could: a handler or javascript: link would run now.
      for (const link of await page.$$('a')) await link.hover();
      expect(look.overflow, `${name} at ${width} px is wider than the screen`).toBeLessThanOrEqual(0);
      expect(look.pwned).toBeNull();
      expect(look.scripts).toBe(0);
      expect(look.handlers).toEqual([]);
      expect(look.hrefs.every((h) => h.startsWith('https://'))).toBe(true);
      if (name.startsWith('alert-revision')) expect(look.text).toContain('<script>window.__pwned');
      expect(await page.evaluate<unknown>('window.__pwned ?? null')).toBeNull();
      expect(dialogs).toEqual([]);
      await page.close();
    }
  });

  it('shows a javascript: link of a feed as text, not as a link', () => {
    const html = alertHtml(2, 'en');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain(HOSTILE.title.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/=/g, '&#x3D;'));
  });
});
