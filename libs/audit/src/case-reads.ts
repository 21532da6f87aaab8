import type { AuditEntryInput } from './audit-log';
import type { ReadAuditSink } from './audit-outbox';
import { AuditUnavailableError } from './audit-writer';

/** Who reads (a service's Caller has these). */
export interface Reader {
  userId: string;
  username: string;
  roles: readonly string[];
  orgUnit: string | null;
}

/** What the gateway tells about a read: the stated purpose, the request and the address it came from. */
export interface ReadContext {
  purpose?: string | null;
  requestId?: string | null;
  sourceIp?: string | null;
}

export interface CaseRead {
  /** `read.<what>`, e.g. 'read.case', 'read.case-list', 'read.petition-file'. */
  action: string;
  /** The route that answered, recorded as the reason when no purpose was stated (e.g. 'case-view'). */
  route: string;
  /** Every case whose personal data the answer holds (the reads of a case are found by these). */
  caseIds: readonly string[];
  /** The personal-data fields the answer holds: names, never values. */
  fields: readonly string[];
  subjectType?: string;
  /** Default: the one case id, else none. */
  subjectId?: string | null;
  /** Anything else worth keeping (never a personal value). */
  extra?: Record<string, unknown>;
}

/** The audit entry of one read: who (roles, unit), which cases and fields, why (purpose, else the route), from where. */
export function caseReadEntry(reader: Reader, ctx: ReadContext, read: CaseRead, result: 'allowed' | 'denied' = 'allowed'): AuditEntryInput {
  const purpose = ctx.purpose?.trim() || null;
  return {
    actorId: reader.userId,
    actorName: reader.username,
    actorRoles: [...reader.roles],
    actorOrgUnit: reader.orgUnit,
    action: read.action,
    subjectType: read.subjectType ?? 'case',
    subjectId: read.subjectId !== undefined ? read.subjectId : read.caseIds.length === 1 ? read.caseIds[0] : null,
    reason: purpose ?? read.route,
    sourceIp: ctx.sourceIp ?? null,
    requestId: ctx.requestId ?? null,
    result,
    // readAt: the entry's own `at` is when it was chained, a moment later.
    detail: {
      route: read.route,
      purposeStated: purpose !== null,
      caseIds: [...read.caseIds],
      fields: [...read.fields],
      readAt: new Date().toISOString(),
      ...read.extra,
    },
  };
}

/**
 * Records a refused read (nothing answered), durably before the refusal answers; a log that cannot
 * take it does not change the refusal (`onError` is told).
 */
export async function auditedRefusal(sink: ReadAuditSink, entry: AuditEntryInput, onError?: (e: unknown) => void): Promise<void> {
  try {
    await sink.record(entry);
  } catch (e) {
    onError?.(e);
  }
}

/**
 * Runs a read that records its entry (ReadAuditSink.record, awaited before it answers): when the
 * audit log cannot take the entry (AuditUnavailableError) the read answers `refused()` — the
 * service's READ_NOT_AUDITED — and nothing it read. Other failures propagate.
 */
export async function guardedRead<T>(read: () => Promise<T>, refused: () => T, onUnavailable?: (e: AuditUnavailableError) => void): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof AuditUnavailableError)) throw e;
    onUnavailable?.(e);
    return refused();
  }
}

/** A sink for code that must never read personal data (test harnesses of activities): any read fails loudly. */
export const NO_READS: ReadAuditSink = {
  record: () => {
    const refused = Promise.reject(new Error('this instance serves no reads of personal data'));
    refused.catch(() => undefined);
    return refused;
  },
};
