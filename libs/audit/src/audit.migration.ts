import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS_HASH } from './audit-hash';

/**
 * Schema `audit`: the append-only, hash-chained log of every unmasking and every read of
 * sensitive records (docs/architecture.md, Personal data). A service lists this class among its own migrations
 * (its migrations table records it); `up` is idempotent so a second service may list it too.
 *
 * Protections, for every role that is not a superuser (the owner included):
 *  - UPDATE, DELETE and TRUNCATE of audit.entries raise "audit entries are append-only";
 *  - an INSERT must be the chain's next entry: seq = head.seq + 1, prev_hash = head.hash;
 *  - the head only advances to the entry just appended, and cannot be removed.
 * The owner can still drop or disable its own triggers (DDL): the apps must therefore log in
 * as a role that does NOT own these tables (grantAuditAccess). A superuser can do anything:
 * verifyAuditChain is what finds that.
 */
export class CreateAudit1763900003000 implements MigrationInterface {
  name = 'CreateAudit1763900003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS audit`);
    await q.query(`CREATE TABLE IF NOT EXISTS audit.entries (
      seq            bigint PRIMARY KEY CHECK (seq > 0),
      at             timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor_id       text NOT NULL,
      actor_name     text,
      actor_roles    text[] NOT NULL DEFAULT '{}',
      actor_org_unit text,
      action         text NOT NULL,
      subject_type   text,
      subject_id     text,
      reason         text,
      source_ip      text,
      request_id     text,
      result         text NOT NULL CHECK (result IN ('allowed', 'denied')),
      detail         jsonb,
      prev_hash      text NOT NULL,
      hash           text NOT NULL
    )`);
    // seq is not a bigserial: appendAudit takes head.seq + 1 under the head's row lock, so a
    // rolled-back append leaves no hole and every hole the verifier finds is a removed row.
    await q.query(
      `COMMENT ON TABLE audit.entries IS 'Append-only, hash-chained audit log (libs/audit). hash = sha256(prev_hash || canonical JSON of the row); verify with verify-audit.'`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS entries_subject ON audit.entries (subject_type, subject_id, at)`);
    await q.query(`CREATE INDEX IF NOT EXISTS entries_actor ON audit.entries (actor_id, at)`);
    await q.query(`CREATE TABLE IF NOT EXISTS audit.chain_head (
      id   int PRIMARY KEY CHECK (id = 1),
      seq  bigint NOT NULL,
      hash text NOT NULL
    )`);
    // (WHERE NOT EXISTS, not ON CONFLICT: on a re-run the head's guard trigger would refuse the attempt.)
    await q.query(`INSERT INTO audit.chain_head (id, seq, hash) SELECT 1, 0, $1 WHERE NOT EXISTS (SELECT 1 FROM audit.chain_head)`, [GENESIS_HASH]);

    await q.query(`CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit entries are append-only'
          USING ERRCODE = 'insufficient_privilege', DETAIL = format('%s on %I.%I refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME);
      END
    $fn$`);
    await q.query(`CREATE OR REPLACE FUNCTION audit.check_append() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE head_seq bigint; head_hash text;
      BEGIN
        SELECT seq, hash INTO head_seq, head_hash FROM audit.chain_head WHERE id = 1;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'audit chain head is missing' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.seq IS DISTINCT FROM head_seq + 1 OR NEW.prev_hash IS DISTINCT FROM head_hash THEN
          RAISE EXCEPTION 'audit entries are appended at the chain head only'
            USING ERRCODE = 'integrity_constraint_violation',
                  DETAIL = format('seq %s after head seq %s', NEW.seq, head_seq);
        END IF;
        RETURN NEW;
      END
    $fn$`);
    await q.query(`CREATE OR REPLACE FUNCTION audit.guard_head() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NEW.seq <> 0 OR NEW.hash <> repeat('0', 64) OR EXISTS (SELECT 1 FROM audit.entries) THEN
            RAISE EXCEPTION 'audit chain head can only be created for an empty log' USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        ELSIF TG_OP = 'UPDATE' THEN
          IF NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1 OR NOT EXISTS (
               SELECT 1 FROM audit.entries e WHERE e.seq = NEW.seq AND e.hash = NEW.hash AND e.prev_hash = OLD.hash) THEN
            RAISE EXCEPTION 'audit chain head only advances to the entry just appended' USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit entries are append-only'
          USING ERRCODE = 'insufficient_privilege', DETAIL = 'the chain head cannot be removed';
      END
    $fn$`);
    await q.query(`CREATE OR REPLACE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON audit.entries FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()`);
    await q.query(`CREATE OR REPLACE TRIGGER entries_no_truncate BEFORE TRUNCATE ON audit.entries FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()`);
    await q.query(`CREATE OR REPLACE TRIGGER entries_at_head BEFORE INSERT ON audit.entries FOR EACH ROW EXECUTE FUNCTION audit.check_append()`);
    await q.query(
      `CREATE OR REPLACE TRIGGER chain_head_guard BEFORE INSERT OR UPDATE OR DELETE ON audit.chain_head FOR EACH ROW EXECUTE FUNCTION audit.guard_head()`,
    );
    await q.query(
      `CREATE OR REPLACE TRIGGER chain_head_no_truncate BEFORE TRUNCATE ON audit.chain_head FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()`,
    );
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit.entries FROM PUBLIC`);
    await q.query(`REVOKE DELETE, TRUNCATE ON audit.chain_head FROM PUBLIC`);
  }

  /**
   * Removes the schema's objects, whichever of them exist; refuses while audit.entries holds
   * rows (an audit log is archived and dropped by hand, never by a migration rollback).
   */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DO $do$ BEGIN
      IF to_regclass('audit.entries') IS NOT NULL AND EXISTS (SELECT 1 FROM audit.entries) THEN
        RAISE EXCEPTION 'refusing to drop a non-empty audit log (audit.entries): archive it and drop it by hand';
      END IF;
    END $do$`);
    await q.query(`DROP TABLE IF EXISTS audit.entries`);
    await q.query(`DROP TABLE IF EXISTS audit.chain_head`);
    await q.query(`DROP FUNCTION IF EXISTS audit.refuse_change()`);
    await q.query(`DROP FUNCTION IF EXISTS audit.check_append()`);
    await q.query(`DROP FUNCTION IF EXISTS audit.guard_head()`);
    // The schema goes only when nothing else lives in it.
    await q.query(`DO $do$ BEGIN
      DROP SCHEMA IF EXISTS audit;
    EXCEPTION WHEN dependent_objects_still_exist THEN NULL;
    END $do$`);
  }
}
