import { createHash } from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import { caseEventType, eventSubject, type CaseTransitionData, type TransitionRecord } from '@fengqiao/contracts';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { CaseEntity, CaseTimelineEntity, SupervisionItemEntity } from './case.entity';
import { INTAKE_SCHEMA, INTAKE_EVENT_SOURCE } from '../config/intake.config';
import { inScope } from '../database/jurisdiction-scope';
import { displayName } from './people';

/**
 * Activity body: one step of a case's process, written in one transaction — the case row (status,
 * clocks, allowed actions…), a timeline row, supervision items, and the CloudEvent in the
 * outbox. Returns false when this step was written already (a retried activity) or is not past
 * the case's last step (`last_seq`: a process started late, with `resume`, continues at seq + 1).
 */
export async function recordTransition(ds: DataSource, r: TransitionRecord): Promise<boolean> {
  return inScope(ds, { kind: 'system' }, async (m) => {
    const c = await m.getRepository(CaseEntity).findOne({ where: { id: r.caseId }, lock: { mode: 'pessimistic_write' } });
    if (!c || c.lastSeq >= r.seq) return false;
    const at = new Date(r.at);
    const s = r.state;
    const d = s.deadlines;
    await m.update(
      CaseEntity,
      { id: c.id },
      {
        status: s.status,
        outcome: s.outcome,
        warning: s.warning,
        mediator: s.mediator,
        joint: s.joint,
        clocks: s.clocks,
        allowedActions: s.allowedActions,
        rating: s.rating,
        // Runs from before clock controls record neither.
        ...(s.clockActions ? { clockActions: s.clockActions, extensionRequest: s.extensionRequest ?? null } : {}),
        lastSeq: r.seq,
        updatedAt: at,
        ...(d.firstReplyDue ? { firstReplyDue: new Date(d.firstReplyDue) } : {}),
        ...(d.mediationDue ? { mediationDue: new Date(d.mediationDue) } : {}),
        ...(d.jointHandlingDue ? { jointHandlingDue: new Date(d.jointHandlingDue) } : {}),
        deadlinesProvisional: s.clocks.some((k) => k.provisional) || c.deadlinesProvisional,
        // The person in charge now: the mediator once one is assigned.
        ...(s.mediator ? { assignee: { id: s.mediator.username ?? s.mediator.id, name: s.mediator.name, role: 'mediator' } } : {}),
      },
    );
    // The timeline shows the person by name; the event below keeps the login id (identity).
    await m
      .getRepository(CaseTimelineEntity)
      .insert({ caseId: c.id, at, type: r.type, actor: await displayName(m, r.actor), detail: r.detail as never, seq: r.seq });

    // Supervision follows the clocks: opened when one turns red, closed when it stops running.
    const running = new Set(s.clocks.map((k) => k.id));
    const open = await m.getRepository(SupervisionItemEntity).find({ where: { caseId: c.id, closedAt: IsNull() } });
    for (const item of open) {
      if (!running.has(item.clockId)) await m.update(SupervisionItemEntity, { id: item.id }, { closedAt: at });
    }
    for (const o of r.openSupervision ?? []) {
      // Addressed to the clock's unit; a unit this deployment does not know falls back to the case's.
      await m.query(
        `INSERT INTO intake.supervision_items (case_id, case_no, clock_id, org_unit, org_path, reason, due, opened_at)
         SELECT $1::uuid, $2, $3, coalesce(u.code, $8), coalesce(u.path, $9), $5, $6::timestamptz, $7::timestamptz
           FROM (SELECT $4::text AS code) wanted LEFT JOIN intake.org_units u ON u.code = wanted.code
         ON CONFLICT DO NOTHING`,
        [c.id, c.caseNo, o.clockId, o.orgUnit, o.reason, new Date(o.due), at, c.orgUnit, c.orgPath],
      );
    }

    const data: CaseTransitionData = {
      caseId: c.id,
      caseNo: c.caseNo,
      orgUnit: c.orgUnit,
      orgPath: c.orgPath,
      kind: c.kind,
      category: c.category,
      seq: r.seq,
      type: r.type,
      actor: r.actor,
      at: r.at,
      status: s.status,
      outcome: s.outcome,
      warning: s.warning,
      rating: s.rating,
      detail: r.detail,
    };
    // The event id is the step's identity (case + sequence): consumers and JetStream drop repeats.
    await appendToOutbox(
      m,
      INTAKE_SCHEMA,
      eventSubject(c.orgUnit, 'case', r.type),
      buildCloudEvent({ id: stepEventId(c.id, r.seq), type: caseEventType(r.type), source: INTAKE_EVENT_SOURCE, subject: c.caseNo, data, time: at }),
    );
    return true;
  });
}

/** A UUID derived from (case, step): the same step always gets the same event id. */
export function stepEventId(caseId: string, seq: number): string {
  const h = createHash('sha256').update(`fq.case-step:${caseId}:${seq}`).digest('hex');
  // Shaped as an RFC 9562 version-8 (custom) UUID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
