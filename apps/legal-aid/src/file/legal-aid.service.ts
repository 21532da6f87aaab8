import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  applicationFactsSchema,
  LEGAL_AID_DOCUMENTS,
  ok,
  type Caller,
  type EligibilityAssessment,
  type LegalAidActivities,
  type LegalAidDocumentFile,
  type LegalAidDocumentName,
  type LegalAidFileView,
  type LegalAidStepRecord,
  type Reply,
} from '@fengqiao/contracts';
import { LEGAL_AID_DOCUMENT_TITLES, legalAidDocument, renderOfficialDocument, type DocumentFont } from '@fengqiao/documents';
import { assessEligibility, hasAnyRole, LEGAL_AID_FILE_READER_ROLES, mayActOnUnit, ReadAuditFailures, Roles } from '@fengqiao/rules';
import { auditedRefusal, caseReadEntry, guardedRead, type AuditEntryInput, type CaseRead, type ReadAuditSink, type ReadContext } from '@fengqiao/audit';
import type { JsonLogger } from '@fengqiao/observability';
import type { OrgUnitsService } from '../org-units/org-units.service';
import type { StandardsService } from '../standards/standards.service';
import { activityFailure, LegalAidFailures } from '../legal-aid.failures';
import { documentOfStep, toFileView, type StoredStep } from './legal-aid-file';
import { applicantOf, documentData } from '../documents/document-data';
import { inScope, scopeOf, type Scope } from '@fengqiao/persistence';

const ORG_UNIT = /^\d{6}[0-9A-Za-z-]*$/;
const stepRecordSchema = z.object({
  caseId: z.string().uuid(),
  caseNo: z.string().trim().min(1).max(100),
  orgUnit: z.string().regex(ORG_UNIT),
  seq: z.number().int().min(0),
  type: z.string().trim().min(1).max(100),
  actor: z.string().max(200),
  at: z.string().datetime({ offset: true }),
  detail: z.record(z.unknown()),
  status: z.string().trim().min(1).max(100),
});
const keys = z.array(z.string().min(1).max(200)).max(200);
const applicationSchema = z.object({
  caseId: z.string().uuid(),
  caseNo: z.string().trim().min(1).max(100),
  orgUnit: z.string().regex(ORG_UNIT),
  seq: z.number().int().min(0),
  at: z.string().datetime({ offset: true }),
  actor: z.string().max(200),
  facts: applicationFactsSchema,
  parties: z.object({ applicants: keys, opponents: keys, linkedCaseIds: z.array(z.string().uuid()).max(200) }),
});
export type ApplicationInput = Parameters<LegalAidActivities['recordApplication']>[0];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');

interface ApplicationRow {
  case_id: string;
  case_no: string;
  org_unit: string;
  status: string;
  matter: string | null;
  applied_at: Date | null;
  assessment: EligibilityAssessment | null;
}

export interface LegalAidServiceOptions {
  /** The agency printed on a document whose step names none. */
  issuer: string;
  font: DocumentFont;
  /** Where reads of the file and its documents are recorded, in their own transaction, before they answer. */
  audit: ReadAuditSink;
  logger?: JsonLogger;
}

/** What the legal-aid file shows of the applicant (field names, recorded with each read). */
export const LEGAL_AID_FILE_FIELDS = ['matter', 'assessment.economic', 'decision', 'assignment', 'court', 'termination', 'objection', 'closure', 'steps'];
/** What a document prints. */
const DOCUMENT_FIELDS = ['applicant.name', 'matter', 'decision'];
const isCaseId = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v);

/** The legal-aid file: the application and its screening, every step, and the documents they issue. */
export class LegalAidService {
  constructor(
    private readonly ds: DataSource,
    private readonly units: OrgUnitsService,
    private readonly standards: StandardsService,
    private readonly o: LegalAidServiceOptions,
  ) {}

  private async ensureCase(m: EntityManager, r: { caseId: string; caseNo: string; orgUnit: string; status: string }) {
    await m.query(
      `INSERT INTO legal_aid.applications (case_id, case_no, org_unit, org_path, status)
       VALUES ($1, $2, $3, (SELECT path FROM legal_aid.org_units WHERE code = $3), $4) ON CONFLICT (case_id) DO NOTHING`,
      [r.caseId, r.caseNo, r.orgUnit, r.status],
    );
  }

