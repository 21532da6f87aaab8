import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleDescription, type ScheduleOptions } from '@temporalio/client';
import { MONTHLY_REPORT_WORKFLOW, monthlyReportScheduleId, type MonthlyReportInput } from '@fengqiao/contracts';
import { ORCHESTRATOR_QUEUE, taskQueue } from '@fengqiao/temporal';

/** 每月5日发布上月平安动态: the 5th of every month at 08:00 Beijing time. */
export const MONTHLY_REPORT_TIME = { dayOfMonth: 5, hour: 8, minute: 0, timezone: 'Asia/Shanghai' } as const;

const CATCHUP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The Schedule as the orchestrator wants it; its runs compute their month from their scheduled time. */
export function monthlyReportSchedule(prefix?: string): ScheduleOptions {
  const input: MonthlyReportInput = { queuePrefix: prefix };
  return {
    scheduleId: monthlyReportScheduleId(prefix),
    spec: {
      calendars: [
        { dayOfMonth: MONTHLY_REPORT_TIME.dayOfMonth, hour: MONTHLY_REPORT_TIME.hour, minute: MONTHLY_REPORT_TIME.minute, comment: '每月5日发布上月平安动态' },
      ],
      timezone: MONTHLY_REPORT_TIME.timezone,
    },
    action: {
      type: 'startWorkflow',
      workflowType: MONTHLY_REPORT_WORKFLOW,
      workflowId: monthlyReportScheduleId(prefix),
      taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix),
      args: [input],
    },
    // A run still going a month later is not doubled; a server down on the 5th catches up that day.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW_MS },
  };
}

const only = (ranges: Array<{ start: number; end: number; step: number }> | undefined, v: number) =>
  ranges?.length === 1 && ranges[0]!.start === v && (ranges[0]!.end || v) === v;

/** Does the running Schedule fire when, what and how this code wants (spec, action with its input, policies)? */
export function matchesWanted(d: ScheduleDescription, prefix?: string): boolean {
  const cal = d.spec.calendars;
  const wanted = monthlyReportSchedule(prefix);
  const wantedArgs = wanted.action.type === 'startWorkflow' ? wanted.action.args : undefined;
  return (
    d.spec.timezone === MONTHLY_REPORT_TIME.timezone &&
    cal?.length === 1 &&
    !d.spec.intervals?.length &&
    only(cal[0]!.dayOfMonth, MONTHLY_REPORT_TIME.dayOfMonth) &&
    only(cal[0]!.hour, MONTHLY_REPORT_TIME.hour) &&
    only(cal[0]!.minute, MONTHLY_REPORT_TIME.minute) &&
    only(cal[0]!.second, 0) &&
    d.action.type === 'startWorkflow' &&
    d.action.workflowType === MONTHLY_REPORT_WORKFLOW &&
    d.action.taskQueue === taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix) &&
    JSON.stringify(d.action.args ?? []) === JSON.stringify(wantedArgs ?? []) &&
    d.policies.overlap === ScheduleOverlapPolicy.SKIP &&
    d.policies.catchupWindow === CATCHUP_WINDOW_MS
  );
}

/** Creates the Schedule, or brings an existing one to the wanted spec and action. */
export async function ensureMonthlyReportSchedule(client: Client, prefix?: string): Promise<'created' | 'updated' | 'unchanged'> {
  const wanted = monthlyReportSchedule(prefix);
  try {
    await client.schedule.create(wanted);
    return 'created';
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
  }
  const handle = client.schedule.getHandle(wanted.scheduleId);
  if (matchesWanted(await handle.describe(), prefix)) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec: wanted.spec, action: wanted.action, policies: { ...previous.policies, ...wanted.policies } }));
  return 'updated';
}
