import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  caseLinkSchema,
  caseUnlinkSchema,
  ok,
  personFileQuerySchema,
  zodFieldErrors,
  type Caller,
  type CaseLinkView,
  type PersonFileView,
  type Reply,
} from '@fengqiao/contracts';
import { appendAudit } from '@fengqiao/audit';
import { validateIdNumber } from '@fengqiao/pii';
import { inScope } from '../database/jurisdiction-scope';
import { CaseEntity, CasePartyEntity, CaseTimelineEntity } from '../cases/case.entity';
import { toCaseView } from '../cases/case.mapper';
import type { CasesService } from '../cases/cases.service';
import type { PiiProtector } from '../cases/pii-protector';
import { PersonFileFailures } from './person-file.failures';

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
    private readonly cases: Pick<CasesService, 'scopeOf' | 'mayRead'>,
  ) {}

  async file(rawQuery: unknown, caller: Caller): Promise<Reply<PersonFileView>> {
    const parsed = personFileQuerySchema.safeParse(rawQuery ?? {});
    if (!parsed.success) return PersonFileFailures.fail('PERSON_FILE_QUERY_INVALID', zodFieldErrors(parsed.error));
    let idIndex: string | null = null;
    if (parsed.data.idNumber) {
      const id = validateIdNumber(this.openQuietly(parsed.data.idNumber));
      if (!id.ok) return PersonFileFailures.fail('PERSON_FILE_QUERY_INVALID', [{ path: 'idNumber', message: id.message }]);
      idIndex = this.pii.idNumberIndex(id.normalized);
    }
    const found = await inScope(this.ds, await this.cases.scopeOf(caller), async (m) => {
      const seeds = idIndex ? await this.casesOfIndex(m, idIndex) : await this.startingFrom(m, parsed.data.caseId!);
      if (!seeds.length) return undefined;
      const ids = await this.withLinks(m, seeds);
      const rows = (await m.getRepository(CaseEntity).findBy(ids.map((id) => ({ id })))).filter((c) => this.cases.mayRead(c, caller));
      if (!rows.length) return undefined;
      const visible = rows.map((c) => c.id);
      const [parties, timeline, links] = await Promise.all([
        m.getRepository(CasePartyEntity).find({ where: visible.map((caseId) => ({ caseId })) }),
        m.getRepository(CaseTimelineEntity).find({ where: visible.map((caseId) => ({ caseId })), order: { id: 'ASC' } }),
        this.liveLinks(m, visible),
      ]);
      const person = idIndex
        ? parties.filter((p) => p.idNumberBidx === idIndex)
        : parties.filter((p) => p.caseId === parsed.data.caseId && p.role === 'applicant');
      rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
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
    return found ? ok(found) : PersonFileFailures.fail('PERSON_NOT_FOUND');
  }

  async link(caseId: string, body: unknown, caller: Caller): Promise<Reply<CaseLinkView>> {
    const parsed = caseLinkSchema.safeParse(body);
    if (!parsed.success) return PersonFileFailures.fail('LINK_INVALID', zodFieldErrors(parsed.error));
    const { linkedCaseId, relation, reason } = parsed.data;
    if (linkedCaseId === caseId) return PersonFileFailures.fail('LINK_TO_ITSELF');
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

  async unlink(linkId: string, body: unknown, caller: Caller): Promise<Reply<CaseLinkView>> {
    const parsed = caseUnlinkSchema.safeParse(body);
    if (!parsed.success) return PersonFileFailures.fail('LINK_INVALID', zodFieldErrors(parsed.error));
    if (!/^[0-9a-f-]{36}$/i.test(linkId)) return PersonFileFailures.fail('LINK_NOT_FOUND');
    return inScope(this.ds, await this.cases.scopeOf(caller), async (m) => {
      const [link] = await this.liveLinks(m, null, linkId);
      const ends = link ? await m.getRepository(CaseEntity).findBy([{ id: link.caseId }, { id: link.linkedCaseId }]) : [];
      if (!link || ends.length !== 2 || !ends.every((c) => this.cases.mayRead(c, caller))) return PersonFileFailures.fail('LINK_NOT_FOUND');
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

  private async audit(m: EntityManager, caller: Caller, action: string, linkId: string, reason: string, detail: Record<string, unknown>) {
    await appendAudit(m, {
      actorId: caller.userId,
      actorName: caller.username,
      actorRoles: caller.roles,
      actorOrgUnit: caller.orgUnit,
      action,
      subjectType: 'case-link',
      subjectId: linkId,
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
