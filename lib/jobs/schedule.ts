/**
 * Cluster scan schedules: cron expressions (5 fields, standard cron) in an IANA time zone.
 * Client-safe (no server imports): the cluster form previews a schedule with describeSchedule.
 */
import { Cron } from 'croner';
import cronstrue from 'cronstrue';

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

export interface ScheduleDescription {
  /** e.g. "At 03:00 AM (UTC)". */
  text: string;
  /** The next runs, soonest first. */
  next: Date[];
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The croner job for a schedule (paused: it only computes dates). Throws ScheduleError. */
export function scheduleCron(cron: string, timezone: string): Cron {
  const pattern = cron.trim();
  const fields = pattern.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) throw new ScheduleError(`"${cron}" is not a cron expression: use five fields (minute hour day-of-month month day-of-week), e.g. "0 3 * * *".`);
  if (!isValidTimeZone(timezone)) throw new ScheduleError(`"${timezone}" is not a time zone; use an IANA name such as "UTC" or "Europe/Berlin".`);
  try {
    return new Cron(pattern, { timezone, paused: true, legacyMode: true });
  } catch (err) {
    throw new ScheduleError(`"${cron}" is not a valid cron expression: ${(err as Error).message}`);
  }
}

/** Human-readable schedule and its next `count` runs after `from` (default now). Throws ScheduleError. */
export function describeSchedule(cron: string, timezone: string, options: { count?: number; from?: Date } = {}): ScheduleDescription {
  const job = scheduleCron(cron, timezone);
  let text: string;
  try {
    text = cronstrue.toString(cron.trim(), { use24HourTimeFormat: true, verbose: false });
  } catch {
    text = cron.trim();
  }
  const next = job.nextRuns(options.count ?? 5, options.from ?? new Date());
  return { text: `${text} (${timezone})`, next };
}

/** The first run strictly after `after`, or null (a schedule that never fires). Throws ScheduleError. */
export function nextRunAfter(cron: string, timezone: string, after: Date): Date | null {
  return scheduleCron(cron, timezone).nextRun(after);
}
