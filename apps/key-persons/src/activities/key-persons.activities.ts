import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  EventSources,
  eventSubject,
  KEY_PERSON_AGGREGATE,
  keyPersonEventType,
  type KeyPersonEventName,
  KeyPersonEvents,
  type KeyPersonActivities,
  type KeyPersonPurgeActivities,
  type ObligationRef,
} from '@fengqiao/contracts';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { KEY_PERSONS_SCHEMA } from '../config/key-persons.config';
import { inScope } from '@fengqiao/persistence';

/** Only what an event may carry: ids, unit, obligation, times (an input is never copied whole). */
const refOf = (r: ObligationRef): ObligationRef => ({
  personId: r.personId,
  orgUnit: r.orgUnit,
  obligation: r.obligation,
  key: r.key,
  dueAt: new Date(r.dueAt).toISOString(),
  ...(r.periodId ? { periodId: r.periodId } : {}),
  ...(r.day ? { day: r.day } : {}),
});

async function emit(m: EntityManager, orgUnit: string, event: KeyPersonEventName, subject: string, data: unknown) {
  await appendToOutbox(
    m,
    KEY_PERSONS_SCHEMA,
    eventSubject(orgUnit, KEY_PERSON_AGGREGATE, event),
    buildCloudEvent({ type: keyPersonEventType(event), source: EventSources.keyPersons, subject, data }),
  );
}

/**
 * The supervision runs' steps (task queue `key-persons`): rows + outbox events, ids only. Every
 * step is idempotent by (personId, key, dueAt[, colour]): a retried activity changes nothing.
 */
export function createKeyPersonActivities(o: {
  ds: DataSource;
  retentionDays: number;
  onOutboxWrite?: () => void;
}): KeyPersonActivities & KeyPersonPurgeActivities {
  const kick = <T>(v: T): T => {
    o.onOutboxWrite?.();
    return v;
  };
  return {
    async planObligation(input) {
      const r = refOf(input);
      await inScope(o.ds, { kind: 'system' }, async (m) => {
        const [open] = (await m.query(`SELECT id, due_at FROM key_persons.obligations WHERE person_id = $1 AND key = $2 AND state = 'open' FOR UPDATE`, [
          r.personId,
          r.key,
        ])) as Array<{ id: string; due_at: Date }>;
        if (open && new Date(open.due_at).toISOString() === r.dueAt) return;
        const [done] = (await m.query(`SELECT 1 FROM key_persons.obligations WHERE person_id = $1 AND key = $2 AND due_at = $3`, [
          r.personId,
          r.key,
          r.dueAt,
        ])) as unknown[];
        if (done) return;
        // A re-plan keeps the history: the old row is closed as superseded.
        if (open) await m.query(`UPDATE key_persons.obligations SET state = 'superseded' WHERE id = $1`, [open.id]);
        await m.query(`INSERT INTO key_persons.obligations (id, person_id, key, obligation, due_at, period_id, day) VALUES ($1,$2,$3,$4,$5,$6,$7)`, [
          randomUUID(),
          r.personId,
          r.key,
          r.obligation,
          r.dueAt,
          r.periodId ?? null,
          r.day ?? null,
        ]);
        await emit(m, r.orgUnit, KeyPersonEvents.obligationPlanned, r.personId, r);
      });
      kick(undefined);
    },

    async obligationMet(input) {
      const r = refOf(input);
      const metAt = new Date(input.metAt).toISOString();
      await inScope(o.ds, { kind: 'system' }, async (m) => {
        const onTime = new Date(metAt).getTime() <= new Date(r.dueAt).getTime();
        const rows = (await m.query(
          `UPDATE key_persons.obligations SET state = 'met', met_at = $4, on_time = $5 WHERE person_id = $1 AND key = $2 AND due_at = $3 AND state = 'open' RETURNING id`,
          [r.personId, r.key, r.dueAt, metAt, onTime],
        )) as unknown[];
        // Returned as [rows, count] by the pg driver for UPDATE … RETURNING.
        const changed = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
        if (changed) await emit(m, r.orgUnit, KeyPersonEvents.obligationMet, r.personId, { ...r, metAt, onTime });
      });
      kick(undefined);
    },

    async raiseWarning(input) {
      const r = refOf(input);
      const at = new Date(input.at).toISOString();
      const colour = input.colour;
      await inScope(o.ds, { kind: 'system' }, async (m) => {
        const [exists] = (await m.query(`SELECT 1 FROM key_persons.persons WHERE id = $1`, [r.personId])) as unknown[];
        if (!exists) return;
        // A red warning is also the leader's supervision row (listWarnings?colour=red, the board's count).
        const rows = (await m.query(
          `INSERT INTO key_persons.warnings (id, person_id, key, obligation, colour, due_at, at, period_id, day) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
           ON CONFLICT (person_id, key, due_at, colour) DO NOTHING RETURNING id`,
          [randomUUID(), r.personId, r.key, r.obligation, colour, r.dueAt, at, r.periodId ?? null, r.day ?? null],
        )) as unknown[];
        if (!rows.length) return;
        await m.query(
          `UPDATE key_persons.obligations SET colour = $4 WHERE person_id = $1 AND key = $2 AND due_at = $3 AND state = 'open' AND (colour = 'green' OR $4 = 'red')`,
          [r.personId, r.key, r.dueAt, colour],
        );
        await emit(m, r.orgUnit, KeyPersonEvents.warning, r.personId, { ...r, colour, at });
      });
      kick(undefined);
    },

    async purgeArchivedKeyPersons({ asOf }) {
      const purged = await inScope(o.ds, { kind: 'system' }, async (m) => {
        const due = (await m.query(`SELECT id FROM key_persons.persons WHERE status = 'archived' AND purged_at IS NULL AND purge_after <= $1 FOR UPDATE`, [
          new Date(asOf),
        ])) as Array<{ id: string }>;
        const ids = due.map((d) => d.id);
        if (!ids.length) return 0;
        // Everything written about the person goes; id, unit, category and the dates stay for the counts.
        for (const t of ['responsible', 'risk_changes', 'measures', 'contacts', 'assessments', 'summaries', 'removals', 'daily_reports']) {
          await m.query(`DELETE FROM key_persons.${t} WHERE person_id = ANY($1::uuid[])`, [ids]);
        }
        await m.query(
          `UPDATE key_persons.persons SET name_enc = NULL, name_masked = NULL, id_number_enc = NULL, id_index = NULL, phone_enc = NULL, gender = NULL,
             address_enc = NULL, description_enc = NULL, registered_by = '-', purged_at = now() WHERE id = ANY($1::uuid[])`,
          [ids],
        );
        return ids.length;
      });
      return { purged };
    },
  };
}
