import { z } from 'zod';
import type { checkInRecordedDataSchema, checkInRosterDataSchema } from '../events/catalogue/data-schemas';

/**
 * The daily check-in (报平安): a grid worker checks in once a China day with their position, which
 * must lie inside one of their grids. A Schedule per county takes the roll call at the county's hour:
 * who of its grid workers has not checked in by then (stored, readable through the API, and announced).
 */

/** A position in the field (WGS84, as the phone reports it): check-ins and field reports. */
export const fieldPositionSchema = z
  .object({
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    /** The phone's accuracy in metres, kept as reported. */
    accuracy: z.number().min(0).max(100_000).optional(),
  })
  .strict();
export type FieldPosition = z.infer<typeof fieldPositionSchema>;

/** Body of `POST /api/v1/check-ins`: the caller's own position only. */
export const checkInInputSchema = z.object({ position: fieldPositionSchema }).strict();
export type CheckInInput = z.infer<typeof checkInInputSchema>;

/**
 * Fields that would name someone other than the caller: a check-in is always the caller's own, so a
 * body carrying any of them is refused (403 CHECK_IN_FOR_OTHERS), never stored under either name.
 */
export const CHECK_IN_OTHER_PERSON_FIELDS = ['userId', 'username', 'worker', 'workerId', 'user', 'onBehalfOf', 'for'] as const;

/** A stored check-in as the API answers it. */
export interface CheckInView {
  /** The China calendar day (YYYY-MM-DD, UTC+8) it counts for. */
  day: string;
  /** When it was recorded (ISO 8601, +08:00). */
  at: string;
  /** The grid whose boundary holds the position. */
  gridCode: string;
  position: FieldPosition;
  /** True when the caller had checked in already that day: the answer is the first check-in, nothing new is stored. */
  repeated: boolean;
}

/** A calendar day `YYYY-MM-DD` that exists (2026-02-30 does not). */
const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD / a day is YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, '日期不存在 / no such day');

/** Query of `GET /api/v1/check-ins/mine`: a China day; absent, today's. */
export const myCheckInQuerySchema = z.object({ date: calendarDay.optional() }).strict();
export type MyCheckInQuery = z.infer<typeof myCheckInQuerySchema>;

/** `GET /api/v1/check-ins/mine`: the caller's own check-in of a China day, or null when there is none. */
export interface MyCheckInView {
  day: string;
  /** The day's (first) check-in, `repeated: false`; null before the caller has checked in that day. */
  checkIn: CheckInView | null;
}

/** One grid worker the roll call found without a check-in. */
export interface MissingCheckIn {
  username: string;
  name: string;
  /** The worker's grids (a worker may keep several). */
  grids: string[];
}

/** The result of one county's roll call for one China day (`GET /api/v1/check-ins/roll-calls`). */
export interface CheckInRollCall {
  county: string;
  day: string;
  /** The county's roll-call time that day: check-ins up to it count. */
  dueAt: string;
  /** Grid workers bound to a login in the county's grids. */
  workers: number;
  checkedIn: number;
  missing: MissingCheckIn[];
  takenAt: string;
}

/** Query of `GET /api/v1/check-ins/roll-calls`. */
export const rollCallQuerySchema = z
  .object({
    orgUnit: z.string().regex(/^\d{6}$/, '县级单位代码为6位数字 / a county code has 6 digits'),
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD / a day is YYYY-MM-DD')
      .optional(),
  })
  .strict();
export type RollCallQuery = z.infer<typeof rollCallQuerySchema>;

/** Event `cn.fengqiao.check-in.recorded.v1` on `fq.evt.<grid>.check-in.recorded`: who checked in where, for the activity rate. */
export type CheckInRecordedData = z.infer<typeof checkInRecordedDataSchema>;

/** Event `cn.fengqiao.check-in.missing.v1` on `fq.evt.<county>.check-in.missing`: the roll call's result (usernames and grids, no phones). */
export type CheckInMissingData = CheckInRollCall;

/** The roll-call workflow (a Schedule per county starts it at the county's hour). */
export const CHECK_IN_ROLL_CALL_WORKFLOW = 'checkInRollCall';
/** `check-in-roll-call-<county>`; an isolation prefix (tests, shared servers) goes in front. */
export const checkInRollCallScheduleId = (county: string, prefix?: string) =>
  prefix ? `${prefix}.check-in-roll-call-${county}` : `check-in-roll-call-${county}`;

/** Input of a roll-call run. */
export interface CheckInRollCallInput {
  county: string;
  /** A day to take the roll call for (YYYY-MM-DD, an admin's re-run); absent: the China day the run was due. */
  day?: string;
  /** The county's roll-call time (Beijing time), so a run knows its due instant for the day it names. */
  hour: number;
  minute: number;
  queuePrefix?: string;
}

export interface CheckInRollCallResult {
  county: string;
  day: string;
  workers: number;
  missing: number;
}

/** Activities intake runs for the roll call (on the intake queue). */
export interface CheckInActivities {
  /** Stores (once per county and day) and announces who had not checked in by `dueAt`; a repeat answers the stored result. */
  takeCheckInRollCall(input: { county: string; day: string; dueAt: string }): Promise<CheckInRollCall>;
}

/**
 * Event `cn.fengqiao.check-in.roster.v1` on `fq.evt.<grid>.check-in.roster`: the logins bound to a grid
 * (who is to check in there), sent whenever a grid's workers change. Usernames only, never phones.
 */
export type CheckInRosterData = z.infer<typeof checkInRosterDataSchema>;

/** `GET /api/v1/stats/grid-activity` (docs/metrics.md "Grid workers' activity rate"). */
export interface GridActivityView {
  orgUnit: string;
  gridWorkers: number;
  activeGridWorkers: number;
  /** activeGridWorkers / gridWorkers, rounded half-up to 4 decimals; 0 without grid workers. */
  activityRate: number;
}
