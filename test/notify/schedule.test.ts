// When held notices go out: the digest hour in the configured time zone (daylight saving
// included), the flood guard's sliding hour, and a time zone name the runtime does not know
// refused at start-up with its file and line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { VigilError } from '../../src/errors.js';
import { digestTimeAtOrAfter, nextSlotAt } from '../../src/notify/schedule.js';
import { REPO_CONFIG_DIR } from '../helpers/config.js';

const at = (iso: string) => new Date(iso);

describe('the digest time', () => {
  it('is 08:00 Bamako (UTC+0) on the same day before eight, and the next day after', () => {
    expect(digestTimeAtOrAfter(at('2026-11-27T07:59:59Z'), 8, 'Africa/Bamako')).toEqual(at('2026-11-27T08:00:00Z'));
    expect(digestTimeAtOrAfter(at('2026-11-27T08:00:00Z'), 8, 'Africa/Bamako')).toEqual(at('2026-11-27T08:00:00Z'));
    expect(digestTimeAtOrAfter(at('2026-11-27T08:00:00.001Z'), 8, 'Africa/Bamako')).toEqual(at('2026-11-28T08:00:00Z'));
    expect(digestTimeAtOrAfter(at('2026-12-31T23:00:00Z'), 8, 'Africa/Bamako')).toEqual(at('2027-01-01T08:00:00Z'));
  });

  it('follows the local day and daylight saving of another zone', () => {
    // Paris is UTC+1 in winter, UTC+2 in summer; the clocks go forward on 29 March 2026.
    expect(digestTimeAtOrAfter(at('2026-11-27T10:00:00Z'), 8, 'Europe/Paris')).toEqual(at('2026-11-28T07:00:00Z'));
    expect(digestTimeAtOrAfter(at('2026-03-28T12:00:00Z'), 8, 'Europe/Paris')).toEqual(at('2026-03-29T06:00:00Z'));
    // 23:30 UTC is already the next day in Tokyo (UTC+9): its 08:00 is 23:00 UTC the day after.
    expect(digestTimeAtOrAfter(at('2026-11-27T23:30:00Z'), 8, 'Asia/Tokyo')).toEqual(at('2026-11-28T23:00:00Z'));
    expect(digestTimeAtOrAfter(at('2026-11-27T12:00:00Z'), 0, 'America/New_York')).toEqual(at('2026-11-28T05:00:00Z'));
  });
});

describe('the flood guard', () => {
  const now = at('2026-11-27T10:30:00Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  it('lets an email go while fewer than the limit went in the hour before', () => {
    expect(nextSlotAt([], 10, now)).toBeNull();
    expect(nextSlotAt(Array.from({ length: 9 }, (_, i) => minutesAgo(i)), 10, now)).toBeNull();
    // Slots older than an hour have left the window.
    expect(nextSlotAt([...Array.from({ length: 9 }, (_, i) => minutesAgo(i)), minutesAgo(60)], 10, now)).toBeNull();
  });

  it('holds it, when the limit is reached, until the oldest slot of the hour leaves the window', () => {
    const slots = Array.from({ length: 10 }, (_, i) => minutesAgo(50 - i));
    expect(nextSlotAt(slots, 10, now)).toEqual(new Date(minutesAgo(50).getTime() + 3_600_000));
    expect(nextSlotAt(slots, 3, now)).toEqual(new Date(minutesAgo(43).getTime() + 3_600_000));
  });
});

describe('the mail schedule in the config', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const load = (mail: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'vigil.yaml'), `feeds: []\nwatchlists: [${join(REPO_CONFIG_DIR, 'watchlists', '*.yaml')}]\nmail:\n${mail}`);
    return loadConfig({ path: join(dir, 'vigil.yaml'), env: {} });
  };
  const problemsOf = (mail: string): string[] => {
    try {
      load(mail);
    } catch (error) {
      expect(error).toBeInstanceOf(VigilError);
      return [...(error as VigilError).problems];
    }
    throw new Error('expected the configuration to be refused');
  };

  it('defaults to 08:00 Africa/Bamako and ten immediate notices an hour', () => {
    expect(load('  from: Vigil <v@ngo.example>\n').mail).toMatchObject({ digestHour: 8, timezone: 'Africa/Bamako', maxImmediatePerHour: 10 });
    expect(load('  digestHour: 18\n  timezone: Europe/Paris\n  maxImmediatePerHour: 3\n').mail).toMatchObject({ digestHour: 18, timezone: 'Europe/Paris', maxImmediatePerHour: 3 });
  });

  it('refuses a time zone the runtime does not know, and an hour out of the day, with file and line', () => {
    expect(problemsOf('  timezone: Africa/Timbuktoo\n')).toEqual([expect.stringMatching(/vigil\.yaml:4:13: mail\.timezone: is not an IANA time zone name such as Africa\/Bamako/)]);
    expect(problemsOf('  digestHour: 24\n')).toEqual([expect.stringMatching(/vigil\.yaml:4:15: mail\.digestHour: must be an hour from 0 to 23/)]);
  });
});