  /**
   * Stores the facts and the parties' keys and screens eligibility against the standard in force
   * on the application day. A repeat of the same seq answers the stored assessment (a later
   * standard does not change what was decided on); another seq (a new application) replaces it.
   */
  async recordApplication(input: ApplicationInput): Promise<EligibilityAssessment> {
    const parsed = applicationSchema.safeParse(input);
    if (!parsed.success) throw activityFailure('InvalidApplication', undefined, issues(parsed.error));
    const r = parsed.data;
    return inScope(this.ds, { kind: 'system' }, async (m) => {
      await this.ensureCase(m, { ...r, status: 'application' });
      const [row] = (await m.query(`SELECT applied_seq, assessment FROM legal_aid.applications WHERE case_id = $1 FOR UPDATE`, [r.caseId])) as Array<{
        applied_seq: number | null;
        assessment: EligibilityAssessment | null;
      }>;
      if (row?.applied_seq === r.seq && row.assessment) return row.assessment;
      const standard = await this.standards.inForce(m, r.orgUnit, r.at);
      const assessment = assessEligibility(r.facts, standard, r.at);
      await m.query(
        `UPDATE legal_aid.applications SET matter = $2, facts = $3::jsonb, applicant_keys = $4, opponent_keys = $5, linked_case_ids = $6::uuid[],
           assessment = $7::jsonb, standard_id = $8, applied_seq = $9, applied_at = $10, applied_by = $11, updated_at = now() WHERE case_id = $1`,
        [
          r.caseId,
          r.facts.matter,
          JSON.stringify(r.facts),
          r.parties.applicants,
          r.parties.opponents,
          r.parties.linkedCaseIds,
          JSON.stringify(assessment),
          standard?.id ?? null,
          r.seq,
          r.at,
          r.actor,
        ],
      );
      return assessment;
    });
  }

  /**
   * Stores a step; a repeat changes nothing, and the step's document is rendered and stored unless
   * it is already there (a retry after a crash between the two completes it). The same seq with
   * another type is a broken process: refused for good.
   */
  async recordStep(input: LegalAidStepRecord): Promise<{ stored: boolean; document?: LegalAidDocumentName }> {
    const parsed = stepRecordSchema.safeParse(input);
    if (!parsed.success) throw activityFailure('InvalidStep', undefined, issues(parsed.error));
    const r = parsed.data;
    const { stored, steps } = await inScope(this.ds, { kind: 'system' }, async (m) => {
      await this.ensureCase(m, r);
      // One step of a case at a time: the status below follows the highest seq.
      await m.query(`SELECT 1 FROM legal_aid.applications WHERE case_id = $1 FOR UPDATE`, [r.caseId]);
      const inserted = (await m.query(
        `INSERT INTO legal_aid.steps (case_id, seq, type, actor, at, status, org_unit, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
         ON CONFLICT (case_id, seq) DO NOTHING RETURNING seq`,
        [r.caseId, r.seq, r.type, r.actor, r.at, r.status, r.orgUnit, JSON.stringify(r.detail)],
      )) as unknown[];
      if (!inserted.length) {
        const [earlier] = (await m.query(`SELECT type FROM legal_aid.steps WHERE case_id = $1 AND seq = $2`, [r.caseId, r.seq])) as Array<{ type: string }>;
        if (earlier?.type !== r.type) throw activityFailure('ConflictingStep', undefined, `seq ${r.seq}: ${earlier?.type} stored, ${r.type} given`);
      } else {
        await m.query(
          `UPDATE legal_aid.applications SET status = $2, last_seq = $3, org_unit = $4, org_path = (SELECT path FROM legal_aid.org_units WHERE code = $4), updated_at = now()
            WHERE case_id = $1 AND last_seq <= $3`,
          [r.caseId, r.status, r.seq, r.orgUnit],
        );
      }
      return { stored: inserted.length > 0, steps: await this.steps(m, r.caseId) };
    });
    const kind = documentOfStep(r.type);
    if (!kind) return { stored };
    await this.issueDocument(r.caseId, kind, steps.find((s) => s.seq === r.seq)!, steps);
    return { stored, document: kind };
  }

