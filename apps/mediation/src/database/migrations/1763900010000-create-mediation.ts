import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMediation1763900010000 implements MigrationInterface {
  name = 'CreateMediation1763900010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS mediation`);
    // A copy of the org tree (mediation may not read intake's schema): jurisdiction checks
    // compare materialised paths ('/621100/621102/621102101/'), never code prefixes.
    await q.query(`CREATE TABLE mediation.org_units (
      code text PRIMARY KEY,
      parent_code text REFERENCES mediation.org_units(code),
      path text NOT NULL UNIQUE
    )`);
    // Team values are checked by the application (contracts' TEAMS), so a new team needs no migration.
    await q.query(`CREATE TABLE mediation.mediators (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      username text,
      org_unit text NOT NULL,
      teams text[] NOT NULL CHECK (cardinality(teams) > 0),
      capacity int NOT NULL CHECK (capacity > 0),
      active boolean NOT NULL DEFAULT true,
      last_assigned_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX mediators_username ON mediation.mediators (username) WHERE username IS NOT NULL`);
    await q.query(`CREATE INDEX mediators_org_unit ON mediation.mediators (org_unit) WHERE active`);
    await q.query(`CREATE TABLE mediation.assignments (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL,
      case_no text NOT NULL,
      mediator_id uuid NOT NULL REFERENCES mediation.mediators(id),
      org_unit text NOT NULL,
      team text NOT NULL,
      assigned_at timestamptz NOT NULL,
      released_at timestamptz,
      CHECK (released_at IS NULL OR released_at >= assigned_at)
    )`);
    // At most one current mediator per case; (case, assigned_at) recognises a retried assignment.
    await q.query(`CREATE UNIQUE INDEX assignments_current ON mediation.assignments (case_id) WHERE released_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX assignments_case_at ON mediation.assignments (case_id, assigned_at)`);
    await q.query(`CREATE INDEX assignments_load ON mediation.assignments (mediator_id) WHERE released_at IS NULL`);
    await q.query(`CREATE TABLE mediation.sessions (
      case_id uuid NOT NULL,
      seq int NOT NULL,
      case_no text NOT NULL,
      mediator_id uuid REFERENCES mediation.mediators(id),
      at timestamptz NOT NULL,
      summary text NOT NULL,
      participants jsonb NOT NULL DEFAULT '[]',
      PRIMARY KEY (case_id, seq)
    )`);
    await q.query(`CREATE TABLE mediation.agreements (
      case_id uuid PRIMARY KEY,
      case_no text NOT NULL,
      text text NOT NULL,
      signed_at timestamptz NOT NULL,
      confirmation_due timestamptz NOT NULL,
      confirmation_result text CHECK (confirmation_result IN ('confirmed','rejected','lapsed')),
      court text,
      decided_at timestamptz,
      reference text
    )`);
    // A department may be summoned at more than one centre of a case (市镇联动), so the org unit is part of the key.
    await q.query(`CREATE TABLE mediation.joint_parts (
      case_id uuid NOT NULL,
      department text NOT NULL,
      org_unit text NOT NULL,
      case_no text NOT NULL,
      lead_org_unit text NOT NULL,
      handled_by text NOT NULL,
      opened_at timestamptz NOT NULL,
      report_in_due timestamptz NOT NULL,
      reported_in_at timestamptz,
      reported_in_by text,
      result_at timestamptz,
      result_by text,
      result_summary text,
      PRIMARY KEY (case_id, department, org_unit)
    )`);
    await q.query(`CREATE TABLE mediation.return_visits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL,
      case_no text NOT NULL,
      org_unit text NOT NULL,
      reason text NOT NULL CHECK (reason IN ('failed','low-rating')),
      scheduled_at timestamptz NOT NULL,
      due timestamptz NOT NULL,
      done_at timestamptz,
      done_by text,
      summary text,
      resolved boolean,
      handled_by text NOT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX return_visits_case_at ON mediation.return_visits (case_id, scheduled_at)`);
    await q.query(`CREATE UNIQUE INDEX return_visits_open ON mediation.return_visits (case_id) WHERE done_at IS NULL`);
    await q.query(`CREATE INDEX return_visits_org_due ON mediation.return_visits (org_unit, due)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['return_visits', 'joint_parts', 'agreements', 'sessions', 'assignments', 'mediators', 'org_units']) {
      await q.query(`DROP TABLE mediation.${t}`);
    }
  }
}
