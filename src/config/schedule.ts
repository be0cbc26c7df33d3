// How often a cron schedule fires, as far as the polite-polling rule needs to know: node-cron
// takes five fields (minute first) or six (second first). Five fields never fire more than
// once a minute; six do unless the seconds field is one fixed second.

/** True when the schedule fires more than once in some minute. */
export function isFasterThanOneMinute(schedule: string): boolean {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length < 6) return false;
  return !/^\d{1,2}$/.test(fields[0] ?? '');
}