  private async issueDocument(caseId: string, kind: LegalAidDocumentName, step: StoredStep, steps: StoredStep[]) {
    await inScope(this.ds, { kind: 'system' }, async (m) => {
      const [have] = (await m.query(`SELECT 1 AS x FROM legal_aid.documents WHERE case_id = $1 AND kind = $2`, [caseId, kind])) as unknown[];
      if (have) return;
      const [app] = (await m.query(`SELECT case_no, matter, applied_at FROM legal_aid.applications WHERE case_id = $1`, [caseId])) as Array<{
        case_no: string;
        matter: string | null;
        applied_at: Date | null;
      }>;
      const [provider] = (await m.query(
        `SELECT p.name, p.organisation, p.type FROM legal_aid.assignments a JOIN legal_aid.providers p ON p.id = a.provider_id
          WHERE a.case_id = $1 AND a.seq <= $2 ORDER BY a.seq DESC LIMIT 1`,
        [caseId, step.seq],
      )) as Array<{ name: string; organisation: string; type: string }>;
      const firstStepAt = [...steps].sort((a, b) => a.seq - b.seq)[0]!.at;
      const data = documentData(step, {
        caseNo: app!.case_no,
        issuer: this.o.issuer,
        matter: app!.matter,
        appliedAt: app!.applied_at?.toISOString() ?? null,
        firstStepAt,
        applicant: applicantOf(steps),
        provider,
      });
      const doc = legalAidDocument(kind, data);
      const pdf = await renderOfficialDocument(doc, this.o.font);
      await m.query(
        `INSERT INTO legal_aid.documents (case_id, kind, seq, number, issued_at, content) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id, kind) DO NOTHING`,
        [caseId, kind, step.seq, doc.number, step.at, pdf],
      );
    });
  }

  private async steps(m: EntityManager, caseId: string): Promise<StoredStep[]> {
    const rows = (await m.query(`SELECT seq, type, actor, at, status, org_unit, detail FROM legal_aid.steps WHERE case_id = $1 ORDER BY seq`, [
      caseId,
    ])) as Array<{ seq: number; type: string; actor: string; at: Date; status: string; org_unit: string; detail: Record<string, unknown> }>;
    return rows.map((s) => ({ seq: s.seq, type: s.type, actor: s.actor, at: s.at.toISOString(), status: s.status, orgUnit: s.org_unit, detail: s.detail }));
  }

  /** A provider without a staff role reads only the matters assigned to them (now or before), wherever they lie. */
  private providerOnly(caller: Caller): boolean {
    return !hasAnyRole(
      caller,
      LEGAL_AID_FILE_READER_ROLES.filter((r) => r !== Roles.legalAidProvider),
    );
  }

  private async readScope(caller: Caller): Promise<Scope> {
    return this.providerOnly(caller) ? { kind: 'system' } : scopeOf(caller, (c) => this.units.path(c));
  }

  /** The case, if it lies in the caller's jurisdiction (or hands); otherwise as if missing (row-level security is the first lock). */
  private async readable(m: EntityManager, caller: Caller, id: unknown): Promise<ApplicationRow | undefined> {
    if (typeof id !== 'string' || !UUID.test(id)) return undefined;
    const [row] = (await m.query(`SELECT case_id, case_no, org_unit, status, matter, applied_at, assessment FROM legal_aid.applications WHERE case_id = $1`, [
      id,
    ])) as ApplicationRow[];
    if (!row) return undefined;
    if (this.providerOnly(caller)) {
      const mine = (await m.query(
        `SELECT 1 FROM legal_aid.assignments a JOIN legal_aid.providers p ON p.id = a.provider_id WHERE a.case_id = $1 AND p.username = $2`,
        [row.case_id, caller.username],
      )) as unknown[];
      return mine.length ? row : undefined;
    }
    return mayActOnUnit(caller, { code: row.org_unit, path: await this.units.path(row.org_unit) }) ? row : undefined;
  }

