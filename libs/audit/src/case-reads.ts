import type { AppendedAudit, AuditEntryInput } from './audit-log';

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

/** Where read entries go: an AuditWriter (or, in a benchmark's baseline, something that stores nothing). */
export interface ReadAuditSink {
  record(entry: AuditEntryInput): Promise<AppendedAudit | unknown>;
  keep(entry: AuditEntryInput): void;
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
    detail: { route: read.route, purposeStated: purpose !== null, caseIds: [...read.caseIds], fields: [...read.fields], ...read.extra },
  };
}

/**
 * Records an allowed read before it answers: resolves true once the entry is committed, false when
 * the audit log could not take it (the caller then refuses with READ_NOT_AUDITED, no data).
 */
export async function auditedRead(sink: ReadAuditSink, entry: AuditEntryInput, onError?: (e: unknown) => void): Promise<boolean> {
  try {
    await sink.record(entry);
    return true;
  } catch (e) {
    onError?.(e);
    return false;
  }
}

/**
 * Records a refused read (nothing answered): tried at once, and kept for later when the log is
 * unavailable (the refusal stands either way).
 */
export async function auditedRefusal(sink: ReadAuditSink, entry: AuditEntryInput): Promise<void> {
  try {
    await sink.record(entry);
  } catch {
    try {
      sink.keep(entry);
    } catch {
      // a closing writer: the service is stopping, the refusal answers anyway
    }
  }
}
