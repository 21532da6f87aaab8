import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLegalAid1764900040000 implements MigrationInterface {
  name = 'CreateLegalAid1764900040000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS legal_aid`);
    // A copy of the org tree (legal aid may not read intake's schema): jurisdiction and the standard's ancestor search.
    await q.query(`CREATE TABLE legal_aid.org_units (
      code text PRIMARY KEY,
      parent_code text REFERENCES legal_aid.org_units(code),
      path text NOT NULL UNIQUE
    )`);
    // One row per legal-aid case: created by its first step or application. The file itself is a
    // fold over legal_aid.steps (file/legal-aid-file.ts); the row keeps what the activities read.
    await q.query(`CREATE TABLE legal_aid.applications (
      case_id uuid PRIMARY KEY,
      case_no text NOT NULL UNIQUE,
      org_unit text NOT NULL,
      org_path text,
      status text NOT NULL,
      matter text,
      facts jsonb,
      applicant_keys text[] NOT NULL DEFAULT '{}',
      opponent_keys text[] NOT NULL DEFAULT '{}',
      linked_case_ids uuid[] NOT NULL DEFAULT '{}',
      assessment jsonb,
      standard_id uuid,
      applied_seq int,
      applied_at timestamptz,
      applied_by text,
      last_seq int NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX applications_org_path ON legal_aid.applications (org_path text_pattern_ops)`);
    // Every step as the process recorded it; (case_id, seq) makes a retried activity a no-op.
    await q.query(`CREATE TABLE legal_aid.steps (
      case_id uuid NOT NULL REFERENCES legal_aid.applications(case_id),
      seq int NOT NULL CHECK (seq >= 0),
      type text NOT NULL,
      actor text NOT NULL,
      at timestamptz NOT NULL,
      status text NOT NULL,
      org_unit text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (case_id, seq)
    )`);
    // 经济困难标准, versioned per org unit; a loaded version is never changed (an assessment names it).
    await q.query(`CREATE TABLE legal_aid.economic_standards (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_unit text NOT NULL,
      version int NOT NULL CHECK (version >= 1),
      minimum_living_monthly numeric(12,2) NOT NULL CHECK (minimum_living_monthly >= 0),
      multiplier numeric(6,3) NOT NULL CHECK (multiplier > 0),
      effective_from date NOT NULL,
      source text NOT NULL,
      loaded_by text NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_unit, version)
    )`);
    // The roster (法律援助人员).
    await q.query(`CREATE TABLE legal_aid.providers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      type text NOT NULL CHECK (type IN ('staff-lawyer','firm-lawyer','grassroots-worker')),
      organisation text NOT NULL,
      specialities text[] NOT NULL,
      org_unit text NOT NULL,
      capacity int NOT NULL CHECK (capacity >= 1),
      username text UNIQUE,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Who acts for whom: kept after release, since the conflict check reads every past assignment.
    await q.query(`CREATE TABLE legal_aid.assignments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES legal_aid.applications(case_id),
      seq int NOT NULL,
      provider_id uuid NOT NULL REFERENCES legal_aid.providers(id),
      client_keys text[] NOT NULL DEFAULT '{}',
      opponent_keys text[] NOT NULL DEFAULT '{}',
      linked_case_ids uuid[] NOT NULL DEFAULT '{}',
      reason text NOT NULL,
      assigned_by text NOT NULL,
      assigned_at timestamptz NOT NULL,
      released_at timestamptz,
      UNIQUE (case_id, seq)
    )`);
    // One provider in hand per case at a time.
    await q.query(`CREATE UNIQUE INDEX assignments_active_case ON legal_aid.assignments (case_id) WHERE released_at IS NULL`);
    await q.query(`CREATE INDEX assignments_provider ON legal_aid.assignments (provider_id)`);
    await q.query(`CREATE INDEX assignments_client_keys ON legal_aid.assignments USING gin (client_keys)`);
    // The issued documents as rendered when their step was recorded: one of each kind per case.
    await q.query(`CREATE TABLE legal_aid.documents (
      case_id uuid NOT NULL REFERENCES legal_aid.applications(case_id),
      kind text NOT NULL CHECK (kind IN ('grant-decision','refusal-decision','material-request','assignment-letter')),
      seq int NOT NULL,
      number text NOT NULL,
      issued_at timestamptz NOT NULL,
      content bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (case_id, kind)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['documents', 'assignments', 'providers', 'economic_standards', 'steps', 'applications', 'org_units'])
      await q.query(`DROP TABLE legal_aid.${t}`);
  }
}
