import { randomUUID } from 'node:crypto';
import {
  exportDecisionSchema,
  exportRequestSchema,
  ok,
  specialPeriodSchema,
  type Caller,
  type KeyPersonExportView,
  type KeyPersonRiskLevel,
  type KeyPersonTaskView,
  type KeyPersonWarningView,
  type MissingDailyReportView,
  type Reply,
  type SpecialPeriodView,
} from '@fengqiao/contracts';
import { type Sealed } from '@fengqiao/pii';
import { beijingDay, KeyPersonFailures, mayDecideKeyPerson, mayKeepKeyPerson } from '@fengqiao/rules';
import { KeyPersonRequestFailures as Req } from './key-persons.failures';
import { DAY_MS, isUuid, iso, type KeyPersonRequest, type PersonRow } from './key-persons.core';
import { KeyPersonsWork } from './key-persons.work';
import { inScope } from '@fengqiao/persistence';

export type { KeyPersonRequest, KeyPersonsServiceOptions, SupervisionControl } from './key-persons.core';

/**
 * The key-person register: need-to-know on every record, every describing field encrypted, every
 * opening and write audited in its own transaction, every body and record sealed on the bus.
 */
export class KeyPersonsService extends KeyPersonsWork {
  // ---- lists for staff and leaders ---------------------------------------------------------------

