import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { LegalAidSteps, zodFieldErrors, type Caller, type CasePartyKeys, type CaseView, type Reply, type TransitionRecord } from '@fengqiao/contracts';
import { defineFailures } from '@fengqiao/rules';
import type { JsonLogger } from '@fengqiao/observability';
import { inScope } from '../database/jurisdiction-scope';
import { CaseEntity, CasePartyEntity } from '../cases/case.entity';
import type { CasesService } from '../cases/cases.service';
import { isStoredId } from '../cases/case-id';

/** What intake answers about a referral to legal aid (codes; messages zh-CN / English). */
export const ReferralFailures = defineFailures({
  REFERRAL_INVALID: { status: 'validation', zh: '转介信息不完整或有误', en: 'The referral has invalid fields' },
  REFERRAL_CASE_NOT_FOUND: { status: 'notFound', zh: '案件不存在', en: 'Case not found' },
  REFERRAL_OF_LEGAL_AID: { status: 'conflict', zh: '法律援助案件不能再转介法律援助', en: 'A legal-aid case is not referred to legal aid' },
  REFERRAL_NO_PARTY: {
    status: 'validation',
    zh: '转介信息不完整或有误',
    en: 'The referral has invalid fields',
    field: { path: 'party', zh: '案件没有这一当事人', en: 'the case has no such party' },
  },
});

/** `POST /api/v1/cases/{id}/legal-aid-referral`: which party (its position on the case; default the first applicant) and why. */
export const legalAidReferralSchema = z
  .object({
    party: z.number({ invalid_type_error: '应为数字 / party must be a number' }).int().min(0).max(49).optional(),
    reason: z.string({ required_error: '必填 / reason is required' }).trim().min(2, '请说明原因（至少 2 个字）/ give a reason (2 characters or more)').max(500),
  })
  .strict();

/** The platform registers a referral, acting in the original case's unit. */
const REFERRAL_REGISTRAR: Omit<Caller, 'orgUnit'> = {
  userId: 'system.referral',
  username: 'system.referral',
  name: '系统转办',
  roles: ['clerk'],
  department: null,
};

/**
 * Cases that come from other cases: a party referred to legal aid by the mediator or petition officer
 * of their case (the application is linked to it, relation `referred`), and what legal aid tells the
 * original case back (the aided matter went to court). Also the parties' keys legal aid's conflict
 * check reads (blind indexes only: no plain ID or phone number leaves intake).
 */