  /** The file; the read is recorded, durably, before it answers (READ_NOT_AUDITED when it cannot be). */
  async file(caller: Caller, body: { id?: unknown } | undefined, read: ReadContext = {}): Promise<Reply<LegalAidFileView>> {
    const what = (id: string): CaseRead => ({ action: 'read.legal-aid-file', route: 'legal-aid-file', caseIds: [id], fields: LEGAL_AID_FILE_FIELDS });
    return this.audited(async () => {
      let recorded: Promise<void> | undefined;
      const view = await inScope(this.ds, await this.readScope(caller), async (m) => {
        const row = await this.readable(m, caller, body?.id);
        if (!row) return undefined;
        recorded = this.o.audit.record(caseReadEntry(caller, read, what(row.case_id))); // durable while the file loads
        const steps = await this.steps(m, row.case_id);
        const docs = (await m.query(`SELECT kind, seq, issued_at FROM legal_aid.documents WHERE case_id = $1 ORDER BY seq`, [row.case_id])) as Array<{
          kind: LegalAidDocumentName;
          seq: number;
          issued_at: Date;
        }>;
        return toFileView(
          {
            caseId: row.case_id,
            caseNo: row.case_no,
            orgUnit: row.org_unit,
            status: row.status,
            matter: row.matter,
            appliedAt: row.applied_at?.toISOString() ?? null,
            assessment: row.assessment,
          },
          steps,
          docs.map((d) => ({ kind: d.kind, seq: d.seq, issuedAt: d.issued_at.toISOString() })),
        );
      });
      if (!view) {
        if (isCaseId(body?.id)) await this.refused(caseReadEntry(caller, read, what(body.id), 'denied'));
        return LegalAidFailures.fail('CASE_NOT_FOUND');
      }
      await recorded;
      return ok(view);
    });
  }

  /** An issued document; recorded like the file (the PDF prints the applicant's name). */
  async document(caller: Caller, body: { id?: unknown; kind?: unknown } | undefined, read: ReadContext = {}): Promise<Reply<LegalAidDocumentFile>> {
    const kind = body?.kind;
    if (typeof kind !== 'string' || !(LEGAL_AID_DOCUMENTS as readonly string[]).includes(kind)) {
      return LegalAidFailures.fail('DOCUMENT_KIND_UNKNOWN', { kinds: LEGAL_AID_DOCUMENTS.join(', ') });
    }
    const what = (id: string): CaseRead => ({
      action: 'read.legal-aid-document',
      route: 'legal-aid-document',
      caseIds: [id],
      fields: DOCUMENT_FIELDS,
      extra: { document: kind },
    });
    return this.audited(async () => {
      let recorded: Promise<void> | undefined;
      const found = await inScope(this.ds, await this.readScope(caller), async (m) => {
        const row = await this.readable(m, caller, body?.id);
        if (!row) return undefined;
        const [doc] = (await m.query(`SELECT content FROM legal_aid.documents WHERE case_id = $1 AND kind = $2`, [row.case_id, kind])) as Array<{
          content: Buffer;
        }>;
        if (doc) recorded = this.o.audit.record(caseReadEntry(caller, read, what(row.case_id)));
        return { row, doc };
      });
      if (!found) {
        if (isCaseId(body?.id)) await this.refused(caseReadEntry(caller, read, what(body.id), 'denied'));
        return LegalAidFailures.fail('CASE_NOT_FOUND');
      }
      if (!found.doc) return LegalAidFailures.fail('DOCUMENT_NOT_ISSUED');
      await recorded;
      const k = kind as LegalAidDocumentName;
      return ok({
        kind: k,
        filename: `${LEGAL_AID_DOCUMENT_TITLES[k].zh}-${found.row.case_no}.pdf`,
        contentType: 'application/pdf',
        base64: found.doc.content.toString('base64'),
      });
    });
  }

  /** A read whose entry the audit log could not take answers READ_NOT_AUDITED, nothing it read. */
  private audited<T>(read: () => Promise<Reply<T>>): Promise<Reply<T>> {
    return guardedRead<Reply<T>>(
      read,
      () => ReadAuditFailures.fail('READ_NOT_AUDITED'),
      (e) => this.o.logger?.event('read refused: the audit log did not take its entry', { error: String(e.cause) }, 'error'),
    );
  }

  private refused(entry: AuditEntryInput): Promise<void> {
    return auditedRefusal(this.o.audit, entry, (e) =>
      this.o.logger?.event('refused read not recorded: the audit log did not take its entry', { error: String(e) }, 'error'),
    );
  }
}
