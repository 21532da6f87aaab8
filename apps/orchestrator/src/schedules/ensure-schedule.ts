import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleDescription, type ScheduleOptions } from '@temporalio/client';
import { ORCHESTRATOR_QUEUE, taskQueue } from '@fengqiao/temporal';

/** When a Schedule fires: a wall-clock time in a time zone, on one day of the month or (without `dayOfMonth`) every day. */
export interface ScheduleTime {
  dayOfMonth?: number;
  hour: number;
  minute: number;
  timezone: string;
}

/** A Schedule the orchestrator keeps: one workflow started on its own queue with one input. */
export interface WantedSchedule {
  scheduleId: string;
  time: ScheduleTime;
  comment: string;
  workflowType: string;
  input: object;
  prefix?: string;
}

const CATCHUP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The options the Schedule is created with. A run still going at the next firing is not doubled; a server down at the time catches up within a day. */
export function scheduleOptions(w: WantedSchedule): ScheduleOptions {
  const { dayOfMonth, hour, minute, timezone } = w.time;
  return {
    scheduleId: w.scheduleId,
    spec: { calendars: [{ ...(dayOfMonth !== undefined ? { dayOfMonth } : {}), hour, minute, comment: w.comment }], timezone },
    action: {
      type: 'startWorkflow',
      workflowType: w.workflowType,
      workflowId: w.scheduleId,
      taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, w.prefix),
      args: [w.input],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW_MS },
  };
}

type Ranges = ReadonlyArray<{ start: number | string; end?: number | string; step?: number }> | undefined;
/** Exactly `v` (the server answers ranges; an end of 0 means a single value). */
const only = (ranges: Ranges, v: number) => ranges?.length === 1 && ranges[0]!.start === v && (ranges[0]!.end || v) === v;
/** Every value, `first` to `last` (unset, or one full range; the server names months and weekdays). */
const every = (ranges: Ranges, first: ReadonlyArray<number | string>, last: ReadonlyArray<number | string>) =>
  !ranges?.length || (ranges.length === 1 && first.includes(ranges[0]!.start) && last.includes(ranges[0]!.end ?? -1) && (ranges[0]!.step ?? 1) <= 1);

/** Does the running Schedule fire when, what and how this code wants (spec, action with its input, policies)? */
export function scheduleMatches(d: ScheduleDescription, w: WantedSchedule): boolean {
  const cal = d.spec.calendars;
  const { dayOfMonth, hour, minute, timezone } = w.time;
  return (
    d.spec.timezone === timezone &&
    cal?.length === 1 &&
    !d.spec.intervals?.length &&
    (dayOfMonth !== undefined ? only(cal[0]!.dayOfMonth, dayOfMonth) : every(cal[0]!.dayOfMonth, [1], [31])) &&
    every(cal[0]!.month, [1, 'JANUARY'], [12, 'DECEMBER']) &&
    every(cal[0]!.dayOfWeek, [0, 'SUNDAY'], [6, 'SATURDAY']) &&
    only(cal[0]!.hour, hour) &&
    only(cal[0]!.minute, minute) &&
    only(cal[0]!.second, 0) &&
    d.action.type === 'startWorkflow' &&
    d.action.workflowType === w.workflowType &&
    d.action.taskQueue === taskQueue(ORCHESTRATOR_QUEUE, undefined, w.prefix) &&
    JSON.stringify(d.action.args ?? []) === JSON.stringify([w.input]) &&
    d.policies.overlap === ScheduleOverlapPolicy.SKIP &&
    d.policies.catchupWindow === CATCHUP_WINDOW_MS
  );
}

/** Creates the Schedule, or brings an existing one to the wanted spec, action and policies. */
export async function ensureSchedule(client: Client, w: WantedSchedule): Promise<'created' | 'updated' | 'unchanged'> {
  const wanted = scheduleOptions(w);
  try {
    await client.schedule.create(wanted);
    return 'created';
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
  }
  const handle = client.schedule.getHandle(wanted.scheduleId);
  if (scheduleMatches(await handle.describe(), w)) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec: wanted.spec, action: wanted.action, policies: { ...previous.policies, ...wanted.policies } }));
  return 'updated';
}
