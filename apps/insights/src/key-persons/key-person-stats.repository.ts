import type { DataSource } from 'typeorm';
import { likePrefix } from '../org-units/org-units.repository';
import type { KeyPersonCounts } from './key-person-figures';

export interface KeyPersonScope {
  /** Materialised path of the unit whose subtree counts; `/` for everything. */
  pathPrefix: string;
  /** The unit asked about: persons of the unit itself are counted under it in `byUnit`. */
  orgUnit: string;
  /** Contacts due in `[from, to)` count; absent bounds are open. Epoch ms. */
  from?: number;
  to?: number;
  /** The instant the register, overdue contacts and warnings are read at: the window's end, never later than now. */
  end: number;
}

/**
 * The key-person figures of a subtree, as they stood at `scope.end`: persons registered before it and
 * not removed by it; obligations that existed then and had not been re-planned by then (so a
 * re-planned contact is one obligation, whatever the window), with warnings raised before it.
 */
export class KeyPersonStatsRepository {
  constructor(private readonly ds: DataSource) {}

  async counts(s: KeyPersonScope): Promise<KeyPersonCounts> {
    const end = new Date(s.end);
    const prefix = likePrefix(s.pathPrefix);
    const [persons, obligations] = await Promise.all([
      this.ds.query(
        `SELECT k.category, coalesce(rc.to_level, k.risk_level) AS risk_level,
           coalesce(nullif(split_part(substr(u.path, $3), '/', 1), ''), $4) AS unit, count(*)::int AS n
         FROM insights.key_persons k
           JOIN insights.org_units u ON u.code = k.org_unit
           -- The level at the end: the last change before it, else the level registered with.
           LEFT JOIN (
             SELECT DISTINCT ON (r.person_id) r.person_id, r.to_level FROM insights.key_person_risk_changes r
             WHERE r.at < $2 ORDER BY r.person_id, r.at DESC, r.to_level DESC
           ) rc ON rc.person_id = k.person_id
         WHERE u.path LIKE $1 AND k.registered_at < $2 AND (k.removed_at IS NULL OR k.removed_at >= $2)
         GROUP BY 1, 2, 3`,
        [prefix, end, s.pathPrefix.length + 1, s.orgUnit],
      ) as Promise<Array<{ category: string; risk_level: string; unit: string; n: number }>>,
      this.ds.query(
        `SELECT
           count(*) FILTER (WHERE o.contact AND o.due_in_window AND (o.met_at IS NOT NULL OR o.passed))::int AS due,
           count(*) FILTER (WHERE o.contact AND o.due_in_window AND o.met_at IS NOT NULL AND o.on_time)::int AS on_time,
           count(*) FILTER (WHERE o.contact AND o.open_at_end AND o.due_at < $2)::int AS overdue,
           count(*) FILTER (WHERE o.open_at_end AND o.red)::int AS red,
           count(*) FILTER (WHERE o.open_at_end AND o.yellow AND NOT o.red)::int AS yellow
         FROM (
           SELECT o.due_at, o.met_at, o.on_time, o.obligation = 'contact' AS contact,
             ($3::timestamptz IS NULL OR o.due_at >= $3) AND ($4::timestamptz IS NULL OR o.due_at < $4) AS due_in_window,
             -- Past due while the person was on the register (a removal ends the run and its obligations).
             o.due_at < $2 AND (k.removed_at IS NULL OR o.due_at < k.removed_at) AS passed,
             k.registered_at < $2 AND (k.removed_at IS NULL OR k.removed_at >= $2) AND (o.met_at IS NULL OR o.met_at >= $2) AS open_at_end,
             coalesce(w.red, false) AS red, coalesce(w.yellow, false) AS yellow
           FROM insights.key_person_obligations o
             JOIN insights.org_units u ON u.code = o.org_unit
             LEFT JOIN insights.key_persons k ON k.person_id = o.person_id
             -- The colour at the end: the warnings raised on that due time before it.
             LEFT JOIN (
               SELECT w.person_id, w.key, w.due_at, bool_or(w.colour = 'red') AS red, bool_or(w.colour = 'yellow') AS yellow
               FROM insights.key_person_warnings w JOIN insights.org_units wu ON wu.code = w.org_unit
               WHERE wu.path LIKE $1 AND w.at < $2
               GROUP BY w.person_id, w.key, w.due_at
             ) w ON w.person_id = o.person_id AND w.key = o.key AND w.due_at = o.due_at
           WHERE u.path LIKE $1 AND o.planned_at < $2 AND (o.superseded_at IS NULL OR o.superseded_at >= $2)
         ) o`,
        [prefix, end, s.from === undefined ? null : new Date(s.from), s.to === undefined ? null : new Date(s.to)],
      ) as Promise<Array<{ due: number; on_time: number; overdue: number; red: number; yellow: number }>>,
    ]);
    const o = obligations[0]!;
    return {
      onRegister: persons.map((r) => ({ category: r.category, riskLevel: r.risk_level, unit: r.unit, n: Number(r.n) })),
      contactsDue: Number(o.due),
      contactsOnTime: Number(o.on_time),
      overdueContacts: Number(o.overdue),
      yellow: Number(o.yellow),
      red: Number(o.red),
    };
  }
}
