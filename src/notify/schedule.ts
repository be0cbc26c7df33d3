// When held notices go out: the daily digest at mail.digestHour in mail.timezone, and the hour
// of the flood guard (mail.maxImmediatePerHour). Pure: instants in, instants out, the time zone
// read through Intl so daylight saving is the runtime's, not ours.

const HOUR_MS = 3_600_000;

/** The first digest time at or after `instant`: `hour`:00 local time in `timeZone`. */
export function digestTimeAtOrAfter(instant: Date, hour: number, timeZone: string): Date {
  const local = localParts(instant, timeZone);
  const today = localToUtc(local.year, local.month, local.day, hour, timeZone);
  return today.getTime() >= instant.getTime() ? today : localToUtc(local.year, local.month, local.day + 1, hour, timeZone);
}

/**
 * The flood guard: null when the subscriber may receive one more email now (fewer than `max`
 * took a slot in the hour before `now`), else when the next slot opens (the hour of the slot
 * that must leave the window ends).
 */
export function nextSlotAt(slots: readonly Date[], max: number, now: Date): Date | null {
  const window = slots.map((s) => s.getTime()).filter((t) => t > now.getTime() - HOUR_MS && t <= now.getTime()).sort((a, b) => a - b);
  if (window.length < max) return null;
  return new Date((window[window.length - max] ?? now.getTime()) + HOUR_MS);
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
}

function localParts(instant: Date, timeZone: string): LocalParts & { hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

// How far the zone's wall clock is ahead of UTC at `instant`, in ms.
function offsetMs(instant: number, timeZone: string): number {
  const p = localParts(new Date(instant), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

// The instant of a local wall-clock hour; Date.UTC carries day overflow into the next month.
// Two passes settle the offset on either side of a daylight-saving change.
function localToUtc(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone));
}
