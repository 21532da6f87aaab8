import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTable, dropOutboxTable } from '@fengqiao/messaging';

export class CreateIntake1763900000000 implements MigrationInterface {
  name = 'CreateIntake1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS intake`);
    // The org tree with a materialised path ('/621100/621102/621102101/'): subtree = path prefix
    // of the *path*, never of the division code.
    await q.query(`CREATE TABLE intake.org_units (
      code text PRIMARY KEY,
      name text NOT NULL,
      name_en text NOT NULL,
      level text NOT NULL CHECK (level IN ('city','county','township','village','grid')),
      parent_code text REFERENCES intake.org_units(code),
      path text NOT NULL UNIQUE
    )`);
    await q.query(`CREATE TABLE intake.categories (
      code text PRIMARY KEY,
      name text NOT NULL,
      name_en text NOT NULL,
      first_reply_working_days int NOT NULL CHECK (first_reply_working_days > 0),
      active boolean NOT NULL DEFAULT true
    )`);
    await q.query(`CREATE TABLE intake.case_sequences (
      org_unit text NOT NULL REFERENCES intake.org_units(code),
      year int NOT NULL,
      last_value int NOT NULL,
      PRIMARY KEY (org_unit, year)
    )`);
    await q.query(`CREATE TABLE intake.cases (
      id uuid PRIMARY KEY,
      case_no text NOT NULL UNIQUE,
      kind text NOT NULL,
      category text NOT NULL REFERENCES intake.categories(code),
      severity text NOT NULL,
      channel text NOT NULL,
      title text NOT NULL,
      description text NOT NULL,
      status text NOT NULL,
      outcome text,
      warning text NOT NULL DEFAULT 'green',
      org_unit text NOT NULL REFERENCES intake.org_units(code),
      assignee jsonb,
      first_reply_due timestamptz,
      mediation_due timestamptz,
      joint_handling_due timestamptz,
      deadlines_provisional boolean NOT NULL DEFAULT false,
      occurred_at timestamptz,
      location jsonb,
      workflow_id text NOT NULL,
      registered_by text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX cases_org_unit_created ON intake.cases (org_unit, created_at DESC)`);
    await q.query(`CREATE TABLE intake.case_parties (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES intake.cases(id) ON DELETE CASCADE,
      ordinal int NOT NULL,
      role text NOT NULL,
      name text NOT NULL,
      id_number_enc text,
      id_number_bidx text,
      id_number_masked text,
      phone_enc text,
      phone_bidx text,
      phone_masked text
    )`);
    await q.query(`CREATE INDEX case_parties_case ON intake.case_parties (case_id, ordinal)`);
    await q.query(`CREATE INDEX case_parties_id_bidx ON intake.case_parties (id_number_bidx)`);
    await q.query(`CREATE TABLE intake.case_timeline (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES intake.cases(id) ON DELETE CASCADE,
      at timestamptz NOT NULL,
      type text NOT NULL,
      actor text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}'
    )`);
    await q.query(`CREATE INDEX case_timeline_case ON intake.case_timeline (case_id, id)`);
    await createOutboxTable(q, 'intake');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxTable(q, 'intake');
    for (const t of ['case_timeline', 'case_parties', 'cases', 'case_sequences', 'categories', 'org_units']) {
      await q.query(`DROP TABLE intake.${t}`);
    }
  }
}
