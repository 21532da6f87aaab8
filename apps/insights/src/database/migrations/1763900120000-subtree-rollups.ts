import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rollups' count columns as of this migration (a later migration adding one adds it to both tables). */
const COUNTS = [
  'received',
  'closed',
  'resolved_at_first_contact',
  'mediated',
  'mediation_succeeded',
  'resolved',
  'closed_on_time',
  'first_reply_count',
  'first_reply_ms_sum',
  'ratings',
  'ratings_satisfied',
  'open_green',
  'open_yellow',
  'open_red',
  'petition_acceptance_due',
  'petition_accepted_timely',
  'petition_replied',
  'petition_replied_on_time',
  'petition_replied_rated',
  'petition_replied_reviewed',
  'legal_aid_applications',
  'legal_aid_notifications',
  'legal_aid_granted',
  'legal_aid_refused',
  'legal_aid_decision_timed',
  'legal_aid_decision_ms_sum',
  'legal_aid_assigned',
  'legal_aid_assigned_on_time',
  'legal_aid_withdrawn',
  'legal_aid_terminated',
  'legal_aid_objections',
  'legal_aid_under_review',
  'legal_aid_awaiting_materials',
];
/** Sums that outgrow an integer over a city's month. */
const BIG = new Set(['first_reply_ms_sum', 'legal_aid_decision_ms_sum']);

/**
 * The rollups summed per subtree (docs/metrics.md, "How the read model works"): for every unit on a
 * unit's path (and `/`, everything), by kind, category and period — the China day and its month — so
 * a statistics query reads its own unit's months and edge days, not every unit below it for every
 * day. Filled here from the rollups and the units' current paths; the projection keeps it from then on.
 */
export class SubtreeRollups1763900120000 implements MigrationInterface {
  name = 'SubtreeRollups1763900120000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE insights.subtree_rollups (
        path text NOT NULL,
        grain text NOT NULL CHECK (grain IN ('day', 'month')),
        period date NOT NULL,
        kind text NOT NULL,
        category text NOT NULL,
        ${COUNTS.map((c) => `${c} ${BIG.has(c) ? 'bigint' : 'integer'} NOT NULL DEFAULT 0`).join(',\n        ')},
        CONSTRAINT subtree_rollups_pkey PRIMARY KEY (path, grain, period, kind, category),
        CHECK (grain = 'day' OR extract(day FROM period) = 1)
      )`);
    await q.query(`
      INSERT INTO insights.subtree_rollups (path, grain, period, kind, category, ${COUNTS.join(', ')})
      SELECT a.path, g.grain, g.period, r.kind, r.category, ${COUNTS.map((c) => `sum(r.${c})`).join(', ')}
      FROM insights.rollups r
        JOIN insights.org_units u ON u.code = r.org_unit
        CROSS JOIN LATERAL (
          SELECT '/'::text AS path
          UNION ALL
          SELECT '/' || array_to_string(s.seg[1:n], '/') || '/'
          FROM (SELECT string_to_array(trim(BOTH '/' FROM u.path), '/') AS seg) s, generate_series(1, cardinality(s.seg)) AS n
        ) a
        CROSS JOIN LATERAL (VALUES ('day', r.day), ('month', date_trunc('month', r.day::timestamp)::date)) AS g(grain, period)
      GROUP BY a.path, g.grain, g.period, r.kind, r.category`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE insights.subtree_rollups`);
  }
}
