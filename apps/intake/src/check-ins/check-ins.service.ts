import type { DataSource, EntityManager } from 'typeorm';
import {
  CHECK_IN_OTHER_PERSON_FIELDS,
  checkInInputSchema,
  EventTypes,
  myCheckInQuerySchema,
  eventSubject,
  ok,
  rollCallQuerySchema,
  zodFieldErrors,
  type BoundaryGeometry,
  type Caller,
  type CheckInMissingData,
  type CheckInRecordedData,
  type CheckInRollCall,
  type CheckInView,
  type MissingCheckIn,
  type MyCheckInView,
  type Reply,
} from '@fengqiao/contracts';
import { chinaDate, formatChinaTime } from '@fengqiao/calendar';
import { JurisdictionFailures, mayActOnUnit, pointInBoundary } from '@fengqiao/rules';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { INTAKE_SCHEMA, INTAKE_EVENT_SOURCE } from '../config/intake.config';
import type { ReferenceService } from '../reference/reference.service';
import { ReferenceFailures } from '../reference/reference.failures';
import { workerGrids } from '../reference/grid-register';
import { CheckInFailures } from './check-ins.failures';

interface StoredCheckIn {
  day: string;
  at: Date;
  grid_code: string;
  lng: number;
  lat: number;
  accuracy: number | null;
}

interface StoredRollCall {
  county: string;
  day: string;
  due_at: Date;
  workers: number;
  checked_in: number;
  missing: MissingCheckIn[];
  taken_at: Date;
}

/** Does the body name anyone (a field meant for another person)? A check-in is always the caller's own. */
export function namesSomeoneElse(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  return CHECK_IN_OTHER_PERSON_FIELDS.some((f) => Object.prototype.hasOwnProperty.call(body, f));
}

/** The grid (of the worker's) whose boundary holds the position, or undefined. Pure. */
export function gridHolding<G extends { code: string; boundary: BoundaryGeometry | null }>(
  position: { lng: number; lat: number },
  grids: readonly G[],
): G | undefined {
  return grids.find((g) => g.boundary !== null && pointInBoundary(position, g.boundary));
}

const view = (r: StoredCheckIn, repeated: boolean): CheckInView => ({
  day: r.day,
  at: formatChinaTime(r.at),
  gridCode: r.grid_code,
  position: { lng: r.lng, lat: r.lat, ...(r.accuracy !== null ? { accuracy: r.accuracy } : {}) },
  repeated,
});

const rollCallView = (r: StoredRollCall): CheckInRollCall => ({
  county: r.county,
  day: r.day,
  dueAt: formatChinaTime(r.due_at),
  workers: r.workers,
  checkedIn: r.checked_in,
  missing: r.missing,
  takenAt: formatChinaTime(r.taken_at),
});

const CHECK_IN_COLUMNS = `to_char(day, 'YYYY-MM-DD') AS day, at, grid_code, lng, lat, accuracy`;

/**
 * The daily check-in (报平安) and the county roll call. Who is a grid worker of which grid comes from
 * the grid register (`intake.grid_workers.username`); the position is checked against the boundary
 * of the worker's grids (libs/rules pointInBoundary); the day is the China day (libs/calendar).
 */
export class CheckInsService {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceService,
    private readonly onOutboxWrite: () => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The caller checks in for themself: once per China day (a repeat answers the first), inside one of their grids. */
  async checkIn(body: unknown, caller: Caller): Promise<Reply<CheckInView>> {
    if (namesSomeoneElse(body)) return CheckInFailures.fail('CHECK_IN_FOR_OTHERS');
    const parsed = checkInInputSchema.safeParse(body ?? {});
    if (!parsed.success) return CheckInFailures.fail('CHECK_IN_INVALID', zodFieldErrors(parsed.error));
    const { position } = parsed.data;
    const grids = await workerGrids(this.ds.manager, caller.username);
    if (!grids.length) return CheckInFailures.fail('CHECK_IN_NOT_GRID_WORKER');
    const at = this.now();
    const day = chinaDate(at);
    const first = await this.stored(this.ds.manager, caller.username, day);
    if (first) return ok(view(first, true));
    const grid = gridHolding(position, grids);
    if (!grid) return CheckInFailures.fail('CHECK_IN_OUTSIDE_GRID', { grids: grids.map((g) => g.code).join(', ') });

    const outcome = await this.ds.transaction(async (m) => {
      const inserted = (await m.query(
        `INSERT INTO intake.check_ins (username, user_id, day, at, grid_code, lng, lat, accuracy) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (username, day) DO NOTHING RETURNING ${CHECK_IN_COLUMNS}`,
        [caller.username, caller.userId, day, at, grid.code, position.lng, position.lat, position.accuracy ?? null],
      )) as StoredCheckIn[];
      // A concurrent first check-in of the same day won: answer it.
      if (!inserted.length) return view((await this.stored(m, caller.username, day))!, true);
      const data: CheckInRecordedData = { username: caller.username, day, at: formatChinaTime(at), gridCode: grid.code, path: grid.path };
      await appendToOutbox(
        m,
        INTAKE_SCHEMA,
        eventSubject(grid.code, 'check-in', 'recorded'),
        buildCloudEvent({ type: EventTypes.checkInRecorded, source: INTAKE_EVENT_SOURCE, subject: grid.code, data, time: at }),
      );
      return view(inserted[0]!, false);
    });
    if (!outcome.repeated) this.onOutboxWrite();
    return ok(outcome);
  }

