import type { NatsContext } from '@nestjs/microservices';
import type { DataSource } from 'typeorm';
import { caseReadsQuerySchema, ok, readContextFromHeaders, zodFieldErrors, type Caller, type CaseReadView, type Page, type Reply } from '@fengqiao/contracts';
import { auditedRefusal, CASE_AUDIT_SQL, caseReadEntry, guardedRead, type CaseRead, type ReadAuditSink, type ReadContext } from '@fengqiao/audit';
import { ReadAuditFailures } from '@fengqiao/rules';
import type { JsonLogger } from '@fengqiao/observability';
import { CaseEntity, CasePartyEntity } from './case.entity';
import { CaseFailures } from './cases.failures';
import { inScope, type Scope } from '../database/jurisdiction-scope';

/** The personal data a case view holds (field names, recorded with each read). */
export const CASE_VIEW_FIELDS = ['parties.name', 'parties.idNumber(masked)', 'parties.phone(masked)', 'description', 'location', 'timeline'];
/** What a list page holds of each case. */
export const CASE_LIST_FIELDS = ['parties.name', 'parties.idNumber(masked)', 'parties.phone(masked)', 'description'];
/** What the person file holds. */
export const PERSON_FILE_FIELDS = ['person.names', 'person.idNumber(masked)', ...CASE_VIEW_FIELDS];

export const caseViewRead = (id: string, route: 'case-view' | 'case-action' = 'case-view'): CaseRead => ({
  action: 'read.case',
  route,
  caseIds: [id],
  fields: CASE_VIEW_FIELDS,
});

/** The read's context as the gateway sent it (NATS headers). */
export function readContextOf(ctx: NatsContext | undefined): ReadContext {
  const h = ctx?.getHeaders?.() as { get(name: string): string | undefined } | undefined;
  return readContextFromHeaders((n) => h?.get(n));
}

/**
 * Runs a read that records its audit entry (recordRead, awaited before it answers); when the log
 * cannot take the entry the read answers READ_NOT_AUDITED (503) and nothing it read. Other failures
 * propagate as before.
 */
export function unlessUnaudited<T>(logger: JsonLogger | undefined, read: () => Promise<Reply<T>>): Promise<Reply<T>> {
  return guardedRead<Reply<T>>(
    read,
    () => ReadAuditFailures.fail('READ_NOT_AUDITED'),
    (e) => logger?.event('read refused: the audit log did not take its entry', { error: String(e.cause) }, 'error'),
  );
}

/**
 * Starts recording the read's entry (ReadAuditSink.record) beside the read's own queries: call it as
 * soon as the cases are known, await the promise before answering.
 */
export function recordRead(audit: ReadAuditSink, caller: Caller, ctx: ReadContext, read: CaseRead): Promise<void> {
  return audit.record(caseReadEntry(caller, ctx, read));
}

/** A refused read, on the record before the refusal answers; the refusal stands whatever happens to the entry. */
export function recordRefusal(audit: ReadAuditSink, logger: JsonLogger | undefined, caller: Caller, ctx: ReadContext, read: CaseRead): Promise<void> {
  return auditedRefusal(audit, caseReadEntry(caller, ctx, read, 'denied'), (e) =>
    logger?.event('refused read not recorded: the audit log did not take its entry', { action: read.action, error: String(e) }, 'error'),
  );
}

interface AuditRowOut {
  seq: string;
  at: Date;
  actor_id: string;
  actor_name: string | null;
  actor_roles: string[] | null;
  actor_org_unit: string | null;
  action: string;
  reason: string | null;
  request_id: string | null;
  result: 'allowed' | 'denied';
  detail: { route?: unknown; purposeStated?: unknown; fields?: unknown; caseIds?: unknown } | null;
  total: number;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function toCaseReadView(r: AuditRowOut): CaseReadView {
  const d = r.detail ?? {};
  const route = typeof d.route === 'string' ? d.route : null;
  return {
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actor: r.actor_name ?? r.actor_id,
    actorId: r.actor_id,
    roles: r.actor_roles ?? [],
    orgUnit: r.actor_org_unit,
    action: r.action,
    route,
    purpose: r.reason,
    // An unmasking always states its reason.
    purposeStated: route === null ? r.reason !== null : d.purposeStated === true,
    fields: strings(d.fields),
    alongWith: Math.max(0, strings(d.caseIds).length - 1),
    result: r.result,
    requestId: r.request_id,
  };
}

/**
 * `GET /api/v1/cases/{id}/reads`: who read the case's personal data, when, which fields and why —
 * the reads of the case itself, the list pages and person files that showed it, and the unmasking of
 * its parties. For leaders and admins whose jurisdiction holds the case; listing them is itself recorded.
 */
export class CaseReadsService {
  constructor(
    private readonly d: {
      ds: DataSource;
      audit: ReadAuditSink;
      /** Chains what waits on the outbox (AuditOutbox.flush). */
      flush?: () => Promise<void>;
      logger?: JsonLogger;
      scopeOf: (c: Caller) => Promise<Scope>;
      mayRead: (c: CaseEntity, caller: Caller) => boolean;
    },
  ) {}

  async list(body: unknown, caller: Caller, ctx: ReadContext): Promise<Reply<Page<CaseReadView>>> {
    const parsed = caseReadsQuerySchema.safeParse(body ?? {});
    if (!parsed.success) {
      const badId = parsed.error.issues.some((i) => i.path[0] === 'id');
      return badId ? CaseFailures.fail('CASE_NOT_FOUND') : CaseFailures.fail('INVALID_QUERY', zodFieldErrors(parsed.error));
    }
    const { id, page, pageSize } = parsed.data;
    // Entries an older version left on the outbox are chained first, so the list is complete up to this moment.
    await this.d.flush?.().catch((e: unknown) => this.d.logger?.event('audit outbox not drained before listing reads', { error: String(e) }, 'warn'));
    return unlessUnaudited(this.d.logger, async () => {
      let audited: Promise<void> | undefined;
      const found = await inScope(this.d.ds, await this.d.scopeOf(caller), async (m) => {
        const c = await m.getRepository(CaseEntity).findOneBy({ id });
        if (!c || !this.d.mayRead(c, caller)) return undefined;
        const parties = await m.getRepository(CasePartyEntity).find({ where: { caseId: id }, select: { ordinal: true } });
        const rows = (await m.query(CASE_AUDIT_SQL, [id, parties.map((p) => `${id}#${p.ordinal}`), pageSize, (page - 1) * pageSize])) as AuditRowOut[];
        // Who looked at the readers is on the record too (it shows in the next listing, not in this one).
        audited = recordRead(this.d.audit, caller, ctx, { action: 'read.case-reads', route: 'case-reads', caseIds: [id], fields: ['reads'] });
        return rows;
      });
      if (!found) return CaseFailures.fail('CASE_NOT_FOUND');
      await audited;
      return ok({ items: found.map(toCaseReadView), total: found[0]?.total ?? 0, page, pageSize });
    });
  }
}
