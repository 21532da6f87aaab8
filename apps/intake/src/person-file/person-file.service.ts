import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import {
  caseLinkSchema,
  caseMergeSchema,
  caseUnmergeSchema,
  caseUnlinkSchema,
  ok,
  personFileQuerySchema,
  zodFieldErrors,
  type ActionRequest,
  type Caller,
  type CaseLinkView,
  type CaseView,
  type KeyPersonCaseRef,
  type PersonFileView,
  type Reply,
} from '@fengqiao/contracts';
import { appendAudit, type ReadAuditSink, type ReadContext } from '@fengqiao/audit';
import type { JsonLogger } from '@fengqiao/observability';
import { validateIdNumber } from '@fengqiao/pii';
import { inScope } from '../database/jurisdiction-scope';
import { CaseEntity, CasePartyEntity, CaseTimelineEntity } from '../cases/case.entity';
import { toCaseView } from '../cases/case.mapper';
import type { CasesService } from '../cases/cases.service';
import type { PiiProtector } from '../cases/pii-protector';
import { PersonFileFailures } from './person-file.failures';
import { PERSON_FILE_FIELDS, recordRead, recordRefusal, unlessUnaudited } from '../cases/case-reads';
import { isStoredId } from '../cases/case-id';

/** A clock control through the case's process (an update like any action); false when it did not fit the state. */
export function clockControlVia(temporal: Client) {
  return async (workflowId: string, action: 'pause-clock' | 'resume-clock', body: Record<string, unknown>, caller: Caller): Promise<boolean> => {
    const request: ActionRequest = { actor: caller, body };
    try {
      await temporal.workflow.getHandle(workflowId).executeUpdate(action, { args: [request] });
      return true;
    } catch {
      return false;
    }
  };
}

interface LinkRow {
  id: string;
  case_id: string;
  case_no: string;
  linked_case_id: string;
  linked_case_no: string;
  relation: CaseLinkView['relation'];
  reason: string;
  created_by: string;
  created_at: Date;
}

const toLinkView = (r: LinkRow): CaseLinkView => ({
  id: r.id,
  caseId: r.case_id,
  caseNo: r.case_no,
  linkedCaseId: r.linked_case_id,
  linkedCaseNo: r.linked_case_no,
  relation: r.relation,
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
});

/**
 * The person file (一人一档): every case of one person the caller may see, across kinds — those with a
 * party of the same ID number (its blind index: no plain number is searched or stored), and those a
 * clerk linked to them. Reading runs in the caller's row-level-security scope, so another township's
 * cases are neither shown nor counted; linking and unlinking are audited in the same transaction.
 */
export class PersonFileService {
  constructor(
    private readonly ds: DataSource,
    private readonly pii: PiiProtector,
    private readonly cases: Pick<CasesService, 'scopeOf' | 'mayRead' | 'get'>,
    /** Stops or restarts a case's clocks through its process (a clock control every kind offers); false when it did not fit. */
    private readonly clockControl: (
      workflowId: string,
      action: 'pause-clock' | 'resume-clock',
      body: Record<string, unknown>,
      caller: Caller,
    ) => Promise<boolean>,
    /** Where reads are recorded before they answer. */
    private readonly reads: ReadAuditSink,
    private readonly logger?: JsonLogger,
  ) {}

