import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  EventTypes,
  eventSubject,
  fieldReportInputSchema,
  fieldReportListQuerySchema,
  fieldReportRejectSchema,
  fieldReportSendSchema,
  fieldReportSettleSchema,
  ok,
  withoutEmptyParams,
  zodFieldErrors,
  type Caller,
  type FieldReportRecordedData,
  type FieldReportView,
  type Page,
  type Reply,
} from '@fengqiao/contracts';
import { formatChinaTime } from '@fengqiao/calendar';
import { hasAnyRole, JurisdictionFailures, mayActOnUnit, pathWithin, reachOf, Roles } from '@fengqiao/rules';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { INTAKE_SCHEMA, INTAKE_EVENT_SOURCE } from '../config/intake.config';
import { inScope, type Scope } from '../database/jurisdiction-scope';
import type { ReferenceService } from '../reference/reference.service';
import type { CasesService } from '../cases/cases.service';
import { isStoredId } from '../cases/case-id';
import { photosAtFiling, photosToCase, reportAttachmentSubject, unknownPhoto } from './field-report.photos';
import { FieldReportFailures } from './field-reports.failures';
import { caseRegistrationOf, caseUnitOf, handleable, inWorkerGrids } from './field-report.rules';
import { FieldReportGrids } from './field-report.grids';
import { isUniqueViolation } from '@fengqiao/persistence';
import { announceHandled, fieldReportView, inputOf, updated, type StoredReport } from './field-report.stored';

/**
 * Field reports (随手拍 / 事件上报). Grid workers are bound to grids by the grid register; a report's
 * position is checked against grid boundaries (libs/rules pointInBoundary through the check-ins' grid
 * lookup); a sent report is registered as a case through CasesService.register (channel `grid`).
 * Reads and writes run in the caller's row-level-security scope (database/jurisdiction-scope.ts).
 */
