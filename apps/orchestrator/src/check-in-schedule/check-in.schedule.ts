import type { Client, ScheduleDescription, ScheduleOptions } from '@temporalio/client';
import { CHECK_IN_ROLL_CALL_WORKFLOW, checkInRollCallScheduleId, type CheckInRollCallInput } from '@fengqiao/contracts';
import { ensureSchedule, scheduleMatches, scheduleOptions, type WantedSchedule } from '../schedules/ensure-schedule';

/** A county's check-in roll call: the county and its time of day (Beijing time). */
export interface CountyRollCall {
  county: string;
  hour: number;
  minute: number;
}

/** The roll-call time of a county that names none (`CHECK_IN_ROLL_CALL_TIME`'s default): 10:00 Beijing time. */
export const DEFAULT_ROLL_CALL_TIME = '10:00';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const COUNTY = /^\d{6}$/;

/**
 * Reads `CHECK_IN_ROLL_CALLS` (`621102,621103@09:30`: each county, with its own time or the default)
 * and the default time (`HH:MM`). Throws on anything else, naming it (bilingual, as config errors are).
 */
export function parseRollCalls(list: string, defaultTime: string = DEFAULT_ROLL_CALL_TIME): CountyRollCall[] {
  const time = (t: string, what: string) => {
    const m = TIME.exec(t.trim());
    if (!m) throw new Error(`点名时间 ${what} 应为 HH:MM / the roll-call time of ${what} must be HH:MM, got "${t}"`);
    return { hour: Number(m[1]), minute: Number(m[2]) };
  };
  const fallback = time(defaultTime, 'CHECK_IN_ROLL_CALL_TIME');
  const seen = new Set<string>();
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [county = '', at] = entry.split('@').map((s) => s.trim());
      if (!COUNTY.test(county)) throw new Error(`${county} 不是县级单位代码 / "${county}" is not a county code (6 digits)`);
      if (seen.has(county)) throw new Error(`县 ${county} 重复 / county ${county} appears twice`);
      seen.add(county);
      return { county, ...(at === undefined ? fallback : time(at, county)) };
    });
}

function wanted(c: CountyRollCall, prefix?: string): WantedSchedule {
  const input: CheckInRollCallInput = { county: c.county, hour: c.hour, minute: c.minute, queuePrefix: prefix };
  return {
    scheduleId: checkInRollCallScheduleId(c.county, prefix),
    time: { hour: c.hour, minute: c.minute, timezone: 'Asia/Shanghai' },
    comment: `网格员报平安点名 ${c.county}`,
    workflowType: CHECK_IN_ROLL_CALL_WORKFLOW,
    input,
    prefix,
  };
}

/** A county's roll-call Schedule as the orchestrator wants it: every day at the county's time. */
export const checkInRollCallSchedule = (c: CountyRollCall, prefix?: string): ScheduleOptions => scheduleOptions(wanted(c, prefix));

/** Does the running Schedule fire when, what and how this code wants? */
export const rollCallMatchesWanted = (d: ScheduleDescription, c: CountyRollCall, prefix?: string): boolean => scheduleMatches(d, wanted(c, prefix));

/** Creates each county's Schedule, or brings an existing one to the wanted time and input. */
export async function ensureCheckInRollCallSchedules(client: Client, calls: readonly CountyRollCall[], prefix?: string) {
  const outcomes: Record<string, 'created' | 'updated' | 'unchanged'> = {};
  for (const c of calls) outcomes[c.county] = await ensureSchedule(client, wanted(c, prefix));
  return outcomes;
}
