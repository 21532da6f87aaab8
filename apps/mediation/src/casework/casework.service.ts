import { hasAnyRole } from '@fengqiao/auth';
import type { DataSource } from 'typeorm';
import { ok, RETURN_VISIT_READER_ROLES, zodFieldErrors, type Caller, type MediationActivities, type Reply, type ReturnVisitView } from '@fengqiao/contracts';
import { listReturnVisitsQuerySchema } from '@fengqiao/contracts';
import { mediationFailure, MediationErrorCode } from '../mediation.exception';
import { listingScope } from '../org-units/jurisdiction';
import type { OrgUnitsService } from '../org-units/org-units.service';
import { MediationFailures } from '../mediation.failures';

type In<K extends keyof MediationActivities> = Parameters<MediationActivities[K]>[0];

/** Count of rows an UPDATE touched (TypeORM answers UPDATE with [rows, count]). */
const touched = (result: unknown) => (Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0);

/**
 * What happens to a case at the centre after assignment: sessions, the agreement and its
 * judicial confirmation, departments' parts in joint handling, return visits. Every write is
 * keyed so a retried activity stores nothing twice.
 */
export class CaseworkService {
  /**
   * @param handledBy the org units this deployment serves, comma-separated: which deployment
   *   took a part or a visit on.
   */
  constructor(
    private readonly ds: DataSource,
    private readonly units: OrgUnitsService,
    private readonly handledBy: string,
  ) {}

  async recordSession(i: In<'recordSession'>): Promise<void> {
    await this.ds.query(
      `INSERT INTO mediation.sessions (case_id, seq, case_no, mediator_id, at, summary, participants) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (case_id, seq) DO NOTHING`,
      [i.caseId, i.seq, i.caseNo, i.mediatorId, i.at, i.summary, JSON.stringify(i.participants)],
    );
  }

  /** A later agreement (after a failed confirmation, mediation resumed) replaces the earlier one. */
  async recordAgreement(i: In<'recordAgreement'>): Promise<void> {
    await this.ds.query(
      `INSERT INTO mediation.agreements (case_id, case_no, text, signed_at, confirmation_due) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id) DO UPDATE SET text = EXCLUDED.text, signed_at = EXCLUDED.signed_at, confirmation_due = EXCLUDED.confirmation_due,
         confirmation_result = NULL, court = NULL, decided_at = NULL, reference = NULL
       WHERE mediation.agreements.signed_at < EXCLUDED.signed_at`,
      [i.caseId, i.caseNo, i.text, i.at, i.confirmationDue],
    );
  }

  /** The first decision stands; a repeat changes nothing. */
  async recordJudicialConfirmation(i: In<'recordJudicialConfirmation'>): Promise<void> {
    const result = await this.ds.query(
      `UPDATE mediation.agreements SET confirmation_result = $2, court = $3, decided_at = $4, reference = $5
        WHERE case_id = $1 AND confirmation_result IS NULL`,
      [i.caseId, i.result, i.court, i.decidedAt, i.reference ?? null],
    );
    if (touched(result)) return;
    const [agreement] = (await this.ds.query(`SELECT 1 AS x FROM mediation.agreements WHERE case_id = $1`, [i.caseId])) as unknown[];
    if (!agreement) throw mediationFailure(MediationErrorCode.NoAgreement);
  }

  async openDepartmentPart(i: In<'openDepartmentPart'>): Promise<void> {
    await this.ds.query(
      `INSERT INTO mediation.joint_parts (case_id, department, org_unit, case_no, lead_org_unit, handled_by, opened_at, report_in_due)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (case_id, department, org_unit) DO NOTHING`,
      [i.caseId, i.department, i.orgUnit, i.caseNo, i.leadOrgUnit, this.handledBy, i.at, i.reportInDue],
    );
  }

  async recordReportIn(i: In<'recordReportIn'>): Promise<void> {
    const result = await this.ds.query(
      `UPDATE mediation.joint_parts SET reported_in_at = $4, reported_in_by = $5
        WHERE case_id = $1 AND department = $2 AND org_unit = $3 AND reported_in_at IS NULL`,
      [i.caseId, i.department, i.orgUnit, i.at, i.officer],
    );
    if (!touched(result)) await this.requirePart(i);
  }