export class FieldReportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceService,
    private readonly cases: CasesService,
    private readonly onOutboxWrite: () => void,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.grids = new FieldReportGrids(ds);
  }

  private readonly grids: FieldReportGrids;

  private isGridWorker(caller: Caller): boolean {
    return hasAnyRole(caller, [Roles.gridWorker]);
  }

  private scopeOf(caller: Caller): Promise<Scope> {
    return this.cases.scopeOf(caller);
  }

  /** The caller files a report: inside a grid (a grid worker: one of theirs), stored with the `recorded` event. */
  async create(body: unknown, caller: Caller, requestKey?: string): Promise<Reply<FieldReportView>> {
    const parsed = fieldReportInputSchema.safeParse(body ?? {});
    if (!parsed.success) return FieldReportFailures.fail('FIELD_REPORT_INVALID', zodFieldErrors(parsed.error));
    const input = parsed.data;
    const worker = this.isGridWorker(caller);
    if (input.settledOnSpot && !worker) return FieldReportFailures.fail('FIELD_REPORT_SETTLE_ON_SPOT_FORBIDDEN');
    const photosNamed = photosAtFiling(input.attachmentIds);
    if (photosNamed) return photosNamed;
    const category = await this.refs.category(input.category);
    if (!category || !category.active) {
      return FieldReportFailures.fail('FIELD_REPORT_INVALID', [
        { path: 'category', message: `未知的类别 ${input.category.slice(0, 64)} / unknown category (see GET /api/v1/categories)` },
      ]);
    }
    if (requestKey) {
      const earlier = await this.withKey(caller, requestKey);
      if (earlier) return ok(fieldReportView(earlier));
    }

    // Which grid: the one named (the position must lie in it), else the deepest whose boundary holds the position.
    const located = await this.grids.locate(input, worker ? caller.username : undefined);
    if (!located.ok) return located;
    const grid = located.value;
    const scope = await this.scopeOf(caller);
    // The second lock would refuse it as an error: a grid bound to a worker outside their own unit is not theirs to report in.
    if (scope.kind === 'org' && !pathWithin(grid.path, scope.path)) return FieldReportFailures.fail('FIELD_REPORT_NOT_YOUR_GRID', { grid: grid.code });

    const at = this.now();
    const id = randomUUID();
    const role = worker ? 'grid-worker' : 'resident';
    const settled = input.settledOnSpot;
    let stored: StoredReport;
    try {
      stored = await inScope(this.ds, scope, async (m) => {
        const [row] = (await m.query(
          `INSERT INTO intake.field_reports (id, kind, category, text, status, grid_code, org_path, lng, lat, accuracy, address, attachment_ids,
             reporter_id, reporter_username, reporter_name, reporter_role, request_key, created_at, settled_by, settled_at, settlement_result, settlement_attachment_ids)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::uuid[], $13, $14, $15, $16, $17, $18, $19, $20, $21, $22::uuid[]) RETURNING *`,
          [
            id,
            input.kind,
            input.category,
            input.text,
            settled ? 'settled' : 'open',
            grid.code,
            grid.path,
            input.position.lng,
            input.position.lat,
            input.position.accuracy ?? null,
            input.address ?? null,
            [],
            caller.userId,
            caller.username,
            (caller.name ?? caller.username).slice(0, 100),
            role,
            requestKey ?? null,
            at,
            settled ? caller.username : null,
            settled ? at : null,
            settled?.result ?? null,
            settled ? [] : null,
          ],
        )) as StoredReport[];
        const data: FieldReportRecordedData = {
          reportId: id,
          kind: input.kind,
          category: input.category,
          status: row!.status,
          reporterUsername: caller.username,
          reporterRole: role,
          gridCode: grid.code,
          path: grid.path,
          at: formatChinaTime(at),
        };
        await appendToOutbox(
          m,
          INTAKE_SCHEMA,
          eventSubject(grid.code, 'field-report', 'recorded'),
          buildCloudEvent({ type: EventTypes.fieldReportRecorded, source: INTAKE_EVENT_SOURCE, subject: id, data, time: at }),
        );
        return row!;
      });
    } catch (e) {
      // The same key raced in another request: that one's report is the answer.
      const earlier = requestKey && isUniqueViolation(e, 'field_reports_request_key') ? await this.withKey(caller, requestKey) : undefined;
      if (earlier) return ok(fieldReportView(earlier));
      throw e;
    }
    this.onOutboxWrite();
    return ok(fieldReportView(stored));
  }

  private async withKey(caller: Caller, requestKey: string): Promise<StoredReport | undefined> {
    return inScope(this.ds, await this.scopeOf(caller), async (m) => {
      const [row] = (await m.query(`SELECT * FROM intake.field_reports WHERE reporter_id = $1 AND request_key = $2`, [
        caller.userId,
        requestKey,
      ])) as StoredReport[];
      return row;
    });
  }

  /**
   * What the caller sees, as SQL over `r` (on top of row-level security): a resident their own reports,
   * a grid worker those of their grids and their own, other staff their jurisdiction.
   */
  private async visibility(caller: Caller, known?: string[]): Promise<{ sql: string; params: unknown[] }> {
    const reach = reachOf(caller);
    if (reach.kind === 'own-cases') return { sql: 'r.reporter_id = $1', params: [caller.userId] };
    if (this.isGridWorker(caller) && reach.kind === 'subtree') {
      const paths = known ?? (await this.grids.workerGrids(caller.username)).map((g) => g.path);
      return { sql: `(r.reporter_id = $1 OR EXISTS (SELECT 1 FROM unnest($2::text[]) p WHERE starts_with(r.org_path, p)))`, params: [caller.userId, paths] };
    }
    if (reach.kind === 'everywhere') return { sql: 'TRUE', params: [] };
    const unit = await this.refs.orgUnit(reach.unit);
    return { sql: 'starts_with(r.org_path, $1)', params: [unit?.path ?? `/unknown/${reach.unit}/`] };
  }

  async list(rawQuery: unknown, caller: Caller): Promise<Reply<Page<FieldReportView>>> {
    const parsed = fieldReportListQuerySchema.safeParse(withoutEmptyParams(rawQuery));
    if (!parsed.success) return FieldReportFailures.fail('FIELD_REPORT_QUERY_INVALID', zodFieldErrors(parsed.error));
    const q = parsed.data;
    const empty = ok<Page<FieldReportView>>({ items: [], total: 0, page: q.page, pageSize: q.pageSize });
    let filterPath: string | undefined;
    // A grid worker's grids, read once for the filter and the visibility.
    let mine: string[] | undefined;
    if (q.gridCode) {
      const unit = await this.refs.orgUnit(q.gridCode);
      if (!unit) return empty;
      const reach = reachOf(caller);
      if (reach.kind === 'subtree' && this.isGridWorker(caller)) {
        mine = (await this.grids.workerGrids(caller.username)).map((g) => g.path);
        // Their grids, a grid inside one, or a unit that holds one of them.
        if (!mine.some((g) => pathWithin(unit.path, g) || pathWithin(g, unit.path))) return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
      } else if (reach.kind !== 'own-cases' && !mayActOnUnit(caller, { code: unit.code, path: unit.path })) {
        return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
      }
      filterPath = unit.path;
    }
    const seen = await this.visibility(caller, mine);
    const where = [seen.sql];
    const params = [...seen.params];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filterPath) add((n) => `starts_with(r.org_path, ${n})`, filterPath);
    if (q.status) add((n) => `r.status = ${n}`, q.status);
    if (q.mine === 'true') add((n) => `r.reporter_id = ${n}`, caller.userId);
    const page = await inScope(this.ds, await this.scopeOf(caller), async (m) => {
      const [{ total }] = (await m.query(`SELECT count(*)::int AS total FROM intake.field_reports r WHERE ${where.join(' AND ')}`, params)) as [
        { total: number },
      ];
      const rows = (await m.query(
        `SELECT r.* FROM intake.field_reports r WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
        params,
      )) as StoredReport[];
      return { items: rows.map(fieldReportView), total, page: q.page, pageSize: q.pageSize };
    });
    return ok(page);
  }

  /** One report the caller may see; any other answers like a missing one (its existence is not revealed). */
  async get(body: unknown, caller: Caller): Promise<Reply<FieldReportView>> {
    const id = (body as { id?: unknown } | undefined)?.id;
    const row = await this.visible(id, caller);
    return row ? ok(fieldReportView(row)) : FieldReportFailures.fail('FIELD_REPORT_NOT_FOUND');
  }

  private async visible(id: unknown, caller: Caller, m?: EntityManager, lock = false): Promise<StoredReport | undefined> {
    if (!isStoredId(id)) return undefined;
    const seen = await this.visibility(caller);
    const params = [...seen.params, id];
    const sql = `SELECT r.* FROM intake.field_reports r WHERE ${seen.sql} AND r.id = $${params.length}${lock ? ' FOR UPDATE' : ''}`;
    const run = async (tx: EntityManager) => ((await tx.query(sql, params)) as StoredReport[])[0];
    return m ? run(m) : inScope(this.ds, await this.scopeOf(caller), run);
  }

  /**
   * A handling step of a grid worker of the report's grid, in one transaction of the caller's scope: the
   * report locked, checked, changed by `apply`, and the events it causes written to the outbox.
   */
  private async handle(
    body: unknown,
    caller: Caller,
    step: (r: StoredReport, m: EntityManager) => Promise<Reply<StoredReport> | 'unchanged'>,
  ): Promise<Reply<FieldReportView>> {
    const id = (body as { id?: unknown } | undefined)?.id;
    const mine = (await this.grids.workerGrids(caller.username)).map((g) => g.path);
    const result = await inScope(this.ds, await this.scopeOf(caller), async (m): Promise<Reply<{ row: StoredReport; changed: boolean }>> => {
      const r = await this.visible(id, caller, m, true);
      if (!r) return FieldReportFailures.fail('FIELD_REPORT_NOT_FOUND');
      if (!inWorkerGrids(r.org_path, mine)) return FieldReportFailures.fail('FIELD_REPORT_NOT_YOUR_GRID', { grid: r.grid_code });
      const done = await step(r, m);
      if (done === 'unchanged') return ok({ row: r, changed: false });
      if (!done.ok) return done;
      await announceHandled(m, done.value, caller);
      return ok({ row: done.value, changed: true });
    });
    if (!result.ok) return result;
    if (result.value.changed) this.onOutboxWrite();
    return ok(fieldReportView(result.value.row));
  }

  private refusal(r: StoredReport): Reply<never> | undefined {
    const state = handleable({ status: r.status, sendingBy: r.sending_by });
    if (state === 'not-open') return FieldReportFailures.fail('FIELD_REPORT_NOT_OPEN', { status: r.status });
    if (state === 'being-sent') return FieldReportFailures.fail('FIELD_REPORT_BEING_SENT');
    return undefined;
  }

  /** 事在格中办: the grid worker settles an open report with a result (and photos). */
  async settle(body: unknown, caller: Caller): Promise<Reply<FieldReportView>> {
    const parsed = fieldReportSettleSchema.safeParse(inputOf(body));
    if (!parsed.success) return FieldReportFailures.fail('FIELD_REPORT_INVALID', zodFieldErrors(parsed.error));
    return this.handle(body, caller, async (r, m) => {
      const refused = this.refusal(r);
      if (refused) return refused;
      const notPhoto = await unknownPhoto(m, r.id, parsed.data.attachmentIds);
      if (notPhoto) return notPhoto;
      const row = await updated(
        m,
        `UPDATE intake.field_reports SET status = 'settled', settled_by = $2, settled_at = $3, settlement_result = $4, settlement_attachment_ids = $5::uuid[]
          WHERE id = $1 RETURNING *`,
        [r.id, caller.username, this.now(), parsed.data.result, parsed.data.attachmentIds ?? []],
      );
      return ok(row);
    });
  }

  /** A resident's report found untrue: rejected with a reason (no points). */
  async reject(body: unknown, caller: Caller): Promise<Reply<FieldReportView>> {
    const parsed = fieldReportRejectSchema.safeParse(inputOf(body));
    if (!parsed.success) return FieldReportFailures.fail('FIELD_REPORT_INVALID', zodFieldErrors(parsed.error));
    return this.handle(body, caller, async (r, m) => {
      const refused = this.refusal(r);
      if (refused) return refused;
      if (r.reporter_role !== 'resident') return FieldReportFailures.fail('FIELD_REPORT_NOT_REJECTABLE');
      const row = await updated(
        m,
        `UPDATE intake.field_reports SET status = 'rejected', rejected_by = $2, rejected_at = $3, rejection_reason = $4 WHERE id = $1 RETURNING *`,
        [r.id, caller.username, this.now(), parsed.data.reason],
      );
      return ok(row);
    });
  }

  /**
   * Sends an open report to the centre: registered as a case by intake's registration (once: its key is
   * the report's id, so a retried send returns the same case), then the report is `sent` with the case's id.
   * The report is marked as being sent first, so nobody settles it while its case is registered.
   */
  async send(body: unknown, caller: Caller): Promise<Reply<FieldReportView>> {
    const parsed = fieldReportSendSchema.safeParse(inputOf(body));
    if (!parsed.success) return FieldReportFailures.fail('FIELD_REPORT_INVALID', zodFieldErrors(parsed.error));
    const claimed = await this.handle(body, caller, async (r, m) => {
      if (r.status === 'sent' || (r.status === 'open' && r.sending_by)) return 'unchanged';
      const refused = this.refusal(r);
      if (refused) return refused;
      await m.query(`UPDATE intake.field_reports SET sending_by = $2, send_note = $3 WHERE id = $1`, [r.id, caller.username, parsed.data.note ?? null]);
      return 'unchanged';
    });
    if (!claimed.ok || claimed.value.status === 'sent') return claimed;
    const id = claimed.value.id;
    const r = await inScope(
      this.ds,
      { kind: 'system' },
      async (m) => ((await m.query(`SELECT * FROM intake.field_reports WHERE id = $1`, [id])) as StoredReport[])[0]!,
    );
    const unit = await this.caseUnit(r.org_path);
    if (!unit) return FieldReportFailures.fail('FIELD_REPORT_NOT_YOUR_GRID', { grid: r.grid_code });
    // Registered in the reporter's name as an online submission is (no org unit of theirs: the centre's first-contact clerk answers for it).
    const registrar: Caller = {
      userId: r.reporter_id,
      username: r.reporter_username,
      name: r.reporter_name,
      roles: [r.reporter_role],
      orgUnit: null,
      department: null,
    };
    const registration = caseRegistrationOf(
      {
        kind: r.kind,
        category: r.category,
        text: r.text,
        gridCode: r.grid_code,
        lng: r.lng,
        lat: r.lat,
        address: r.address,
        attachmentIds: r.attachment_ids,
        reporterName: r.reporter_name,
        reporterRole: r.reporter_role,
        createdAt: r.created_at,
      },
      unit,
      r.sending_by ?? caller.username,
      r.send_note ?? undefined,
    );
    const registered = await this.cases.register(registration, registrar, `field-report:${r.id}`);
    if (!registered.ok) {
      // A refusal (the category withdrawn meanwhile…) frees the report for another step; an outage keeps it for the retry.
      if (registered.problem.status < 500) {
        await inScope(this.ds, { kind: 'system' }, (m) =>
          m.query(`UPDATE intake.field_reports SET sending_by = NULL, send_note = NULL WHERE id = $1 AND status = 'open'`, [r.id]),
        );
      }
      return registered;
    }
    await photosToCase(this.ds, r.id, registered.value.id); // before the report is marked sent
    return this.handle(body, caller, async (now, m) => {
      if (now.status === 'sent') return 'unchanged';
      const row = await updated(m, `UPDATE intake.field_reports SET status = 'sent', case_id = $2, sent_at = $3 WHERE id = $1 RETURNING *`, [
        now.id,
        registered.value.id,
        this.now(),
      ]);
      return ok(row);
    });
  }

  /** Field reports as a subject of attachments (field-report.photos.ts), seen by this service's visibility rule. */
  attachmentSubject() {
    return reportAttachmentSubject({ visible: (m, id, caller) => this.visible(id, caller, m), grids: this.grids });
  }

  /** The case's unit for a grid's path (caseUnitOf over the org tree). */
  private async caseUnit(path: string): Promise<string | undefined> {
    const units = await this.refs.orgUnits();
    const levels = new Map(units.map((u) => [u.code, u.level]));
    return caseUnitOf(path, (code) => levels.get(code));
  }
}