  /** The caller's own check-in of a China day (today's when none is named), or null: only ever the caller's, by their login. */
  async myCheckIn(query: unknown, caller: Caller): Promise<Reply<MyCheckInView>> {
    const parsed = myCheckInQuerySchema.safeParse(query ?? {});
    if (!parsed.success) return CheckInFailures.fail('CHECK_IN_QUERY_INVALID', zodFieldErrors(parsed.error));
    const day = parsed.data.date ?? chinaDate(this.now());
    const row = await this.stored(this.ds.manager, caller.username, day);
    return ok({ day, checkIn: row ? view(row, false) : null });
  }

  private async stored(m: EntityManager, username: string, day: string): Promise<StoredCheckIn | undefined> {
    const [row] = (await m.query(`SELECT ${CHECK_IN_COLUMNS} FROM intake.check_ins WHERE username = $1 AND day = $2`, [username, day])) as StoredCheckIn[];
    return row;
  }

  /**
   * The roll call of a county for a China day: its grid workers bound to a login who had not checked
   * in by `dueAt`. Stored once per county and day and announced as `check-in.missing`; a repeat
   * (an activity retried, a Schedule caught up) answers the stored result and announces nothing.
   */
  async takeRollCall(input: { county: string; day: string; dueAt: string }): Promise<CheckInRollCall> {
    const result = await this.ds.transaction(async (m) => {
      const [done] = (await m.query(`SELECT ${ROLL_CALL_COLUMNS} FROM intake.check_in_roll_calls WHERE county = $1 AND day = $2`, [
        input.county,
        input.day,
      ])) as StoredRollCall[];
      if (done) return { call: rollCallView(done), fresh: false };
      const workers = (await m.query(
        `SELECT g.username, min(g.name) AS name, array_agg(DISTINCT g.org_unit ORDER BY g.org_unit) AS grids,
                bool_or(c.username IS NOT NULL) AS checked_in
           FROM intake.grid_workers g
           JOIN intake.org_units o ON o.code = g.org_unit
           LEFT JOIN intake.check_ins c ON c.username = g.username AND c.day = $2::date AND c.at <= $3::timestamptz
          WHERE g.username IS NOT NULL AND o.path LIKE ('%/' || $1 || '/%')
          GROUP BY g.username ORDER BY g.username`,
        [input.county, input.day, input.dueAt],
      )) as { username: string; name: string; grids: string[]; checked_in: boolean }[];
      const missing = workers.filter((w) => !w.checked_in).map((w) => ({ username: w.username, name: w.name, grids: w.grids }));
      const [row] = (await m.query(
        `INSERT INTO intake.check_in_roll_calls (county, day, due_at, workers, checked_in, missing, taken_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
         RETURNING ${ROLL_CALL_COLUMNS}`,
        [input.county, input.day, input.dueAt, workers.length, workers.length - missing.length, JSON.stringify(missing), this.now()],
      )) as StoredRollCall[];
      const call = rollCallView(row!);
      const data: CheckInMissingData = call;
      await appendToOutbox(
        m,
        INTAKE_SCHEMA,
        eventSubject(input.county, 'check-in', 'missing'),
        buildCloudEvent({ type: EventTypes.checkInMissing, source: INTAKE_EVENT_SOURCE, subject: input.county, data, time: row!.taken_at }),
      );
      return { call, fresh: true };
    });
    if (result.fresh) this.onOutboxWrite();
    return result.call;
  }

  /** The roll calls of a county (newest first, or one day's), for a caller whose jurisdiction covers the county. */
  async listRollCalls(query: unknown, caller: Caller): Promise<Reply<CheckInRollCall[]>> {
    const parsed = rollCallQuerySchema.safeParse(query ?? {});
    if (!parsed.success) return CheckInFailures.fail('ROLL_CALL_QUERY_INVALID', zodFieldErrors(parsed.error));
    const { orgUnit, day } = parsed.data;
    const unit = await this.refs.orgUnit(orgUnit);
    if (!unit) return ReferenceFailures.fail('ORG_UNIT_NOT_FOUND', { code: orgUnit });
    if (unit.level !== 'county') return CheckInFailures.fail('ROLL_CALL_UNIT_NOT_COUNTY', { code: orgUnit });
    if (!mayActOnUnit(caller, { code: unit.code, path: unit.path })) return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
    const rows = (await this.ds.query(
      `SELECT ${ROLL_CALL_COLUMNS} FROM intake.check_in_roll_calls WHERE county = $1 AND ($2::date IS NULL OR day = $2::date) ORDER BY day DESC LIMIT 31`,
      [orgUnit, day ?? null],
    )) as StoredRollCall[];
    return ok(rows.map(rollCallView));
  }
}

const ROLL_CALL_COLUMNS = `county, to_char(day, 'YYYY-MM-DD') AS day, due_at, workers, checked_in, missing, taken_at`;