  /** The person's cases; the read is on the audit log (naming every case shown) before it answers. */
  async file(rawQuery: unknown, caller: Caller, read: ReadContext = {}): Promise<Reply<PersonFileView>> {
    const parsed = personFileQuerySchema.safeParse(rawQuery ?? {});
    if (!parsed.success) return PersonFileFailures.fail('PERSON_FILE_QUERY_INVALID', zodFieldErrors(parsed.error));
    let idIndex: string | null = null;
    if (parsed.data.idNumber) {
      const id = validateIdNumber(this.openQuietly(parsed.data.idNumber));
      if (!id.ok) return PersonFileFailures.fail('PERSON_FILE_QUERY_INVALID', [{ path: 'idNumber', message: id.message }]);
      idIndex = this.pii.idNumberIndex(id.normalized);
    }
    return unlessUnaudited(this.logger, async () => {
      let audited: Promise<void> | undefined;
      const found = await inScope(this.ds, await this.cases.scopeOf(caller), async (m) => {
        const seeds = idIndex ? await this.casesOfIndex(m, idIndex) : await this.startingFrom(m, parsed.data.caseId!);
        if (!seeds.length) return undefined;
        const ids = await this.withLinks(m, seeds);
        const rows = (await m.getRepository(CaseEntity).findBy(ids.map((id) => ({ id })))).filter((c) => this.cases.mayRead(c, caller));
        if (!rows.length) return undefined;
        const visible = rows.map((c) => c.id);
        rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
        // Made durable while the file loads; awaited before it answers.
        audited = recordRead(this.reads, caller, read, {
          action: 'read.person-file',
          route: 'person-file',
          caseIds: rows.map((c) => c.id),
          fields: PERSON_FILE_FIELDS,
          subjectType: 'person-file',
          subjectId: parsed.data.caseId ?? null,
          extra: { by: idIndex ? 'idNumber' : 'caseId' },
        });
        const [parties, timeline, links] = await Promise.all([
          m.getRepository(CasePartyEntity).find({ where: visible.map((caseId) => ({ caseId })) }),
          m.getRepository(CaseTimelineEntity).find({ where: visible.map((caseId) => ({ caseId })), order: { id: 'ASC' } }),
          this.liveLinks(m, visible),
        ]);
        const person = idIndex
          ? parties.filter((p) => p.idNumberBidx === idIndex)
          : parties.filter((p) => p.caseId === parsed.data.caseId && p.role === 'applicant');
        return {
          person: { idNumberMasked: person.find((p) => p.idNumberMasked)?.idNumberMasked ?? null, names: [...new Set(person.map((p) => p.name))] },
          cases: rows.map((c) =>
            toCaseView(
              c,
              parties.filter((p) => p.caseId === c.id),
              timeline.filter((t) => t.caseId === c.id),
            ),
          ),
          // Only links whose both ends the caller may see.
          links: links.filter((l) => visible.includes(l.caseId) && visible.includes(l.linkedCaseId)),
        } satisfies PersonFileView;
      });
      if (!found && parsed.data.caseId) {
        const refused = {
          action: 'read.person-file',
          route: 'person-file',
          caseIds: [parsed.data.caseId],
          fields: PERSON_FILE_FIELDS,
          subjectType: 'person-file',
        };
        await recordRefusal(this.reads, this.logger, caller, read, refused);
      }
      await audited;
      return found ? ok(found) : PersonFileFailures.fail('PERSON_NOT_FOUND');
    });
  }

  /**
   * A key person's cases, for the key-persons service (the caller's token forwarded): every case the
   * caller may see with a party of that ID number's blind index — references, never a party.
   */
  async casesOfPerson(body: unknown, caller: Caller): Promise<Reply<KeyPersonCaseRef[]>> {
    const idIndex = (body as { idIndex?: unknown } | undefined)?.idIndex;
    if (typeof idIndex !== 'string' || !/^[0-9a-f]{64}$/.test(idIndex)) {
      return PersonFileFailures.fail('PERSON_FILE_QUERY_INVALID', [{ path: 'idIndex', message: '应为身份证号的盲索引 / must be an ID number blind index' }]);
    }
    const refs = await inScope(this.ds, await this.cases.scopeOf(caller), async (m) => {
      const ids = await this.casesOfIndex(m, idIndex);
      if (!ids.length) return [];
      const rows = (await m.getRepository(CaseEntity).findBy(ids.map((id) => ({ id })))).filter((c) => this.cases.mayRead(c, caller));
      rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      return rows.map((c) => ({ id: c.id, caseNo: c.caseNo, kind: c.kind, status: c.status, orgUnit: c.orgUnit, registeredAt: c.createdAt.toISOString() }));
    });
    return ok(refs);
  }

