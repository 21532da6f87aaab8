import type { Client, ScheduleDescription, ScheduleOptions } from '@temporalio/client';
import { MONTHLY_REPORT_WORKFLOW, monthlyReportScheduleId, type MonthlyReportInput } from '@fengqiao/contracts';
import { ensureSchedule, scheduleMatches, scheduleOptions, type WantedSchedule } from '../schedules/ensure-schedule';

/** 每月5日发布上月平安动态: the 5th of every month at 08:00 Beijing time. */
export const MONTHLY_REPORT_TIME = { dayOfMonth: 5, hour: 8, minute: 0, timezone: 'Asia/Shanghai' } as const;

/** The Schedule as the orchestrator keeps it; its runs compute their month from their scheduled time. */
function wanted(prefix?: string): WantedSchedule {
  const input: MonthlyReportInput = { queuePrefix: prefix };
  return {
    scheduleId: monthlyReportScheduleId(prefix),
    time: MONTHLY_REPORT_TIME,
    comment: '每月5日发布上月平安动态',
    workflowType: MONTHLY_REPORT_WORKFLOW,
    input,
    prefix,
  };
}

/** The Schedule as the orchestrator wants it. */
export const monthlyReportSchedule = (prefix?: string): ScheduleOptions => scheduleOptions(wanted(prefix));

/** Does the running Schedule fire when, what and how this code wants (spec, action with its input, policies)? */
export const matchesWanted = (d: ScheduleDescription, prefix?: string): boolean => scheduleMatches(d, wanted(prefix));

/** Creates the Schedule, or brings an existing one to the wanted spec and action. */
export const ensureMonthlyReportSchedule = (client: Client, prefix?: string) => ensureSchedule(client, wanted(prefix));
