import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePetitions1763900030000 implements MigrationInterface {
  name = 'CreatePetitions1763900030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS petitions`);
    // A copy of the org tree (petitions may not read intake's schema), for the jurisdiction rule.
    await q.query(`CREATE TABLE petitions.org_units (
      code text PRIMARY KEY,
      parent_code text REFERENCES petitions.org_units(code),
      path text NOT NULL UNIQUE
    )`);
    // One row per petition case. The decision columns are derived from the steps (a fold over
    // petitions.steps in seq order), so a retried or late step gives the same file.
    await q.query(`CREATE TABLE petitions.petitions (
      case_id uuid PRIMARY KEY,
      case_no text NOT NULL UNIQUE,
      org_unit text NOT NULL,
      channel text,
      status text NOT NULL,
      title text,
      registered_at timestamptz,
      acceptance_decision text CHECK (acceptance_decision IN ('accepted','not-accepted')),
      acceptance_reason text,
      acceptance_at timestamptz,
      acceptance_by text,
      competent_body text,
      forward_mode text,
      forwarded_at timestamptz,
      objected_at timestamptz,
      objection_reason text,
      extension_days int,
      extension_reason text,
      extension_approved boolean,
      extension_at timestamptz,
      extension_by text,
      reply_text text,
      replied_at timestamptz,
      replied_by text,
      review_requested_at timestamptz,
      review_decision text,
      review_text text,
      review_decided_at timestamptz,
      review_decided_by text,
      re_review_requested_at timestamptz,
      re_review_decision text,
      re_review_text text,
      re_review_decided_at timestamptz,
      re_review_decided_by text,
      hearings jsonb NOT NULL DEFAULT '[]',
      rating int CHECK (rating BETWEEN 1 AND 5),
      closed_at timestamptz,
      last_seq int NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX petitions_org_unit ON petitions.petitions (org_unit)`);
    // Every step as the process recorded it; (case_id, seq) makes a retried activity a no-op.
    await q.query(`CREATE TABLE petitions.steps (
      case_id uuid NOT NULL REFERENCES petitions.petitions(case_id),
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
    // The issued documents as rendered when their step was recorded: one of each kind per petition.
    await q.query(`CREATE TABLE petitions.documents (
      case_id uuid NOT NULL REFERENCES petitions.petitions(case_id),
      kind text NOT NULL CHECK (kind IN ('acceptance-notice','non-acceptance-notice','reply','review-decision','re-review-decision')),
      seq int NOT NULL,
      number text NOT NULL,
      issued_at timestamptz NOT NULL,
      content bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (case_id, kind)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['documents', 'steps', 'petitions', 'org_units']) await q.query(`DROP TABLE petitions.${t}`);
  }
}