  async link(caseId: string, body: unknown, caller: Caller): Promise<Reply<CaseLinkView>> {
    const parsed = caseLinkSchema.safeParse(body);
    if (!parsed.success) return PersonFileFailures.fail('LINK_INVALID', zodFieldErrors(parsed.error));
    const { linkedCaseId, relation, reason } = parsed.data;
    if (linkedCaseId === caseId) return PersonFileFailures.fail('LINK_TO_ITSELF');
    if (!isStoredId(caseId)) return PersonFileFailures.fail('LINK_CASE_NOT_FOUND');
    return inScope(this.ds, await this.cases.scopeOf(caller), async (m) => {
      const both = await m.getRepository(CaseEntity).findBy([{ id: caseId }, { id: linkedCaseId }]);
      // A case outside the caller's jurisdiction answers like a missing one.
      if (both.length !== 2 || !both.every((c) => this.cases.mayRead(c, caller))) return PersonFileFailures.fail('LINK_CASE_NOT_FOUND');
      const id = randomUUID();
      const inserted = (await m.query(
        `INSERT INTO intake.case_links (id, case_id, linked_case_id, relation, reason, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
        [id, caseId, linkedCaseId, relation, reason, caller.username || caller.userId],
      )) as unknown[];
      if (!inserted.length) return PersonFileFailures.fail('LINK_EXISTS');
      await this.audit(m, caller, 'case-link.create', id, reason, { caseId, linkedCaseId, relation });
      const [view] = await this.liveLinks(m, [caseId], id);
      return ok(view!);
    });
  }

  /**
   * The same matter brought through another channel: `caseId` stops and joins `intoCaseId`, which is
   * handled. Both cases' timelines show it, the audit log holds the reason, the stopped case's clocks
   * are paused (so it turns no colour and raises no supervision) and no action is taken on it.
   */
  async merge(caseId: string, body: unknown, caller: Caller): Promise<Reply<CaseView>> {
    const parsed = caseMergeSchema.safeParse(body);
    if (!parsed.success) return PersonFileFailures.fail('MERGE_INVALID', zodFieldErrors(parsed.error));
    const { intoCaseId, reason } = parsed.data;
    if (intoCaseId === caseId) return PersonFileFailures.fail('MERGE_INTO_ITSELF');
    if (!isStoredId(caseId)) return PersonFileFailures.fail('LINK_CASE_NOT_FOUND');
    const merged = await inScope(this.ds, await this.cases.scopeOf(caller), async (m) => {
      const both = await m.getRepository(CaseEntity).findBy([{ id: caseId }, { id: intoCaseId }]);
      const from = both.find((c) => c.id === caseId);
      const into = both.find((c) => c.id === intoCaseId);
      if (!from || !into || !both.every((c) => this.cases.mayRead(c, caller))) return PersonFileFailures.fail('LINK_CASE_NOT_FOUND');
      if (from.mergedInto) return PersonFileFailures.fail('ALREADY_MERGED');
      if (into.mergedInto) return PersonFileFailures.fail('MERGE_INTO_MERGED');
      if (from.status === 'closed' || into.status === 'closed') return PersonFileFailures.fail('MERGE_CLOSED_CASE');
      const id = randomUUID();
      const by = caller.username || caller.userId;
      const shownAs = caller.name ?? by;
      await m.query(`INSERT INTO intake.case_links (id, case_id, linked_case_id, relation, reason, created_by) VALUES ($1, $2, $3, 'merged', $4, $5)`, [
        id,
        caseId,
        intoCaseId,
        reason,
        by,
      ]);
      await m.query(`UPDATE intake.cases SET merged_into = $2, updated_at = now() WHERE id = $1`, [caseId, intoCaseId]);
      await this.timeline(m, caseId, 'merged', shownAs, { into: { id: intoCaseId, caseNo: into.caseNo }, reason });
      await this.timeline(m, intoCaseId, 'merge-received', shownAs, { from: { id: caseId, caseNo: from.caseNo }, reason });
      await this.audit(m, caller, 'case.merge', id, reason, { caseId, intoCaseId }, 'case');
      return ok({ workflowId: from.workflowId, intoCaseNo: into.caseNo });
    });
    if (!merged.ok) return merged;
    // Nothing to pause (a case waiting on the resident, say) is fine: the merge alone stops every action on it.
    await this.clockControl(merged.value.workflowId, 'pause-clock', { reason: `并入 ${merged.value.intoCaseNo} 合并办理：${reason}`.slice(0, 500) }, caller);
    return this.cases.get(caseId, caller, {}, 'case-action');
  }

  /** A leader undoes a merge: the case is handled on its own again, its clocks restart. */
  async unmerge(caseId: string, body: unknown, caller: Caller): Promise<Reply<CaseView>> {
    const parsed = caseUnmergeSchema.safeParse(body);
    if (!parsed.success) return PersonFileFailures.fail('MERGE_INVALID', zodFieldErrors(parsed.error));
    if (!isStoredId(caseId)) return PersonFileFailures.fail('LINK_CASE_NOT_FOUND');
    const undone = await inScope(this.ds, await this.cases.scopeOf(caller), async (m) => {
      const c = await m.getRepository(CaseEntity).findOneBy({ id: caseId });
      if (!c || !this.cases.mayRead(c, caller)) return PersonFileFailures.fail('LINK_CASE_NOT_FOUND');
      if (!c.mergedInto) return PersonFileFailures.fail('NOT_MERGED');
      const by = caller.username || caller.userId;
      const shownAs = caller.name ?? by;
      const [link] = (await m.query(
        `UPDATE intake.case_links SET removed_by = $2, removed_at = now(), removed_reason = $3
          WHERE case_id = $1 AND relation = 'merged' AND removed_at IS NULL RETURNING id`,
        [caseId, by, parsed.data.reason],
      )) as [Array<{ id: string }>, number];
      await m.query(`UPDATE intake.cases SET merged_into = NULL, updated_at = now() WHERE id = $1`, [caseId]);
      await this.timeline(m, caseId, 'unmerged', shownAs, { from: c.mergedInto, reason: parsed.data.reason });
      await this.timeline(m, c.mergedInto, 'merge-undone', shownAs, { case: { id: caseId, caseNo: c.caseNo }, reason: parsed.data.reason });
      await this.audit(m, caller, 'case.unmerge', link[0]?.id ?? caseId, parsed.data.reason, { caseId, intoCaseId: c.mergedInto }, 'case');
      return ok(c);
    });
    if (!undone.ok) return undone;
    await this.clockControl(undone.value.workflowId, 'resume-clock', { note: `撤销合并：${parsed.data.reason}`.slice(0, 500) }, caller);
    return this.cases.get(caseId, caller, {}, 'case-action');
  }

  async unlink(linkId: string, body: unknown, caller: Caller): Promise<Reply<CaseLinkView>> {
    const parsed = caseUnlinkSchema.safeParse(body);
    if (!parsed.success) return PersonFileFailures.fail('LINK_INVALID', zodFieldErrors(parsed.error));
    if (!isStoredId(linkId)) return PersonFileFailures.fail('LINK_NOT_FOUND');
    return inScope(this.ds, await this.cases.scopeOf(caller), async (m) => {
      const [link] = await this.liveLinks(m, null, linkId);
      const ends = link ? await m.getRepository(CaseEntity).findBy([{ id: link.caseId }, { id: link.linkedCaseId }]) : [];
      if (!link || ends.length !== 2 || !ends.every((c) => this.cases.mayRead(c, caller))) return PersonFileFailures.fail('LINK_NOT_FOUND');
      // A merge is undone as a merge (the case's clocks restart with it).
      if (link.relation === 'merged') return PersonFileFailures.fail('LINK_IS_MERGE', { caseNo: link.caseNo });
      await m.query(`UPDATE intake.case_links SET removed_by = $2, removed_at = now(), removed_reason = $3 WHERE id = $1`, [
        linkId,
        caller.username || caller.userId,
        parsed.data.reason,
      ]);
      await this.audit(m, caller, 'case-link.remove', linkId, parsed.data.reason, {
        caseId: link.caseId,
        linkedCaseId: link.linkedCaseId,
        relation: link.relation,
      });
      return ok(link);
    });
  }

  private async casesOfIndex(m: EntityManager, idIndex: string): Promise<string[]> {
    const rows = (await m.query(`SELECT DISTINCT case_id FROM intake.case_parties WHERE id_number_bidx = $1`, [idIndex])) as Array<{ case_id: string }>;
    return rows.map((r) => r.case_id);
  }

  /**
   * From one case: the case and those linked to it, then every case of their applicants' ID numbers
   * (a case registered without an ID number reaches the person's other cases through its link).
   */
  private async startingFrom(m: EntityManager, caseId: string): Promise<string[]> {
    if (!(await m.getRepository(CaseEntity).existsBy({ id: caseId }))) return [];
    const near = await this.withLinks(m, [caseId]);
    const rows = (await m.query(
      `SELECT DISTINCT other.case_id FROM intake.case_parties mine
         JOIN intake.case_parties other ON other.id_number_bidx = mine.id_number_bidx
        WHERE mine.case_id = ANY($1::uuid[]) AND mine.role = 'applicant' AND mine.id_number_bidx IS NOT NULL`,
      [near],
    )) as Array<{ case_id: string }>;
    return [...new Set([...near, ...rows.map((r) => r.case_id)])];
  }

  /** The cases plus those linked to any of them (one hop: a link names a case, not a chain). */
  private async withLinks(m: EntityManager, ids: string[]): Promise<string[]> {
    const rows = (await m.query(
      `SELECT case_id, linked_case_id FROM intake.case_links
        WHERE removed_at IS NULL AND (case_id = ANY($1::uuid[]) OR linked_case_id = ANY($1::uuid[]))`,
      [ids],
    )) as Array<{ case_id: string; linked_case_id: string }>;
    return [...new Set([...ids, ...rows.flatMap((r) => [r.case_id, r.linked_case_id])])];
  }

  private async liveLinks(m: EntityManager, caseIds: string[] | null, linkId?: string): Promise<CaseLinkView[]> {
    const rows = (await m.query(
      `SELECT l.id, l.case_id, a.case_no, l.linked_case_id, b.case_no AS linked_case_no, l.relation, l.reason, l.created_by, l.created_at
         FROM intake.case_links l
         JOIN intake.cases a ON a.id = l.case_id
         JOIN intake.cases b ON b.id = l.linked_case_id
        WHERE l.removed_at IS NULL
          AND ($1::uuid[] IS NULL OR l.case_id = ANY($1::uuid[]) OR l.linked_case_id = ANY($1::uuid[]))
          AND ($2::uuid IS NULL OR l.id = $2::uuid)
        ORDER BY l.created_at`,
      [caseIds, linkId ?? null],
    )) as LinkRow[];
    return rows.map(toLinkView);
  }

  /** A step intake itself records (no process transition: no seq). */
  private async timeline(m: EntityManager, caseId: string, type: string, actor: string, detail: Record<string, unknown>) {
    await m.query(`INSERT INTO intake.case_timeline (case_id, at, type, actor, detail, seq) VALUES ($1, now(), $2, $3, $4, NULL)`, [
      caseId,
      type,
      actor,
      detail,
    ]);
  }

  private async audit(
    m: EntityManager,
    caller: Caller,
    action: string,
    subjectId: string,
    reason: string,
    detail: Record<string, unknown>,
    subjectType: 'case-link' | 'case' = 'case-link',
  ) {
    await appendAudit(m, {
      actorId: caller.userId,
      actorName: caller.username,
      actorRoles: caller.roles,
      actorOrgUnit: caller.orgUnit,
      action,
      subjectType,
      subjectId,
      reason,
      sourceIp: null,
      requestId: null,
      result: 'allowed',
      detail,
    });
  }

  private openQuietly(value: string): string {
    try {
      return this.pii.open(value);
    } catch {
      return value;
    }
  }
}
