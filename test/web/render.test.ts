// The web's pure parts: filters in URLs, highlighted evidence, the monthly chart, the map's
// projection, and the Atom, CAP and CSV writers (CAP validated against the OASIS 1.2 schema).
import { describe, expect, it } from 'vitest';
import { formatCursor, parseCursor, parseFilter, queryOf } from '../../src/web/filters.js';
import { renderAtom, tagUri } from '../../src/web/render/atom.js';
import { CAP_MAPPING, capDate, renderCap, type CapEvent } from '../../src/web/render/cap.js';
import { layoutMonthlyChart, monthsOf } from '../../src/web/render/chart.js';
import { cellText, renderCsv } from '../../src/web/render/csv.js';
import { highlightSegments } from '../../src/web/render/highlight.js';
import { safeHref } from '../../src/web/render/links.js';
import { projectPlaces } from '../../src/web/render/projection.js';
import { escapeXml } from '../../src/web/render/xml.js';
import { capErrors } from '../helpers/cap.js';


describe('history filters in the URL', () => {
  it('reads every field, and a date range ends after its last day', () => {
    const { filter, problems } = parseFilter({ watchlist: 'central-mali', level: ['current-crisis', 'imminent-risk'], from: '2026-11-01', to: '2026-11-30', place: '12', actor: '3', q: ' Ogossagou ' });
    expect(problems).toEqual([]);
    expect(filter).toEqual({
      watchlist: 'central-mali',
      levels: ['current-crisis', 'imminent-risk'],
      from: new Date('2026-11-01T00:00:00Z'),
      before: new Date('2026-12-01T00:00:00Z'),
      placeId: 12,
      actorId: 3,
      text: 'Ogossagou',
    });
  });

  it.each([
    [{ level: 'massacre' }, 'Unknown level "massacre"'],
    [{ from: '01/11/2026' }, 'The date "01/11/2026" in from'],
    [{ place: 'Ogossagou' }, 'The place "Ogossagou" is not a place id'],
    [{ after: 'page-2' }, 'after: the page cursor "page-2"'],
  ])('names what it could not read: %o', (query, problem) => {
    expect(parseFilter(query).problems.join(' ')).toContain(problem);
  });

  it('writes a filter state back as one canonical permalink, and cursors round-trip', () => {
    const { params } = parseFilter({ q: 'attaque à Ogossagou', level: 'current-crisis', watchlist: 'central-mali' });
    expect(queryOf(params)).toBe('?watchlist=central-mali&q=attaque+%C3%A0+Ogossagou&level=current-crisis');
    expect(queryOf(parseFilter({}).params)).toBe('');
    const cursor = { eventDate: new Date('2026-11-25T08:00:00Z'), id: 42 };
    expect(parseCursor(formatCursor(cursor))).toEqual(cursor);
  });
});

describe('evidence highlighting', () => {
  it.each([
    ['Gunmen attacked Ogossagou on Friday.', ['Ogossagou'], ['Gunmen attacked ', '[Ogossagou]', ' on Friday.']],
    ["Des hommes armés ont attaqué Ogossagou-Peul et Ogossagou.", ['ogossagou'], ['Des hommes armés ont attaqué ', '[Ogossagou]', '-Peul et ', '[Ogossagou]', '.']],
    ['Dan Na Ambassagou militia near Bankass', ['Dan Na Ambassagou', 'Ambassagou'], ['[Dan Na Ambassagou]', ' militia near Bankass']],
    ['<script>alert(1)</script> Ogota', ['Ogota'], ['<script>alert(1)</script> ', '[Ogota]']],
  ])('%s', (sentence, aliases, expected) => {
    expect(highlightSegments(sentence, aliases).map((s) => (s.marked ? `[${s.text}]` : s.text))).toEqual(expected);
  });
});

describe('links and XML text', () => {
  it.each([
    ['https://www.hrw.org/news/x', 'https://www.hrw.org/news/x'],
    ['javascript:alert(3)', null],
    ['JAVASCRIPT:alert(3)', null],
    ['data:text/html,<script>', null],
    ['/relative', null],
    [null, null],
  ])('keeps %s as %s', (url, expected) => {
    expect(safeHref(url)).toBe(expected);
  });

  it('escapes markup and drops the control characters XML forbids', () => {
    expect(escapeXml('<b a="1">Tom & Jerry\u0007\'</b>')).toBe('&lt;b a=&quot;1&quot;&gt;Tom &amp; Jerry&apos;&lt;/b&gt;');
  });
});