  /** Filing a result also counts as reporting in, for a department that skipped that step. */
  async recordDepartmentResult(i: In<'recordDepartmentResult'>): Promise<void> {
    const result = await this.ds.query(
      `UPDATE mediation.joint_parts SET result_at = $4, result_by = $5, result_summary = $6,
              reported_in_at = COALESCE(reported_in_at, $4), reported_in_by = COALESCE(reported_in_by, $5)
        WHERE case_id = $1 AND department = $2 AND org_unit = $3 AND result_at IS NULL`,
      [i.caseId, i.department, i.orgUnit, i.at, i.officer, i.summary],
    );
    if (!touched(result)) await this.requirePart(i);
  }

  private async requirePart(i: { caseId: string; department: string; orgUnit: string }) {
    const [part] = (await this.ds.query(`SELECT 1 AS x FROM mediation.joint_parts WHERE case_id = $1 AND department = $2 AND org_unit = $3`, [
      i.caseId,
      i.department,
      i.orgUnit,
    ])) as unknown[];
    if (!part) throw mediationFailure(MediationErrorCode.UnknownDepartmentPart, `${i.department} @ ${i.orgUnit}`);
  }

  /** One open visit per case: scheduling again while one is open keeps the open one. */
  async scheduleReturnVisit(i: In<'scheduleReturnVisit'>): Promise<void> {
    await this.ds.query(
      `INSERT INTO mediation.return_visits (case_id, case_no, org_unit, reason, scheduled_at, due, handled_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING`,
      [i.caseId, i.caseNo, i.orgUnit, i.reason, i.at, i.due, this.handledBy],
    );
  }

  /** Completes the case's open visit; without one (never scheduled, or a repeat) nothing happens. */
  async completeReturnVisit(i: In<'completeReturnVisit'>): Promise<boolean> {
    const result = await this.ds.query(
      `UPDATE mediation.return_visits SET done_at = $2, done_by = $3, summary = $4, resolved = $5 WHERE case_id = $1 AND done_at IS NULL`,
      [i.caseId, i.at, i.by, i.summary, i.resolved],
    );
    return touched(result) > 0;
  }

  async listReturnVisits(query: unknown, caller: Caller): Promise<Reply<ReturnVisitView[]>> {
    if (!hasAnyRole(caller, RETURN_VISIT_READER_ROLES)) return MediationFailures.fail('RETURN_VISITS_FORBIDDEN');
    const parsed = listReturnVisitsQuerySchema.safeParse(query ?? {});
    if (!parsed.success) return MediationFailures.fail('INVALID_QUERY', zodFieldErrors(parsed.error));
    const q = parsed.data;
    const scope = await listingScope(caller, this.units, q.orgUnit);
    if (!scope.ok) return scope;
    // An admin's unknown unit has no path: then only that unit's own rows.
    const exact = scope.value.pathPrefix === null ? (scope.value.orgUnit ?? null) : null;
    const rows = (await this.ds.query(
      `SELECT v.id, v.case_id, v.case_no, v.org_unit, v.reason, v.scheduled_at, v.due, v.done_at, v.done_by, v.summary, v.resolved
         FROM mediation.return_visits v LEFT JOIN mediation.org_units u ON u.code = v.org_unit
        WHERE ($1::text IS NULL OR starts_with(u.path, $1))
          AND ($2::text IS NULL OR v.org_unit = $2)
          AND ($3::boolean IS NULL OR (v.done_at IS NULL) = $3)
        ORDER BY v.due, v.id
        LIMIT $4`,
      [scope.value.pathPrefix, exact, q.open ?? null, q.limit],
    )) as Array<Record<string, unknown>>;
    const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
    return ok(
      rows.map((r) => ({
        id: String(r['id']),
        caseId: String(r['case_id']),
        caseNo: String(r['case_no']),
        orgUnit: String(r['org_unit']),
        reason: r['reason'] as ReturnVisitView['reason'],
        scheduledAt: iso(r['scheduled_at']) ?? '',
        due: iso(r['due']) ?? '',
        doneAt: iso(r['done_at']),
        doneBy: (r['done_by'] as string | null) ?? null,
        summary: (r['summary'] as string | null) ?? null,
        resolved: (r['resolved'] as boolean | null) ?? null,
      })),
    );
  }
}
