import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { KeyPersonStatsRepository } from '../../apps/insights/src/key-persons/key-person-stats.repository';
import { keyPersonStatsView } from '../../apps/insights/src/key-persons/key-person-figures';

/**
 * The key-person figures at a city's scale: `persons` people on the register of the benchmark's towns,
 * each with 18 monthly contacts from a registration in 2024–25 (most met on time, some late, some never,
 * some re-planned), a few risk changes, removals and warnings. The repository's answer for a year is
 * checked against a plain SQL reading of docs/metrics.md ("Key persons"), then timed.
 */
export async function loadKeyPersons(db: Client, persons: number): Promise<void> {
  await db.query(
    `INSERT INTO insights.key_persons (person_id, org_unit, org_path, category, risk_level, registered_at, removed_at)
     SELECT 'kp' || g, t.code, t.path, (ARRAY['long-term-petitioner', 'major-dispute-party', 'community-correction', 'other'])[1 + g % 4],
       (ARRAY['low', 'medium', 'high'])[1 + (g / 4) % 3], timestamptz '2024-06-01 09:00+08' + (g % 400) * interval '1 day',
       CASE WHEN g % 20 = 0 THEN timestamptz '2025-02-01 09:00+08' + (g % 300) * interval '1 day' END
     FROM generate_series(0, $1::int - 1) AS g JOIN towns t ON t.i = g % (SELECT count(*) FROM towns)`,
    [persons],
  );
  await db.query(
    `INSERT INTO insights.key_person_risk_changes (person_id, at, from_level, to_level)
     SELECT person_id, registered_at + interval '100 days', risk_level, CASE WHEN risk_level = 'high' THEN 'low' ELSE 'high' END
     FROM insights.key_persons WHERE right(person_id, 1) = '7'`,
  );
  // h: a per-row hash deciding the contact's fate (met on time 80 %, late 10 %, never 10 %; re-planned 5 %).
  await db.query(
    `INSERT INTO insights.key_person_obligations (person_id, key, due_at, org_unit, obligation, planned_at, planned_seen, met_at, on_time, superseded_at)
     SELECT k.person_id, 'contact', due, k.org_unit, 'contact', planned, true,
       CASE WHEN h < 80 THEN due - interval '2 days' WHEN h < 90 THEN due + interval '3 days' END, CASE WHEN h < 80 THEN true WHEN h < 90 THEN false END,
       CASE WHEN h >= 95 THEN planned + interval '1 day' END
     FROM insights.key_persons k CROSS JOIN generate_series(0, 17) AS n
     CROSS JOIN LATERAL (SELECT k.registered_at + n * interval '30 days' AS planned, k.registered_at + (n + 1) * interval '30 days' AS due,
       ((hashtext(k.person_id || n))::bigint % 100 + 100) % 100 AS h) x`,
  );
  await db.query(
    `INSERT INTO insights.key_person_warnings (person_id, key, due_at, colour, at, org_unit)
     SELECT person_id, key, due_at, c.colour, due_at + c.after, org_unit FROM insights.key_person_obligations o
     CROSS JOIN (VALUES ('yellow', interval '1 minute'), ('red', interval '7 days')) AS c(colour, after)
     WHERE (o.met_at IS NULL OR o.met_at > o.due_at + c.after) AND o.superseded_at IS NULL`,
  );
  for (const t of ['key_persons', 'key_person_risk_changes', 'key_person_obligations', 'key_person_warnings']) await db.query(`VACUUM ANALYZE insights.${t}`);
}

/** The figures straight from docs/metrics.md, written apart from the repository's query. */
const RAW_SQL = `
  WITH p AS (
    SELECT k.*, coalesce((SELECT to_level FROM insights.key_person_risk_changes r WHERE r.person_id = k.person_id AND r.at < $2 ORDER BY r.at DESC LIMIT 1), k.risk_level) AS level_then,
      k.registered_at < $2 AND (k.removed_at IS NULL OR k.removed_at >= $2) AS on_register
    FROM insights.key_persons k WHERE k.org_path LIKE $1
  ), o AS (
    SELECT o.*, p.on_register, p.removed_at FROM insights.key_person_obligations o JOIN p USING (person_id)
    WHERE o.planned_at < $2 AND (o.superseded_at IS NULL OR o.superseded_at >= $2)
  ), open_then AS (
    SELECT o.*, (SELECT CASE WHEN bool_or(w.colour = 'red') THEN 'red' ELSE 'yellow' END FROM insights.key_person_warnings w
                 WHERE (w.person_id, w.key, w.due_at) = (o.person_id, o.key, o.due_at) AND w.at < $2 HAVING count(*) > 0) AS colour
    FROM o WHERE o.on_register AND (o.met_at IS NULL OR o.met_at >= $2)
  )
  SELECT (SELECT count(*) FROM p WHERE on_register)::int AS "onRegister",
    (SELECT count(*) FROM p WHERE on_register AND level_then = 'high')::int AS high,
    (SELECT count(*) FROM o WHERE due_at >= $3 AND due_at < $2 AND (met_at IS NOT NULL OR removed_at IS NULL OR due_at < removed_at))::int AS "contactsDue",
    (SELECT count(*) FROM o WHERE due_at >= $3 AND due_at < $2 AND met_at IS NOT NULL AND on_time)::int AS "contactsOnTime",
    (SELECT count(*) FROM open_then WHERE due_at < $2)::int AS "overdueContacts",
    (SELECT count(*) FROM open_then WHERE colour = 'yellow')::int AS yellow,
    (SELECT count(*) FROM open_then WHERE colour = 'red')::int AS red`;

export async function benchKeyPersons(
  ds: DataSource,
  db: Client,
  scopes: Array<[string, string]>,
  window: { from: number; to: number },
  time: (fn: () => Promise<unknown>) => Promise<{ p50: number; p95: number }>,
): Promise<void> {
  const repo = new KeyPersonStatsRepository(ds);
  process.stdout.write(
    `\nkey-person figures over the same year, milliseconds\n${'scope'.padEnd(10)}${'persons'.padStart(10)}${'p50'.padStart(9)}${'p95'.padStart(9)}\n`,
  );
  for (const [label, path] of scopes) {
    const scope = { pathPrefix: path, orgUnit: path.split('/').filter(Boolean).pop()!, ...window, end: window.to };
    const v = keyPersonStatsView(scope.orgUnit, await repo.counts(scope));
    const mine = {
      onRegister: v.onRegister,
      high: v.byRiskLevel.high,
      contactsDue: v.contactsDue,
      contactsOnTime: v.contactsOnTime,
      overdueContacts: v.overdueContacts,
      yellow: v.warnings.yellow,
      red: v.warnings.red,
    };
    const raw = (await db.query(RAW_SQL, [`${path}%`, new Date(window.to), new Date(window.from)])).rows[0] as typeof mine;
    if (JSON.stringify(raw) !== JSON.stringify(mine)) throw new Error(`${label}: key-person figures disagree\n${JSON.stringify(mine)}\n${JSON.stringify(raw)}`);
    if (v.contactsDue === 0 || v.warnings.red === 0) throw new Error(`${label}: the key-person data set exercises nothing`);
    const r = await time(() => repo.counts(scope));
    process.stdout.write(
      `${label.padEnd(10)}${v.onRegister.toLocaleString('en').padStart(10)}${r.p50.toFixed(2).padStart(9)}${r.p95.toFixed(2).padStart(9)}\n`,
    );
  }
}