describe('the monthly chart', () => {
  it('fills the months without events with zeros, up to the last month', () => {
    const months = monthsOf([{ month: '2026-10', events: 2, killed: 5 }, { month: '2026-12', events: 1, killed: 0 }], '2027-01', 36);
    expect(months.map((m) => `${m.month}:${m.events}`)).toEqual(['2026-10:2', '2026-11:0', '2026-12:1', '2027-01:0']);
    expect(monthsOf([{ month: '2020-01', events: 1, killed: 1 }], '2026-12', 3).map((m) => m.month)).toEqual(['2026-10', '2026-11', '2026-12']);
  });

  it('draws the highest month at full height and an empty month at none', () => {
    const chart = layoutMonthlyChart([{ month: '2026-10', events: 4, killed: 40 }, { month: '2026-11', events: 2, killed: 0 }]);
    const [incidents, deaths] = chart.panels;
    expect(incidents?.bars.map((b) => b.height)).toEqual([90, 45]);
    expect(deaths?.bars.map((b) => b.height)).toEqual([90, 0]);
    expect(chart.summary).toBe('6 incidents and 40 reported deaths from 2026-10 to 2026-11.');
  });
});

describe('the map projection', () => {
  const box = { width: 640, height: 480, margin: 48 };
  it('puts north up, east right, inside the margins', () => {
    const points = projectPlaces([{ name: 'Mopti', latitude: 14.49, longitude: -4.2 }, { name: 'Bankass', latitude: 14.07, longitude: -3.52 }, { name: 'Ségou', latitude: 13.45, longitude: -6.26 }], box);
    const [mopti, bankass, segou] = points;
    expect(mopti!.y).toBeLessThan(segou!.y);
    expect(bankass!.x).toBeGreaterThan(segou!.x);
    for (const p of points) {
      expect(p.x).toBeGreaterThanOrEqual(box.margin);
      expect(p.x).toBeLessThanOrEqual(box.width - box.margin);
      expect(p.y).toBeGreaterThanOrEqual(box.margin);
      expect(p.y).toBeLessThanOrEqual(box.height - box.margin);
    }
  });

  it('puts a single place in the middle', () => {
    expect(projectPlaces([{ latitude: 14, longitude: -3 }], box).map(({ x, y }) => [x, y])).toEqual([[320, 240]]);
  });
});

