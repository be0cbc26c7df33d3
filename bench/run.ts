// `npm run bench`: Vigil's throughput figures side by side with a baseline, printed as one
// table. Pure stages only for now (matching, feed parsing); the database, HTTP and SMTP
// figures arrive with the issues that set their targets. Timings are wall-clock on this
// machine: compare rows of one run, not runs of different machines.
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { loadConfig } from '../src/config/index.js';
import { parseFeed } from '../src/feeds/parse.js';
import { toItemDraft } from '../src/feeds/items.js';
import { compileMatcher, matchItem, type MatchableWatchlist } from '../src/matching/index.js';
import { normalizeKey } from '../src/text/index.js';
import { PACKAGE_ROOT } from '../src/paths.js';

interface Row {
  stage: string;
  figure: string;
  vigil: number;
  baseline: number;
  baselineName: string;
}

const rows: Row[] = [];
const config = loadConfig({ path: join(PACKAGE_ROOT, 'config/vigil.yaml'), env: {} });

/** Runs `work` repeatedly for about `ms` and returns runs per second. */
function rate(work: () => void, ms = 1500): number {
  work();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    work();
    runs += 1;
  }
  return runs / ((performance.now() - start) / 1000);
}

async function rateAsync(work: () => Promise<void>, ms = 1500): Promise<number> {
  await work();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await work();
    runs += 1;
  }
  return runs / ((performance.now() - start) / 1000);
}

// ---- Matching: the token trie against one case-insensitive regex per alias.
const SENTENCES = [
  'Armed men attacked the village of Ogossagou in the Bankass cercle of central Mali, killing at least 37 civilians.',
  'Des hommes armés ont attaqué le village d’Ouémbé (cercle de Bankass) le 26 novembre.',
  'Trucks carrying food and medicine reached the besieged city on Tuesday, the World Food Programme said.',
  'Negotiators met again on adaptation funding in Nairobi, where delegates discussed loss and damage.',
  'Jama’at Nusrat al-Islam wal-Muslimin claimed responsibility for the attack near Diallassagou.',
  'The Security Council extended the mandate of the panel of experts for another year.',
  'Les habitants de Ségou et de Mopti ont manifesté contre la hausse des prix du carburant.',
  'Flooding in the Sahel displaced thousands of families across four countries this season.',
];
const items = Array.from({ length: 2000 }, (_, i) => ({
  title: `Report ${i}: ${SENTENCES[i % SENTENCES.length]?.slice(0, 60) ?? ''}`,
  text: Array.from({ length: 6 }, (_, j) => SENTENCES[(i + j) % SENTENCES.length]).join(' '),
}));
const corpusBytes = items.reduce((n, it) => n + Buffer.byteLength(it.title) + Buffer.byteLength(it.text), 0);

function watchlistWithAliases(total: number): MatchableWatchlist {
  const shipped = config.watchlists[0];
  if (!shipped) throw new Error('no watchlist in config');
  let id = 1;
  const places = shipped.places.map((p) => ({ id: id++, name: p.name, aliases: p.aliases, within: p.within, ambiguous: p.ambiguous }));
  const actors = shipped.actors.map((a) => ({ id: id++, name: a.name, aliases: a.aliases }));
  const shippedCount = [...places, ...actors].reduce((n, e) => n + 1 + e.aliases.length, 0);
  // Made-up village names fill the list up to `total` aliases: a national gazetteer's size.
  for (let i = 0; shippedCount + i < total; i++) places.push({ id: id++, name: `Kel${i.toString(36)}dougou`, aliases: [], within: ['Mali'], ambiguous: false });
  return { id: 1, places, actors };
}

function naiveMatcher(watchlist: MatchableWatchlist): (text: string) => number {
  const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const names = [...watchlist.places, ...watchlist.actors].flatMap((e) => [e.name, ...e.aliases]).map((a) => normalizeKey(a));
  const patterns = names.map((n) => new RegExp(`(?<![\\p{L}\\p{N}])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'gu'));
  return (text) => {
    const folded = fold(text);
    let found = 0;
    for (const p of patterns) found += folded.match(p)?.length ?? 0;
    return found;
  };
}

for (const total of [300, 20_000]) {
  const watchlist = watchlistWithAliases(total);
  const matcher = compileMatcher([watchlist]);
  const naive = naiveMatcher(watchlist);
  const sample = items.slice(0, total > 1000 ? 40 : 400);
  const sampleBytes = sample.reduce((n, it) => n + Buffer.byteLength(it.title) + Buffer.byteLength(it.text), 0);
  const vigilRate = rate(() => {
    for (const item of items) matchItem(matcher, item);
  });
  const naiveRate = rate(() => {
    for (const item of sample) naive(`${item.title}\n${item.text}`);
  });
  rows.push({
    stage: 'matching',
    figure: `MB/s, ${total.toLocaleString('en')} aliases`,
    vigil: (vigilRate * corpusBytes) / 1e6,
    baseline: (naiveRate * sampleBytes) / 1e6,
    baselineName: 'one regex per alias',
  });
}

// ---- Feed parsing: parse + clean into items against rss-parser's bare parse of the same XML.
const bigFeed = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title><link>https://example.org</link><description>x</description>${Array.from(
  { length: 1000 },
  (_, i) =>
    `<item><title>Item ${i}: ${SENTENCES[i % SENTENCES.length] ?? ''}</title><link>https://example.org/${i}</link><guid>g${i}</guid><pubDate>Wed, 25 Nov 2026 10:00:00 +0000</pubDate><description>&lt;p&gt;${SENTENCES.join(' ')}&lt;/p&gt;</description></item>`,
).join('')}</channel></rss>`;
const bare = new Parser();
const bareRate = await rateAsync(async () => {
  await bare.parseString(bigFeed);
});
const vigilParseRate = await rateAsync(async () => {
  const parsed = await parseFeed(bigFeed);
  if (parsed.ok) parsed.entries.map(toItemDraft);
});
rows.push({ stage: 'feeds', figure: 'items/s parsed and cleaned (1,000-item feed)', vigil: vigilParseRate * 1000, baseline: bareRate * 1000, baselineName: 'rss-parser alone' });

// ---- The table.
const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en') : n >= 1 ? n.toFixed(2) : n.toPrecision(2));
const header = ['stage', 'figure', 'Vigil', 'baseline', 'ratio', 'baseline is'];
const lines = rows.map((r) => [r.stage, r.figure, fmt(r.vigil), fmt(r.baseline), `${(r.vigil / r.baseline).toFixed(2)}x`, r.baselineName]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
const print = (cells: string[]): void => console.log(cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));
print(header);
print(widths.map((w) => '-'.repeat(w)));
lines.forEach(print);
console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}. Targets come with the issues that own each stage (see README, "Benchmarks").`);