export class ReferralsService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: Pick<CasesService, 'register' | 'scopeOf' | 'mayRead'>,
    private readonly logger: JsonLogger,
  ) {}

  async referToLegalAid(caseId: string, body: unknown, caller: Caller): Promise<Reply<CaseView>> {
    const parsed = legalAidReferralSchema.safeParse(body ?? {});
    if (!parsed.success) return ReferralFailures.fail('REFERRAL_INVALID', zodFieldErrors(parsed.error));
    if (!isStoredId(caseId)) return ReferralFailures.fail('REFERRAL_CASE_NOT_FOUND');
    const found = await inScope(this.ds, await this.cases.scopeOf(caller), async (m) => {
      const c = await m.getRepository(CaseEntity).findOneBy({ id: caseId });
      if (!c || !this.cases.mayRead(c, caller)) return undefined;
      return { c, parties: await m.getRepository(CasePartyEntity).find({ where: { caseId }, order: { ordinal: 'ASC' } }) };
    });
    if (!found) return ReferralFailures.fail('REFERRAL_CASE_NOT_FOUND');
    const { c, parties } = found;
    if (c.kind === 'legal-aid') return ReferralFailures.fail('REFERRAL_OF_LEGAL_AID');
    const referred = parsed.data.party === undefined ? parties.find((p) => p.role === 'applicant') : parties.find((p) => p.ordinal === parsed.data.party);
    if (!referred) return ReferralFailures.fail('REFERRAL_NO_PARTY');
    // The referred party applies; the parties on the other side of the original case are the opposing ones.
    const sealed = (p: CasePartyEntity, role: string) => ({
      role,
      name: p.name,
      ...(p.idNumberEnc ? { idNumber: p.idNumberEnc } : {}),
      ...(p.phoneEnc ? { phone: p.phoneEnc } : {}),
    });
    const opponents = parties.filter((p) => p.id !== referred.id && p.role !== referred.role && p.role !== 'third-party');
    const registrar: Caller = { ...REFERRAL_REGISTRAR, orgUnit: c.orgUnit };
    const application = await this.cases.register(
      {
        kind: 'legal-aid',
        category: c.category,
        severity: c.severity,
        channel: 'referral',
        orgUnit: c.orgUnit,
        title: `法律援助申请（转介自 ${c.caseNo}）：${c.title}`.slice(0, 200),
        description: `${caller.name || caller.username} 转介：${parsed.data.reason}。原案件：${c.description}`.slice(0, 10000),
        parties: [sealed(referred, 'applicant'), ...opponents.map((p) => sealed(p, 'respondent'))],
      },
      registrar,
      `legal-aid-referral:${c.id}:${referred.ordinal}`,
    );
    if (!application.ok) return application;
    await inScope(this.ds, { kind: 'system' }, (m) =>
      m.query(
        `INSERT INTO intake.case_links (id, case_id, linked_case_id, relation, reason, created_by)
         VALUES ($1, $2, $3, 'referred', $4, $5) ON CONFLICT DO NOTHING`,
        [randomUUID(), application.value.id, c.id, `由案件 ${c.caseNo} 转介法律援助：${parsed.data.reason}`.slice(0, 500), caller.username || caller.userId],
      ),
    );
    return application;
  }

  /** Activity body: the parties' blind-index keys and the cases linked to this one (legal aid's conflict check). */
  async partyKeys(input: { caseId: string }): Promise<CasePartyKeys> {
    return inScope(this.ds, { kind: 'system' }, async (m) => {
      const parties = await m.getRepository(CasePartyEntity).findBy({ caseId: input.caseId });
      const keys = (p: CasePartyEntity) => [...(p.idNumberBidx ? [`id:${p.idNumberBidx}`] : []), ...(p.phoneBidx ? [`phone:${p.phoneBidx}`] : [])];
      const links: Array<{ other: string }> = await m.query(
        `SELECT CASE WHEN case_id = $1 THEN linked_case_id ELSE case_id END AS other
           FROM intake.case_links WHERE (case_id = $1 OR linked_case_id = $1) AND removed_at IS NULL`,
        [input.caseId],
      );
      return {
        applicants: parties.filter((p) => p.role === 'applicant').flatMap(keys),
        opponents: parties.filter((p) => p.role === 'respondent').flatMap(keys),
        linkedCaseIds: [...new Set(links.map((l) => l.other))],
      };
    });
  }

  /**
   * After a step is stored: legal aid's court filing is told to the case the application was referred
   * from (a timeline note there, once per filing).
   */
  async afterTransition(r: TransitionRecord): Promise<void> {
    if (r.type !== LegalAidSteps.courtFiled) return;
    await inScope(this.ds, { kind: 'system' }, async (m) => {
      const origins: Array<{ linked_case_id: string }> = await m.query(
        `SELECT linked_case_id FROM intake.case_links WHERE case_id = $1 AND relation = 'referred' AND removed_at IS NULL`,
        [r.caseId],
      );
      for (const { linked_case_id: origin } of origins) {
        const inserted: unknown[] = await m.query(
          `INSERT INTO intake.case_timeline (case_id, at, type, actor, detail, seq)
           SELECT $1, $2, $3, $4, $5::jsonb, NULL
            WHERE NOT EXISTS (SELECT 1 FROM intake.case_timeline WHERE case_id = $1 AND type = $3 AND detail->>'legalAidSeq' = $6)
           RETURNING id`,
          [
            origin,
            r.at,
            LegalAidSteps.courtFiled,
            r.actor,
            JSON.stringify({ ...r.detail, legalAidCaseId: r.caseId, legalAidCaseNo: r.caseNo, legalAidSeq: String(r.seq) }),
            String(r.seq),
          ],
        );
        if (inserted.length) this.logger.event('legal aid court filing told to the original case', { caseNo: r.caseNo, origin });
      }
    });
  }
}