describe('CSV with HXL', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ['+33 killed', `'+33 killed`],
    ['-1+1', `'-1+1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['Ogossagou', 'Ogossagou'],
  ])('makes the text cell %j inert', (cell, expected) => {
    expect(cellText(cell)).toBe(expected);
  });

  it('keeps numbers as numbers (a western longitude is negative), and quotes as RFC 4180 says', () => {
    const csv = renderCsv(
      [
        { header: 'title', hxl: '#description', value: (r: { t: string; lon: number }) => r.t },
        { header: 'longitude', hxl: '#geo+lon', value: (r: { t: string; lon: number }) => r.lon },
      ],
      [{ t: 'Attack, "gunmen"', lon: -3.52 }],
    );
    expect(csv).toBe('title,longitude\r\n#description,#geo+lon\r\n"Attack, ""gunmen""",-3.52\r\n');
  });
});

describe('Atom', () => {
  it('gives stable tag: ids and escapes feed text', () => {
    const xml = renderAtom({
      id: tagUri('https://vigil.example.org/', 'alerts'),
      title: 'Vigil — all alerts',
      updated: new Date('2026-11-26T10:00:00Z'),
      selfUrl: 'https://vigil.example.org/alerts.atom',
      pageUrl: 'https://vigil.example.org/alerts',
      entries: [
        {
          id: tagUri('https://vigil.example.org', 'alert/7'),
          title: 'Ogota <script>alert(1)</script>',
          updated: new Date('2026-11-26T10:00:00Z'),
          published: new Date('2026-11-25T10:00:00Z'),
          link: 'https://vigil.example.org/alerts/7',
          summary: '<img src=x onerror=alert(2)>',
          categories: [{ term: 'current-crisis', label: 'Current crisis' }],
          alternates: [],
        },
      ],
    });
    expect(xml).toContain('<id>tag:vigil.example.org,2026:alert/7</id>');
    expect(xml).toContain('<title type="text">Ogota &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(xml).not.toMatch(/<script|<img/);
  });
});

describe('CAP 1.2', () => {
  const event: CapEvent = {
    id: 7,
    level: 'current-crisis',
    levelLabel: 'Current crisis',
    title: 'Ogossagou — massacre: 37 killed <script>alert(1)</script>',
    eventDate: new Date('2026-11-25T06:30:00.123Z'),
    historical: false,
    withdrawn: null,
    watchlistName: 'Central Mali',
    places: [
      { name: 'Ogossagou', within: ['Bankass cercle', 'Mopti region', 'Mali'], latitude: null, longitude: null },
      { name: 'Bankass', within: ['Bankass cercle'], latitude: 14.07, longitude: -3.52 },
    ],
    reasons: ['37 killed reported (HRW, 2026-11-26)'],
    killed: { min: 30, max: 37 },
    sources: 2,
    revisions: [
      { revision: 1, at: new Date('2026-11-26T09:00:00Z') },
      { revision: 2, at: new Date('2026-11-26T12:00:00Z') },
    ],
    recommendedActions: 'Verify with partners & share with the protection cluster.',
    url: 'https://vigil.example.org/alerts/7',
  };

  it('documents the level mapping', () => {
    expect(CAP_MAPPING).toEqual({
      'current-crisis': { urgency: 'Immediate', severity: 'Extreme', certainty: 'Observed' },
      'imminent-risk': { urgency: 'Expected', severity: 'Severe', certainty: 'Likely' },
      'serious-concern': { urgency: 'Future', severity: 'Moderate', certainty: 'Observed' },
      info: { urgency: 'Unknown', severity: 'Minor', certainty: 'Unknown' },
    });
    expect(capDate(new Date('2026-11-25T06:30:00.123Z'))).toBe('2026-11-25T06:30:00+00:00');
  });

  it('writes a revised event as an Update referencing its first message, valid against the OASIS schema', async () => {
    const xml = renderCap(event, 'https://vigil.example.org');
    expect(xml).toContain('<msgType>Update</msgType>');
    expect(xml).toContain('<references>vigil@vigil.example.org,vigil-alert-7-r1,2026-11-26T09:00:00+00:00</references>');
    expect(xml).toContain('<circle>14.07,-3.52 10</circle>');
    expect(xml).not.toContain('<script');
    await expect(capErrors(xml)).resolves.toEqual([]);
  });

  it.each(['imminent-risk', 'serious-concern', 'info'])('writes a %s event valid against the schema', async (level) => {
    const xml = renderCap({ ...event, level, revisions: event.revisions.slice(0, 1), killed: null, recommendedActions: null }, 'http://localhost:8080');
    expect(xml).toContain('<msgType>Alert</msgType>');
    expect(xml).toContain(`<severity>${CAP_MAPPING[level]?.severity}</severity>`);
    await expect(capErrors(xml)).resolves.toEqual([]);
  });

  it('writes a withdrawn event as a Cancel with its reason, valid against the schema', async () => {
    const xml = renderCap({ ...event, historical: true, withdrawn: { at: new Date('2026-11-27T08:00:00Z'), reason: 'no report names its places after the watchlist change' } }, 'https://vigil.example.org');
    expect(xml).toContain('<msgType>Cancel</msgType>');
    expect(xml).toContain('<urgency>Past</urgency>');
    await expect(capErrors(xml)).resolves.toEqual([]);
  });

  it('the schema refuses what CAP forbids (so the checks above mean something)', async () => {
    const xml = renderCap(event, 'https://vigil.example.org').replace('<severity>Extreme</severity>', '<severity>Catastrophic</severity>').replace('+00:00</sent>', 'Z</sent>');
    const errors = await capErrors(xml);
    expect(errors.join('\n')).toMatch(/severity/);
    expect(errors.join('\n')).toMatch(/sent/);
  });
});
