import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `audit.append_entries(records jsonb, after_seq bigint, after_hash text)`: appends a batch of
 * already hashed records (AuditRecord plus `prev_hash` and `hash`, in chain order) in one call, if
 * and only if the chain head is still (`after_seq`, `after_hash`) — the head the caller hashed them
 * from. Each record is its own INSERT and head advance, so the log's triggers check every row exactly
 * as they check a single append. It takes the head's row lock itself (a caller already holding it
 * loses nothing) and answers the head after the call: the last record's when it appended, the current
 * one, unchanged, when the caller's head was stale (nothing appended; the caller hashes again).
 * The transaction commits with synchronous commit whatever the server or session says (`off` is
 * overridden for this transaction; stronger settings are kept): a read's entry is on disk before the
 * read answers. SECURITY INVOKER: the app role's own grants and the log's triggers apply.
 * One round trip per batch: what DurableAuditWriter and the read outbox's drainer append with.
 * Idempotent.
 */
export class AuditAppendEntries1765900070000 implements MigrationInterface {
  name = 'AuditAppendEntries1765900070000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION audit.append_entries(records jsonb, after_seq bigint, after_hash text)
      RETURNS TABLE (seq bigint, hash text)
      LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $fn$
      DECLARE r jsonb; head_seq bigint; head_hash text;
      BEGIN
        IF current_setting('synchronous_commit') = 'off' THEN
          PERFORM set_config('synchronous_commit', 'on', true);
        END IF;
        SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit.chain_head h WHERE h.id = 1 FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'audit chain head is missing' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF head_seq IS DISTINCT FROM after_seq OR head_hash IS DISTINCT FROM after_hash THEN
          RETURN QUERY SELECT head_seq, head_hash;
          RETURN;
        END IF;
        FOR r IN SELECT e.value FROM jsonb_array_elements(records) WITH ORDINALITY AS e(value, n) ORDER BY e.n LOOP
          INSERT INTO audit.entries (seq, at, actor_id, actor_name, actor_roles, actor_org_unit, action, subject_type, subject_id,
            reason, source_ip, request_id, result, detail, prev_hash, hash)
          VALUES ((r->>'seq')::bigint, (r->>'at')::timestamptz, r->>'actor_id', r->>'actor_name',
            ARRAY(SELECT jsonb_array_elements_text(r->'actor_roles')), r->>'actor_org_unit', r->>'action', r->>'subject_type',
            r->>'subject_id', r->>'reason', r->>'source_ip', r->>'request_id', r->>'result',
            CASE WHEN jsonb_typeof(r->'detail') = 'null' THEN NULL ELSE r->'detail' END, r->>'prev_hash', r->>'hash');
          UPDATE audit.chain_head h SET seq = (r->>'seq')::bigint, hash = r->>'hash' WHERE h.id = 1;
          head_seq := (r->>'seq')::bigint;
          head_hash := r->>'hash';
        END LOOP;
        RETURN QUERY SELECT head_seq, head_hash;
      END
    $fn$`);
    await q.query(
      `COMMENT ON FUNCTION audit.append_entries(jsonb, bigint, text) IS 'Appends hashed records in chain order after the given head, one INSERT and head advance each, committing with synchronous commit (libs/audit).'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS audit.append_entries(jsonb, bigint, text)`);
  }
}