  async listWarnings(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonWarningView[]>> {
    const q = (req?.query ?? {}) as { colour?: unknown; orgUnit?: unknown };
    const colour = q.colour === 'yellow' || q.colour === 'red' ? q.colour : undefined;
    if (q.colour !== undefined && !colour) return Req.fail('INVALID_REQUEST', [{ path: 'colour', message: '取值应为 yellow | red / must be yellow or red' }]);
    const unitPath = typeof q.orgUnit === 'string' && q.orgUnit ? ((await this.o.units.path(q.orgUnit)) ?? '/none/') : null;
    return inScope(this.o.ds, await this.subtreeOf(c), async (m) => {
      const rows = (await m.query(
        `SELECT o.person_id, p.name_masked, p.org_unit, o.obligation, o.colour, o.due_at, o.period_id, o.day::text AS day,
                (SELECT max(w.at) FROM key_persons.warnings w WHERE w.person_id = o.person_id AND w.key = o.key AND w.due_at = o.due_at) AS raised_at
         FROM key_persons.obligations o JOIN key_persons.persons p ON p.id = o.person_id
         WHERE o.state = 'open' AND o.colour <> 'green' AND p.status <> 'archived' AND ($1::text IS NULL OR o.colour = $1)
           AND ($2::text IS NULL OR starts_with(p.org_path, $2)) ORDER BY o.due_at`,
        [colour ?? null, unitPath],
      )) as Array<{
        person_id: string;
        name_masked: string | null;
        org_unit: string;
        obligation: KeyPersonWarningView['obligation'];
        colour: 'yellow' | 'red';
        due_at: Date;
        period_id: string | null;
        day: string | null;
        raised_at: Date | null;
      }>;
      const resp = await this.responsibleOf(
        m,
        rows.map((r) => r.person_id),
      );
      return ok(
        rows.map((r) => ({
          personId: r.person_id,
          nameMasked: r.name_masked ?? '*',
          orgUnit: r.org_unit,
          obligation: r.obligation,
          colour: r.colour,
          dueAt: iso(r.due_at)!,
          raisedAt: iso(r.raised_at ?? r.due_at)!,
          responsible: resp.get(r.person_id) ?? [],
          ...(r.period_id ? { periodId: r.period_id } : {}),
          ...(r.day ? { day: r.day } : {}),
        })),
      );
    });
  }

  /** The caller's own obligations (they stand responsible), bucketed by Beijing day. */
  async myTasks(c: Caller): Promise<Reply<KeyPersonTaskView[]>> {
    // The responsible person may sit outside the person's subtree (a police officer): their assignment is their need-to-know.
    return inScope(this.o.ds, { kind: 'system' }, async (m) => {
      const rows = (await m.query(
        `SELECT o.person_id, p.name_masked, p.risk_level, p.org_unit, o.obligation, o.due_at, o.colour, o.period_id, o.day::text AS day
         FROM key_persons.obligations o JOIN key_persons.persons p ON p.id = o.person_id
         JOIN key_persons.responsible r ON r.person_id = p.id AND r.username = $1
         WHERE o.state = 'open' AND p.status <> 'archived' ORDER BY o.due_at`,
        [c.username],
      )) as Array<{
        person_id: string;
        name_masked: string | null;
        risk_level: KeyPersonRiskLevel;
        org_unit: string;
        obligation: KeyPersonTaskView['obligation'];
        due_at: Date;
        colour: KeyPersonTaskView['colour'];
        period_id: string | null;
        day: string | null;
      }>;
      const nowMs = this.now().getTime();
      const today = beijingDay(nowMs);
      const weekEnd = beijingDay(nowMs + 6 * DAY_MS);
      return ok(
        rows.map((r) => {
          const dueMs = new Date(r.due_at).getTime();
          const dueDay = beijingDay(dueMs);
          const bucket: KeyPersonTaskView['bucket'] = dueMs < nowMs ? 'overdue' : dueDay === today ? 'today' : dueDay <= weekEnd ? 'week' : 'later';
          return {
            personId: r.person_id,
            nameMasked: r.name_masked ?? '*',
            riskLevel: r.risk_level,
            orgUnit: r.org_unit,
            obligation: r.obligation,
            dueAt: iso(r.due_at)!,
            colour: r.colour,
            bucket,
            ...(r.period_id ? { periodId: r.period_id } : {}),
            ...(r.day ? { day: r.day } : {}),
          };
        }),
      );
    });
  }

  // ---- special periods ---------------------------------------------------------------------------

  private periodView(r: {
    id: string;
    org_unit: string;
    name: string;
    starts_on: string;
    ends_on: string;
    declared_by: string;
    declared_at: Date;
    persons: number;
  }): SpecialPeriodView {
    return {
      id: r.id,
      orgUnit: r.org_unit,
      name: r.name,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      declaredBy: r.declared_by,
      declaredAt: iso(r.declared_at)!,
      persons: r.persons,
    };
  }

  async listSpecialPeriods(c: Caller): Promise<Reply<SpecialPeriodView[]>> {
    return inScope(this.o.ds, await this.subtreeOf(c), async (m) => {
      const rows = (await m.query(
        `SELECT id, org_unit, name, starts_on::text AS starts_on, ends_on::text AS ends_on, declared_by, declared_at, persons FROM key_persons.special_periods ORDER BY starts_on DESC, declared_at DESC`,
      )) as Parameters<KeyPersonsService['periodView']>[0][];
      return ok(rows.map((r) => this.periodView(r)));
    });
  }

  async declareSpecialPeriod(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<SpecialPeriodView>> {
    const b = this.body(req, specialPeriodSchema, false);
    if (!b.ok) return b;
    const path = (await this.o.units.path(b.value.orgUnit)) ?? null;
    if (!mayDecideKeyPerson(this.kpCaller(c), { unit: { code: b.value.orgUnit, path } })) return Req.fail('OUTSIDE_JURISDICTION');
    const id = randomUUID();
    let persons: string[] = [];
    const view = await inScope(this.o.ds, { kind: 'system' }, async (m) => {
      const rows = (await m.query(
        `SELECT id FROM key_persons.persons WHERE status <> 'archived' AND (org_unit = $1 OR ($2::text IS NOT NULL AND starts_with(org_path, $2)))`,
        [b.value.orgUnit, path],
      )) as Array<{ id: string }>;
      persons = rows.map((r) => r.id);
      await m.query(
        `INSERT INTO key_persons.special_periods (id, org_unit, org_path, name, starts_on, ends_on, declared_by, declared_at, persons) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [id, b.value.orgUnit, path, b.value.name, b.value.startsOn, b.value.endsOn, c.username, this.now(), persons.length],
      );
      await this.audit(m, c, 'special-period', id, { subjectType: 'special-period', detail: { orgUnit: b.value.orgUnit, persons: persons.length } });
      const [row] = (await m.query(
        `SELECT id, org_unit, name, starts_on::text AS starts_on, ends_on::text AS ends_on, declared_by, declared_at, persons FROM key_persons.special_periods WHERE id = $1`,
        [id],
      )) as Parameters<KeyPersonsService['periodView']>[0][];
      return this.periodView(row!);
    });
    for (const p of persons) await this.signal(p, 'keyPersonSpecialPeriodDeclared', { periodId: id, startsOn: b.value.startsOn, endsOn: b.value.endsOn });
    return ok(view);
  }

  async missingDailyReports(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<MissingDailyReportView>> {
    const periodId = req?.periodId;
    const q = (req?.query ?? {}) as { day?: unknown };
    const day = typeof q.day === 'string' ? q.day : typeof req?.['day'] === 'string' ? (req['day'] as string) : beijingDay(this.now().getTime());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return Req.fail('INVALID_REQUEST', [{ path: 'day', message: '应为 YYYY-MM-DD 日期 / must be a YYYY-MM-DD date' }]);
    if (!isUuid(periodId)) return Req.fail('PERIOD_NOT_FOUND');
    return inScope(this.o.ds, await this.subtreeOf(c), async (m) => {
      const [p] = (await m.query(`SELECT org_unit, org_path, starts_on::text AS s, ends_on::text AS e FROM key_persons.special_periods WHERE id = $1`, [
        periodId,
      ])) as Array<{
        org_unit: string;
        org_path: string | null;
        s: string;
        e: string;
      }>;
      if (!p) return Req.fail('PERIOD_NOT_FOUND');
      if (day < p.s || day > p.e) return KeyPersonFailures.fail('NO_SPECIAL_PERIOD_DAY');
      const rows = (await m.query(
        `SELECT p.id, p.name_masked, p.org_unit FROM key_persons.persons p
         WHERE p.status <> 'archived' AND (p.org_unit = $1 OR ($2::text IS NOT NULL AND starts_with(p.org_path, $2)))
           AND NOT EXISTS (SELECT 1 FROM key_persons.daily_reports d WHERE d.person_id = p.id AND d.period_id = $3 AND d.day = $4::date)
         ORDER BY p.org_unit, p.id`,
        [p.org_unit, p.org_path, periodId, day],
      )) as Array<{ id: string; name_masked: string | null; org_unit: string }>;
      const resp = await this.responsibleOf(
        m,
        rows.map((r) => r.id),
      );
      return ok({
        periodId,
        day,
        missing: rows.map((r) => ({ personId: r.id, nameMasked: r.name_masked ?? '*', orgUnit: r.org_unit, responsible: resp.get(r.id) ?? [] })),
      });
    });
  }

  // ---- exports ---------------------------------------------------------------------------------------

  private exportView(r: {
    id: string;
    org_unit: string;
    purpose: string;
    status: KeyPersonExportView['status'];
    requested_by: string;
    requested_at: Date;
    decided_by: string | null;
    decided_at: Date | null;
  }): KeyPersonExportView {
    return {
      id: r.id,
      orgUnit: r.org_unit,
      purpose: r.purpose,
      status: r.status,
      requestedBy: r.requested_by,
      requestedAt: iso(r.requested_at)!,
      decidedBy: r.decided_by,
      decidedAt: iso(r.decided_at),
    };
  }

  async requestExport(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonExportView>> {
    const b = this.body(req, exportRequestSchema, false);
    if (!b.ok) return b;
    const path = (await this.o.units.path(b.value.orgUnit)) ?? null;
    if (!mayKeepKeyPerson(this.kpCaller(c), { unit: { code: b.value.orgUnit, path } })) return Req.fail('OUTSIDE_JURISDICTION');
    const id = randomUUID();
    return inScope(this.o.ds, { kind: 'system' }, async (m) => {
      const [row] = (await m.query(
        `INSERT INTO key_persons.exports (id, org_unit, org_path, purpose, status, requested_by, requested_at) VALUES ($1,$2,$3,$4,'requested',$5,$6) RETURNING *`,
        [id, b.value.orgUnit, path, b.value.purpose, c.username, this.now()],
      )) as Parameters<KeyPersonsService['exportView']>[0][];
      await this.audit(m, c, 'export-request', id, { subjectType: 'key-person-export', reason: b.value.purpose, detail: { orgUnit: b.value.orgUnit } });
      return ok(this.exportView(row!));
    });
  }

  async listExports(c: Caller): Promise<Reply<KeyPersonExportView[]>> {
    return inScope(this.o.ds, await this.subtreeOf(c), async (m) => {
      const rows = (await m.query(`SELECT * FROM key_persons.exports ORDER BY requested_at DESC`)) as Parameters<KeyPersonsService['exportView']>[0][];
      return ok(rows.map((r) => this.exportView(r)));
    });
  }

  async decideExport(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonExportView>> {
    const b = this.body(req, exportDecisionSchema, false);
    if (!b.ok) return b;
    const id = req?.exportId;
    if (!isUuid(id)) return Req.fail('EXPORT_NOT_FOUND');
    let refused: Reply<KeyPersonExportView> | undefined;
    const out = await inScope(this.o.ds, { kind: 'system' }, async (m): Promise<Reply<KeyPersonExportView>> => {
      const [e] = (await m.query(`SELECT * FROM key_persons.exports WHERE id = $1 FOR UPDATE`, [id])) as Array<
        Parameters<KeyPersonsService['exportView']>[0] & { org_path: string | null }
      >;
      if (!e || !mayDecideKeyPerson(this.kpCaller(c), { unit: { code: e.org_unit, path: e.org_path } })) return Req.fail('EXPORT_NOT_FOUND');
      if (e.status !== 'requested') return KeyPersonFailures.fail('ALREADY_DECIDED');
      if (e.requested_by === c.username) return (refused = KeyPersonFailures.fail('SELF_APPROVAL'));
      await m.query(`UPDATE key_persons.exports SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1`, [
        id,
        b.value.approve ? 'approved' : 'rejected',
        c.username,
        this.now(),
      ]);
      const [row] = (await m.query(`SELECT * FROM key_persons.exports WHERE id = $1`, [id])) as Parameters<KeyPersonsService['exportView']>[0][];
      await this.audit(m, c, 'export-decision', id, { subjectType: 'key-person-export', detail: { approve: b.value.approve } });
      return ok(this.exportView(row!));
    });
    if (refused) return this.refuse(c, 'export-decision', id, refused, { subjectType: 'key-person-export' });
    return out;
  }

  /** The CSV of the export's unit subtree, once, to the requester, after a leader's approval; sealed on the bus. */
  async getExportFile(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<Sealed>> {
    const id = req?.exportId;
    if (!isUuid(id)) return Req.fail('EXPORT_NOT_FOUND');
    let refused: Reply<Sealed> | undefined;
    const out = await inScope(this.o.ds, { kind: 'system' }, async (m): Promise<Reply<Sealed>> => {
      const [e] = (await m.query(`SELECT * FROM key_persons.exports WHERE id = $1 FOR UPDATE`, [id])) as Array<{
        org_unit: string;
        org_path: string | null;
        status: string;
        requested_by: string;
      }>;
      if (!e || e.requested_by !== c.username) return (refused = Req.fail('EXPORT_NOT_FOUND'));
      if (e.status === 'downloaded') return (refused = KeyPersonFailures.fail('EXPORT_ALREADY_FETCHED'));
      if (e.status !== 'approved') return (refused = KeyPersonFailures.fail('EXPORT_NOT_APPROVED'));
      const persons = (await m.query(
        `SELECT * FROM key_persons.persons WHERE status <> 'archived' AND purged_at IS NULL AND (org_unit = $1 OR ($2::text IS NOT NULL AND starts_with(org_path, $2)))
         ORDER BY org_unit, registered_at`,
        [e.org_unit, e.org_path],
      )) as PersonRow[];
      const resp = await this.responsibleOf(
        m,
        persons.map((p) => p.id),
      );
      const cell = (v: string | null | undefined) => {
        const s = v ?? '';
        return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      };
      const lines = [
        'id,姓名/name,身份证号/idNumber,电话/phone,类别/category,风险等级/riskLevel,单位/orgUnit,状态/status,包保责任人/responsible,列管时间/registeredAt',
        ...persons.map((p) =>
          [
            p.id,
            this.dec(p.name_enc),
            this.dec(p.id_number_enc),
            this.dec(p.phone_enc),
            p.category,
            p.risk_level,
            p.org_unit,
            p.status,
            (resp.get(p.id) ?? []).map((r) => `${r.username}(${r.role})`).join(' '),
            iso(p.registered_at),
          ]
            .map(cell)
            .join(','),
        ),
      ];
      await m.query(`UPDATE key_persons.exports SET status = 'downloaded', fetched_at = $2 WHERE id = $1`, [id, this.now()]);
      await this.audit(m, c, 'export-file', id, {
        subjectType: 'key-person-export',
        detail: { rows: persons.length, fields: ['name', 'idNumber', 'phone', 'category', 'riskLevel', 'orgUnit', 'status', 'responsible', 'registeredAt'] },
      });
      return ok(this.seal(`${lines.join('\r\n')}\r\n`));
    });
    if (refused) return this.refuse(c, 'export-file', id, refused, { subjectType: 'key-person-export' });
    return out;
  }
}
