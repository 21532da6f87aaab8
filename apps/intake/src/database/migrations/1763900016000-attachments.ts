import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments (photos, signed agreements) kept in the S3 object store: the metadata of each, linked to
 * its subject (a case; a field report later), under forced row-level security with the subject's
 * jurisdiction: the subject's org path and owner are copied onto the row when it is created (units never
 * move), so `intake.may_see` decides as it does for the subject itself.
 */
export class Attachments1763900016000 implements MigrationInterface {
  name = 'Attachments1763900016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE intake.attachments (
      id uuid PRIMARY KEY,
      subject_kind text NOT NULL,
      subject_id uuid NOT NULL,
      org_path text NOT NULL,
      subject_owner text NOT NULL,
      file_name text NOT NULL,
      content_type text NOT NULL,
      size bigint NOT NULL CHECK (size > 0),
      sha256 text,
      upload_key text NOT NULL,
      object_key text NOT NULL,
      uploaded_by text NOT NULL,
      uploader_username text NOT NULL,
      uploader_name text NOT NULL,
      gps_kept boolean,
      status text NOT NULL CHECK (status IN ('pending', 'stored')),
      created_at timestamptz NOT NULL DEFAULT now(),
      stored_at timestamptz,
      CHECK ((status = 'stored') = (sha256 IS NOT NULL AND stored_at IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX attachments_subject ON intake.attachments (subject_kind, subject_id, created_at)`);
    await q.query(`ALTER TABLE intake.attachments ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE intake.attachments FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY attachments_jurisdiction ON intake.attachments
      USING (intake.may_see(org_path, subject_owner)) WITH CHECK (intake.may_see(org_path, subject_owner))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.attachments`);
  }
}
