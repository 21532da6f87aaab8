import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  ok,
  PETITION_DOCUMENTS,
  type Caller,
  type PetitionDocumentFile,
  type PetitionDocumentName,
  type PetitionFileView,
  type PetitionStepRecord,
  type Reply,
} from '@fengqiao/contracts';
import { petitionDocument, PETITION_DOCUMENT_TITLES, renderOfficialDocument, type DocumentFont } from '@fengqiao/documents';
import { mayActOnUnit, reachOf, ReadAuditFailures } from '@fengqiao/rules';
import { auditedRefusal, caseReadEntry, guardedRead, type AuditEntryInput, type CaseRead, type ReadAuditSink, type ReadContext } from '@fengqiao/audit';
import type { JsonLogger } from '@fengqiao/observability';
import type { OrgUnitsService } from '../org-units/org-units.service';
import { PetitionFailures } from '../petitions.failures';
import { petitionFailure, PetitionErrorCode } from '../petitions.exception';
import { derivePetition, documentOfStep, type DerivedPetition, type StoredStep } from './petition-file';
import { documentData, petitionerOf } from '../documents/document-data';
import { toFileView, type PetitionRow } from './petition-file-view';
import { inScope, type Scope } from '@fengqiao/persistence';

const stepRecordSchema = z.object({
  caseId: z.string().uuid(),
  caseNo: z.string().trim().min(1).max(100),
  orgUnit: z.string().regex(/^\d{6}[0-9A-Za-z-]*$/),
  seq: z.number().int().min(0),
  type: z.string().trim().min(1).max(100),
  actor: z.string().max(200),
  at: z.string().datetime({ offset: true }),
  detail: z.record(z.unknown()),
  status: z.string().trim().min(1).max(100),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What recording a step did (for the activity's log line: ids and codes only). */
export interface RecordedStep {
  /** False for a repeat of a stored step (a retried activity). */
  stored: boolean;
  /** The document the step issued, when it issues one (stored now or before). */
  document?: PetitionDocumentName;
}

/** The derived columns in the order of DERIVED_COLUMNS. */
function derivedValues(f: DerivedPetition): unknown[] {
  return [
    f.orgUnit,
    f.status,
    f.channel,
    f.title,
    f.registeredAt,
    f.acceptanceDecision,
    f.acceptanceReason,
    f.acceptanceAt,
    f.acceptanceBy,
    f.competentBody,
    f.forwardMode,
    f.forwardedAt,
    f.objectedAt,
    f.objectionReason,
    f.extensionDays,
    f.extensionReason,
    f.extensionApproved,
    f.extensionAt,
    f.extensionBy,
    f.replyText,
    f.repliedAt,
    f.repliedBy,
    f.reviewRequestedAt,
    f.reviewDecision,
    f.reviewText,
    f.reviewDecidedAt,
    f.reviewDecidedBy,
    f.reReviewRequestedAt,
    f.reReviewDecision,
    f.reReviewText,
    f.reReviewDecidedAt,
    f.reReviewDecidedBy,
    JSON.stringify(f.hearings),
    f.rating,
    f.closedAt,
    f.lastSeq,
  ];
}
const DERIVED_COLUMNS = [
  'org_unit',
  'status',
  'channel',
  'title',
  'registered_at',
  'acceptance_decision',
  'acceptance_reason',
  'acceptance_at',
  'acceptance_by',
  'competent_body',
  'forward_mode',
  'forwarded_at',
  'objected_at',
  'objection_reason',
  'extension_days',
  'extension_reason',
  'extension_approved',
  'extension_at',
  'extension_by',
  'reply_text',
  'replied_at',
  'replied_by',
  'review_requested_at',
  'review_decision',
  'review_text',
  'review_decided_at',
  'review_decided_by',
  're_review_requested_at',
  're_review_decision',
  're_review_text',
  're_review_decided_at',
  're_review_decided_by',
  'hearings',
  'rating',
  'closed_at',
  'last_seq',
];

export interface PetitionsServiceOptions {
  /** The office printed on a document whose step names none. */
  issuer: string;
  font: DocumentFont;
  /** Where reads of the file and its documents are recorded, in their own transaction, before they answer. */
  audit: ReadAuditSink;
  logger?: JsonLogger;
}

/** What the petition file shows of the petitioner's matter (field names, recorded with each read). */
export const PETITION_FILE_FIELDS = ['acceptance', 'competentBody', 'extension', 'reply', 'review', 'reReview', 'hearings', 'steps'];
/** What a document prints. */
const DOCUMENT_FIELDS = ['petitioner.name', 'matter', 'decision'];
const isCaseId = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v);

/**
 * The petition file: every step the petition process records (idempotent on case and seq), the
 * decisions derived from them, and the documents the decisions issue, rendered once and stored.
 */
export class PetitionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly units: OrgUnitsService,
    private readonly o: PetitionsServiceOptions,
  ) {}

  /**
   * Stores a step and derives the file again; a repeat of a stored step changes nothing, and the
   * step's document is rendered and stored unless it is already there (a retry after a crash between
   * the two completes it). The same seq with another type is a broken process: refused for good.
   */
  async recordStep(input: PetitionStepRecord): Promise<RecordedStep> {
    const parsed = stepRecordSchema.safeParse(input);
    if (!parsed.success) {
      throw petitionFailure(PetitionErrorCode.InvalidStep, parsed.error.issues.map((i) => `${i.path.join('.') || '(step)'}: ${i.message}`).join('; '));
    }
    const r = parsed.data;
    const { stored, steps, file, caseNo } = await inScope(this.ds, { kind: 'system' }, async (m) => {
      await m.query(
        `INSERT INTO petitions.petitions (case_id, case_no, org_unit, org_path, status, last_seq)
         VALUES ($1, $2, $3, (SELECT path FROM petitions.org_units WHERE code = $3), $4, $5) ON CONFLICT (case_id) DO NOTHING`,
        [r.caseId, r.caseNo, r.orgUnit, r.status, r.seq],
      );
      // One step of a petition at a time: the fold below reads what the others wrote.
      const [row] = (await m.query(`SELECT case_no FROM petitions.petitions WHERE case_id = $1 FOR UPDATE`, [r.caseId])) as Array<{ case_no: string }>;
      const inserted = (await m.query(
        `INSERT INTO petitions.steps (case_id, seq, type, actor, at, status, org_unit, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
         ON CONFLICT (case_id, seq) DO NOTHING RETURNING seq`,
        [r.caseId, r.seq, r.type, r.actor, r.at, r.status, r.orgUnit, JSON.stringify(r.detail)],
      )) as unknown[];
      if (!inserted.length) {
        const [earlier] = (await m.query(`SELECT type FROM petitions.steps WHERE case_id = $1 AND seq = $2`, [r.caseId, r.seq])) as Array<{ type: string }>;
        if (earlier?.type !== r.type) throw petitionFailure(PetitionErrorCode.ConflictingStep, `seq ${r.seq}: ${earlier?.type} stored, ${r.type} given`);
      }
      const all = await this.steps(m, r.caseId);
      const derived = derivePetition(all);
      if (inserted.length) {
        const sets = DERIVED_COLUMNS.map((c, i) => `${c} = $${i + 2}${c === 'hearings' ? '::jsonb' : ''}`).join(', ');
        // The path follows the unit ($2): a petition moved to another unit is seen there.
        await m.query(
          `UPDATE petitions.petitions SET ${sets}, org_path = (SELECT path FROM petitions.org_units WHERE code = $2), updated_at = now() WHERE case_id = $1`,
          [r.caseId, ...derivedValues(derived)],
        );
      }
      return { stored: inserted.length > 0, steps: all, file: derived, caseNo: row!.case_no };
    });
    const kind = documentOfStep(r.type);
    if (!kind) return { stored };
    const step = steps.find((s) => s.seq === r.seq)!;
    await this.issueDocument(r.caseId, caseNo, kind, step, file, steps);
    return { stored, document: kind };
  }

  /** Renders the step's document and stores it, unless it is already stored. */
  private async issueDocument(caseId: string, caseNo: string, kind: PetitionDocumentName, step: StoredStep, file: DerivedPetition, steps: StoredStep[]) {
    const [have] = (await inScope(this.ds, { kind: 'system' }, (m) =>
      m.query(`SELECT 1 AS x FROM petitions.documents WHERE case_id = $1 AND kind = $2`, [caseId, kind]),
    )) as unknown[];
    if (have) return;
    const firstStepAt = [...steps].sort((a, b) => a.seq - b.seq)[0]!.at;
    const data = documentData(step, file, { caseNo, issuer: this.o.issuer, firstStepAt, petitioner: petitionerOf(steps) });
    const doc = petitionDocument(kind, data);
    const pdf = await renderOfficialDocument(doc, this.o.font);
    await inScope(this.ds, { kind: 'system' }, (m) =>
      m.query(
        `INSERT INTO petitions.documents (case_id, kind, seq, number, issued_at, content) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id, kind) DO NOTHING`,
        [caseId, kind, step.seq, doc.number, step.at, pdf],
      ),
    );
  }

  private async steps(m: EntityManager | DataSource, caseId: string): Promise<StoredStep[]> {
    const rows = (await m.query(`SELECT seq, type, actor, at, status, org_unit, detail FROM petitions.steps WHERE case_id = $1 ORDER BY seq`, [
      caseId,
    ])) as Array<{
      seq: number;
      type: string;
      actor: string;
      at: Date;
      status: string;
      org_unit: string;
      detail: Record<string, unknown>;
    }>;
    return rows.map((s) => ({ seq: s.seq, type: s.type, actor: s.actor, at: s.at.toISOString(), status: s.status, orgUnit: s.org_unit, detail: s.detail }));
  }

  /** The row-level-security scope of a caller, from the jurisdiction rule (libs/rules `reachOf`). */
  private async scopeOf(caller: Caller): Promise<Scope> {
    const reach = reachOf(caller);
    if (reach.kind === 'everywhere') return { kind: 'system' };
    const path = reach.kind === 'subtree' ? await this.units.path(reach.unit) : undefined;
    return path ? { kind: 'subtree', path } : { kind: 'none' };
  }

  /**
   * The petition, if it lies in the caller's jurisdiction; otherwise as if missing. Row-level
   * security already hides it; the rule's check here is the second lock.
   */
  private async readable(m: EntityManager, caller: Caller, id: unknown): Promise<PetitionRow | undefined> {
    if (typeof id !== 'string' || !UUID.test(id)) return undefined;
    const [row] = (await m.query(`SELECT * FROM petitions.petitions WHERE case_id = $1`, [id])) as PetitionRow[];
    if (!row) return undefined;
    return mayActOnUnit(caller, { code: row.org_unit, path: await this.units.path(row.org_unit) }) ? row : undefined;
  }

  /** The file; the read is recorded, durably, before it answers (READ_NOT_AUDITED when it cannot be). */
  async file(caller: Caller, body: { id?: unknown } | undefined, read: ReadContext = {}): Promise<Reply<PetitionFileView>> {
    const what = (id: string): CaseRead => ({ action: 'read.petition-file', route: 'petition-file', caseIds: [id], fields: PETITION_FILE_FIELDS });
    return this.audited(async () => {
      let recorded: Promise<void> | undefined;
      const view = await inScope(this.ds, await this.scopeOf(caller), async (m) => {
        const row = await this.readable(m, caller, body?.id);
        if (!row) return undefined;
        recorded = this.o.audit.record(caseReadEntry(caller, read, what(row.case_id))); // durable while the file loads
        const steps = await this.steps(m, row.case_id);
        const docs = (await m.query(`SELECT kind, seq, issued_at FROM petitions.documents WHERE case_id = $1 ORDER BY seq`, [row.case_id])) as Array<{
          kind: PetitionDocumentName;
          seq: number;
          issued_at: Date;
        }>;
        return toFileView(row, steps, docs);
      });
      if (!view) {
        if (isCaseId(body?.id)) await this.refused(caseReadEntry(caller, read, what(body.id), 'denied'));
        return PetitionFailures.fail('PETITION_NOT_FOUND');
      }
      await recorded;
      return ok(view);
    });
  }

  /** An issued document; recorded like the file (the PDF prints the petitioner's name). */
  async document(caller: Caller, body: { id?: unknown; kind?: unknown } | undefined, read: ReadContext = {}): Promise<Reply<PetitionDocumentFile>> {
    const kind = body?.kind;
    if (typeof kind !== 'string' || !(PETITION_DOCUMENTS as readonly string[]).includes(kind)) {
      return PetitionFailures.fail('DOCUMENT_KIND_UNKNOWN', { kinds: PETITION_DOCUMENTS.join(', ') });
    }
    const what = (id: string): CaseRead => ({
      action: 'read.petition-document',
      route: 'petition-document',
      caseIds: [id],
      fields: DOCUMENT_FIELDS,
      extra: { document: kind },
    });
    return this.audited(async () => {
      let recorded: Promise<void> | undefined;
      const found = await inScope(this.ds, await this.scopeOf(caller), async (m) => {
        const row = await this.readable(m, caller, body?.id);
        if (!row) return undefined;
        const [doc] = (await m.query(`SELECT content FROM petitions.documents WHERE case_id = $1 AND kind = $2`, [row.case_id, kind])) as Array<{
          content: Buffer;
        }>;
        if (doc) recorded = this.o.audit.record(caseReadEntry(caller, read, what(row.case_id)));
        return { row, doc };
      });
      if (!found) {
        if (isCaseId(body?.id)) await this.refused(caseReadEntry(caller, read, what(body.id), 'denied'));
        return PetitionFailures.fail('PETITION_NOT_FOUND');
      }
      const { row, doc } = found;
      if (!doc) return PetitionFailures.fail('DOCUMENT_NOT_ISSUED');
      await recorded;
      const k = kind as PetitionDocumentName;
      return ok({
        kind: k,
        filename: `${PETITION_DOCUMENT_TITLES[k].zh}-${row.case_no}.pdf`,
        contentType: 'application/pdf',
        base64: doc.content.toString('base64'),
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
