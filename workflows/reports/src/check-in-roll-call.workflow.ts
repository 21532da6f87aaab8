import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import { chinaDate, formatChinaTime, toInstant } from '@fengqiao/calendar';
import { taskQueue, type CheckInActivities, type CheckInRollCallInput, type CheckInRollCallResult } from '@fengqiao/contracts';
import { reportClock } from './monthly-report.workflow';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const COUNTY = /^\d{6}$/;
const two = (n: number) => String(n).padStart(2, '0');

/** The instant of the county's roll-call time on a China day (Beijing time, libs/calendar), ISO 8601 +08:00. */
export function rollCallDue(day: string, hour: number, minute: number): string {
  return formatChinaTime(toInstant(`${day}T${two(hour)}:${two(minute)}:00+08:00`));
}

/**
 * The daily check-in roll call (报平安点名) of one county: at the county's hour, who of its grid
 * workers has not checked in that China day. The day is the one the run was due on (a Schedule's
 * run caught up late still takes the roll call of its own day); intake stores the list once per
 * county and day and announces it as `check-in.missing`.
 */
export async function checkInRollCall(input: CheckInRollCallInput): Promise<CheckInRollCallResult> {
  const { county, hour, minute } = input;
  if (!COUNTY.test(county ?? '')) throw ApplicationFailure.nonRetryable(`not a county: ${county}`, 'InvalidInput');
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw ApplicationFailure.nonRetryable(`not a time of day: ${hour}:${minute}`, 'InvalidInput');
  }
  const day = input.day ?? chinaDate(new Date(reportClock()));
  if (!DAY.test(day)) throw ApplicationFailure.nonRetryable(`not a day: ${day}`, 'InvalidInput');
  let dueAt: string;
  try {
    dueAt = rollCallDue(day, hour, minute);
  } catch {
    throw ApplicationFailure.nonRetryable(`not a day: ${day}`, 'InvalidInput');
  }
  const intake = proxyActivities<CheckInActivities>({
    taskQueue: taskQueue('intake', undefined, input.queuePrefix),
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
  });
  const call = await intake.takeCheckInRollCall({ county, day, dueAt });
  return { county, day, workers: call.workers, missing: call.missing.length };
}
