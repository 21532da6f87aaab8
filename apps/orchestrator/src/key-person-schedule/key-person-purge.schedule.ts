import type { Client, ScheduleDescription, ScheduleOptions } from '@temporalio/client';
import { keyPersonPurgeScheduleId, WorkflowTypes, type KeyPersonPurgeInput } from '@fengqiao/contracts';
import { ensureSchedule, scheduleMatches, scheduleOptions, type WantedSchedule } from '../schedules/ensure-schedule';

/** Archived key-person records past their retention are purged every night at 02:30 Beijing time (a quiet hour). */
export const KEY_PERSON_PURGE_TIME = { hour: 2, minute: 30, timezone: 'Asia/Shanghai' } as const;

function wanted(prefix?: string): WantedSchedule {
  const input: KeyPersonPurgeInput = { queuePrefix: prefix };
  return {
    scheduleId: keyPersonPurgeScheduleId(prefix),
    time: KEY_PERSON_PURGE_TIME,
    comment: '重点人员档案到期清除',
    workflowType: WorkflowTypes.keyPersonPurge,
    input,
    prefix,
  };
}

/** The daily purge Schedule as the orchestrator wants it. */
export const keyPersonPurgeSchedule = (prefix?: string): ScheduleOptions => scheduleOptions(wanted(prefix));

/** Does the running Schedule fire when, what and how this code wants? */
export const purgeMatchesWanted = (d: ScheduleDescription, prefix?: string): boolean => scheduleMatches(d, wanted(prefix));

/** Creates the purge Schedule, or brings an existing one to the wanted spec and action. */
export const ensureKeyPersonPurgeSchedule = (client: Client, prefix?: string) => ensureSchedule(client, wanted(prefix));
