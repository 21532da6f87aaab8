import { isUniqueViolation } from '@fengqiao/persistence';
import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  eventSubject,
  EventTypes,
  listCasesQuerySchema,
  unmaskPartySchema,
  ok,
  resolveRule,
  SEVERITIES,
  zodFieldErrors,
  type CaseRegisteredData,
  type CaseView,
  type CaseWarningChangedData,
  type Caller,
  type ListCasesQuery,
  type Page,
  type Reply,
  type TransitionRecord,
  type UnmaskedParty,
  type WarningColour,
  type Channel,
  type Severity,
} from '@fengqiao/contracts';
import { hasAnyRole } from '@fengqiao/auth';
import {
  CASE_REGISTRAR_ROLES,
  caseWorkflowId,
  clockAllowedActions,
  firstReplyClock,
  JurisdictionFailures,
  kindModule,
  mayNameUnit,
  mayReadCase,
  OPEN311_KINDS,
  reachOf,
  ROOT_PATH,
  type CaseKindModule,
} from '@fengqiao/rules';
import type { Client } from '@temporalio/client';
import { startCaseProcess } from '@fengqiao/temporal';
import { chinaDate } from '@fengqiao/calendar';
import { appendAudit, type ReadAuditSink, type ReadContext } from '@fengqiao/audit';
import { validateIdNumber } from '@fengqiao/pii';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { JsonLogger, withLogContext } from '@fengqiao/observability';
import { CaseEntity, CasePartyEntity, CaseTimelineEntity } from './case.entity';
import { allocateCaseNo } from './case-number.allocator';
import { validateCaseInput } from './case-input.validator';
import { toCaseView } from './case.mapper';
import type { PiiProtector } from './pii-protector';
import type { ReferenceService } from '../reference/reference.service';
import type { RoutingRulesService } from '../routing/routing-rules.service';
import type { HolidayNoticesService } from '../routing/holiday-notices.service';
import { recordTransition } from './transition-recorder';
import { rememberPerson } from './people';
import { CaseFailures } from './cases.failures';
import { INTAKE_SCHEMA, INTAKE_EVENT_SOURCE } from '../config/intake.config';
import { inScope, type Scope } from '../database/jurisdiction-scope';
import { CASE_LIST_FIELDS, caseViewRead, recordRead, recordRefusal, unlessUnaudited } from './case-reads';
import { isStoredId } from './case-id';
import { PROCESS_START_DEADLINE_MS, startWithRetries } from './process-start';

/** Roles that may see a party's full ID and phone number (to contact them), always audited. */
export const UNMASK_ROLES = ['clerk', 'mediator', 'leader'];

export interface CasesServiceDeps {
  ds: DataSource;
  refs: ReferenceService;
  rules: RoutingRulesService;
  holidays: HolidayNoticesService;
  pii: PiiProtector;
  logger: JsonLogger;
  /** Where reads of personal data are recorded, in their own transaction, before they answer (an AuditOutbox). */
  audit: ReadAuditSink;
  /** Called after a commit that wrote outbox rows. */
  onOutboxWrite: () => void;
  /** Starts each new case's process before the registration answers (absent: the event starts it). */
  temporal?: Client;
  /** Isolation prefix (tests): part of workflow ids. */
  prefix?: string;
  now?: () => Date;
}

export class CasesService {
  constructor(private readonly d: CasesServiceDeps) {}

  /**
   * Registers a case and starts its process before answering, so the case takes its first action
   * at once. `requestKey` (the client's Idempotency-Key) is unique per registering user in the same
   * transaction as the case: a retry after any crash returns the first case, its process ensured.
   */
  async register(body: unknown, caller: Caller, requestKey?: string): Promise<Reply<CaseView>> {
    if (requestKey) {
      const earlier = await this.registeredWithKey(caller, requestKey);
      if (earlier) return this.withProcess(earlier);
    }
    const validation = await validateCaseInput(this.openSealedParties(body), this.d.refs);
    if (!validation.ok) return CaseFailures.fail('CASE_INVALID', validation.errors);
    const input = validation.input;
    // The same reference from the same system is the same case (a 12345 centre pushing an order again).
    // Taken first, then whose: a concurrent push's row committed between two reads is then always seen.
    if (input.externalRef && (await this.externalRefTaken(input.externalRef))) {
      const earlier = await this.registeredWith(caller, { externalSystem: input.externalRef.system, externalRef: input.externalRef.id });
      return earlier ? this.withProcess(earlier) : CaseFailures.fail('EXTERNAL_REF_TAKEN', { id: input.externalRef.id });
    }
    const kind = kindModule(input.kind);
    if (!kind) return CaseFailures.fail('CASE_KIND_UNKNOWN');
    // An integrator's service account (Open311) registers residents' reports only, never a private matter.
    const integrator = !hasAnyRole(caller, CASE_REGISTRAR_ROLES);
    if (integrator && !OPEN311_KINDS.includes(input.kind)) return CaseFailures.fail('KIND_NOT_FOR_INTEGRATORS', { kinds: OPEN311_KINDS.join(', ') });
    const unit = (await this.d.refs.orgUnit(input.orgUnit))!;
    if (!mayNameUnit(caller, unit)) {
      return CaseFailures.fail('REGISTER_OUTSIDE_JURISDICTION');
    }
    const closedIn = await this.closedMatter(kind, input.category, input.parties);
    if (closedIn) return CaseFailures.fail('MATTER_CLOSED', { caseNo: closedIn });
    const now = this.d.now?.() ?? new Date();
    // Routed by the current rules; the case and its process keep this version for life.
    const [rules, calendar, extraNotices] = await Promise.all([this.d.rules.current(), this.d.holidays.calendar(), this.d.holidays.extraNotices()]);
    const severity = input.severity ?? 'ordinary';
    const rule = resolveRule(rules.rules, input.category, severity);
    // The run's first clock, computed by the same rule the workflow uses (libs/rules): shown at once.
    const firstReply = firstReplyClock(calendar, rule, input.orgUnit, now.getTime());
    const year = Number(chinaDate(now).slice(0, 4));
    // 首问负责: a resident's own submission gets a clerk of the unit (or the nearest unit above that has one).
    // An integrator is a machine: the unit's first-contact clerk answers for its reports as for a resident's.
    const assignee =
      caller.orgUnit && !integrator ? { id: caller.userId, name: caller.name ?? caller.username, role: 'clerk' } : await this.firstContactClerk(input.orgUnit);

    const caseId = randomUUID();
    let data: CaseRegisteredData | undefined;
    let view: CaseView;
    try {
      view = await inScope(this.d.ds, await this.scopeOf(caller), async (m) => {
        const caseNo = await allocateCaseNo(m, input.orgUnit, year);
        const workflowId = caseWorkflowId(kind, caseNo, this.d.prefix);
        await m.insert(CaseEntity, {
          id: caseId,
          caseNo,
          kind: input.kind,
          category: input.category,
          severity,
          channel: input.channel,
          title: input.title,
          description: input.description,
          status: kind.statuses[0],
          outcome: null,
          warning: 'green',
          orgUnit: input.orgUnit,
          orgPath: unit.path,
          assignee,
          firstReplyDue: new Date(firstReply.due),
          mediationDue: null,
          jointHandlingDue: null,
          deadlinesProvisional: firstReply.provisional,
          occurredAt: input.occurredAt ? new Date(input.occurredAt) : null,
          location: input.location ?? null,
          workflowId,
          registeredBy: caller.userId,
          requestKey: requestKey ?? null,
          externalSystem: input.externalRef?.system ?? null,
          externalRef: input.externalRef?.id ?? null,
          ruleVersion: rules.version,
          tier: rule.tier,
          team: rule.team,
          clocks: [firstReply],
          // What the process accepts from its first moment: it is started before this answer.
          allowedActions: kind.allowedActions({ status: kind.statuses[0], joint: null, feedbackRecorded: false, clocks: [] }),
          clockActions: clockAllowedActions({ status: kind.statuses[0], joint: null, feedbackRecorded: false, clocks: [firstReply] }),
          extensionRequest: null,
          mediator: null,
          joint: null,
          rating: null,
          lastSeq: 0,
          createdAt: now,
          updatedAt: now,
        });
        await m.insert(
          CasePartyEntity,
          input.parties.map((p, ordinal) => {
            const id = p.idNumber ? this.d.pii.idNumber(p.idNumber) : undefined;
            const phone = p.phone ? this.d.pii.phone(p.phone) : undefined;
            return {
              id: randomUUID(),
              caseId,
              ordinal,
              role: p.role,
              name: p.name,
              idNumberEnc: id?.enc ?? null,
              idNumberBidx: id?.bidx ?? null,
              idNumberMasked: id?.masked ?? null,
              phoneEnc: phone?.enc ?? null,
              phoneBidx: phone?.bidx ?? null,
              phoneMasked: phone?.masked ?? null,
            };
          }),
        );
        const possibleDuplicates = await this.openCasesOfSameParties(m, caseId);
        await rememberPerson(m, caller);
        await m.insert(CaseTimelineEntity, {
          caseId,
          at: now,
          type: 'registered',
          actor: caller.name ?? caller.username,
          detail: {
            channel: input.channel,
            firstReplyDue: firstReply.due,
            ...(assignee ? { assignee: assignee.name } : {}),
            ...(possibleDuplicates.length ? { possibleDuplicates } : {}),
          },
        });
        data = {
          caseId,
          caseNo,
          kind: input.kind,
          category: input.category,
          severity,
          orgUnit: input.orgUnit,
          orgPath: unit.path,
          registeredAt: now.toISOString(),
          firstReplyDue: firstReply.due,
          registeredBy: caller.username,
          ...(input.location?.gridCode ? { gridCode: input.location.gridCode } : {}),
          title: input.title,
          channel: input.channel,
          routing: { ruleVersion: rules.version, rule },
          ...(extraNotices.length ? { extraNotices } : {}),
        };
        const subject = eventSubject(input.orgUnit, 'case', 'registered');
        await appendToOutbox(
          m,
          INTAKE_SCHEMA,
          subject,
          buildCloudEvent({ type: EventTypes.caseRegistered, source: INTAKE_EVENT_SOURCE, subject: caseNo, data, time: now }),
        );
        return this.loadView(m, caseId);
      });
    } catch (e) {
      // The same key raced in another request: that one's case is the answer.
      const earlier =
        requestKey && isUniqueViolation(e, 'cases_request_key')
          ? await this.registeredWithKey(caller, requestKey)
          : input.externalRef && isUniqueViolation(e, 'cases_external_ref')
            ? await this.registeredWith(caller, { externalSystem: input.externalRef.system, externalRef: input.externalRef.id })
            : undefined;
      if (earlier) return this.withProcess(earlier);
      throw e;
    }
    this.d.onOutboxWrite();
    withLogContext({ caseNo: view.caseNo, workflowId: view.workflowId }, () =>
      this.d.logger.event('case registered', { kind: view.kind, category: view.category, orgUnit: view.orgUnit }),
    );
    return this.startProcess(data!, view);
  }

  /**
   * A case of the kind, with the same category, brought by the same applicant (ID blind index),
   * whose timeline holds a step that closes the matter (the kind's `closesMatterAfter`): its number.
   * Read with the service's eyes: the closed case may lie outside the registering user's jurisdiction.
   */
  private async closedMatter(
    kind: CaseKindModule,
    category: string,
    parties: ReadonlyArray<{ role: string; idNumber?: string | null }>,
  ): Promise<string | undefined> {
    const closing = kind.closesMatterAfter ?? [];
    const applicants = parties.filter((p) => p.role === 'applicant' && p.idNumber).map((p) => this.d.pii.idNumberIndex(p.idNumber!));
    if (!closing.length || !applicants.length) return undefined;
    const rows = await inScope(this.d.ds, { kind: 'system' }, (m) =>
      m.query(
        `SELECT c.case_no FROM intake.cases c
          WHERE c.kind = $1 AND c.category = $2
            AND EXISTS (SELECT 1 FROM intake.case_parties p WHERE p.case_id = c.id AND p.role = 'applicant' AND p.id_number_bidx = ANY($3::text[]))
            AND EXISTS (SELECT 1 FROM intake.case_timeline t WHERE t.case_id = c.id AND t.type = ANY($4::text[]))
          ORDER BY c.created_at DESC LIMIT 1`,
        [kind.kind, category, applicants, [...closing]],
      ),
    );
    return (rows as Array<{ case_no: string }>)[0]?.case_no;
  }

  /** Is the reference registered at all (read with the service's eyes: the case may lie outside the caller's reach)? */
  private async externalRefTaken(ref: { system: string; id: string }): Promise<boolean> {
    const rows = await inScope(this.d.ds, { kind: 'system' }, (m) =>
      m.query(`SELECT 1 FROM intake.cases WHERE external_system = $1 AND external_ref = $2`, [ref.system, ref.id]),
    );
    return (rows as unknown[]).length > 0;
  }

  /** The case this user registered with this key, and what its process needs to start. */
  private registeredWithKey(caller: Caller, requestKey: string): Promise<{ view: CaseView; data: CaseRegisteredData; started: boolean } | undefined> {
    return this.registeredWith(caller, { registeredBy: caller.userId, requestKey });
  }

  /** The case registered with this key or external reference (within the caller's reach), and what its process needs to start. */
  private async registeredWith(
    caller: Caller,
    where: { registeredBy: string; requestKey: string } | { externalSystem: string; externalRef: string },
  ): Promise<{ view: CaseView; data: CaseRegisteredData; started: boolean } | undefined> {
    const found = await inScope(this.d.ds, await this.scopeOf(caller), async (m) => {
      const c = await m.getRepository(CaseEntity).findOneBy(where);
      return c ? { c, view: await this.loadView(m, c.id) } : undefined;
    });
    if (!found) return undefined;
    const { c, view } = found;
    // The registration as its event said it: the rule version the case was routed by.
    const [rules, extraNotices] = await Promise.all([c.ruleVersion === null ? undefined : this.d.rules.version(c.ruleVersion), this.d.holidays.extraNotices()]);
    const rule = rules ? resolveRule(rules.rules, c.category, SEVERITIES.find((x) => x === c.severity) ?? 'ordinary') : undefined;
    const data: CaseRegisteredData = {
      caseId: c.id,
      caseNo: c.caseNo,
      kind: c.kind,
      category: c.category,
      severity: c.severity as Severity,
      orgUnit: c.orgUnit,
      orgPath: c.orgPath,
      registeredAt: c.createdAt.toISOString(),
      firstReplyDue: (c.firstReplyDue ?? c.createdAt).toISOString(),
      registeredBy: caller.username,
      ...(typeof c.location?.['gridCode'] === 'string' ? { gridCode: c.location['gridCode'] } : {}),
      title: c.title,
      channel: c.channel as Channel,
      ...(rules && rule ? { routing: { ruleVersion: rules.version, rule } } : {}),
      ...(extraNotices.length ? { extraNotices } : {}),
    };
    return { view, data, started: c.lastSeq > 0 };
  }

  private async withProcess(earlier: { view: CaseView; data: CaseRegisteredData; started: boolean }): Promise<Reply<CaseView>> {
    return earlier.started ? ok(earlier.view) : this.startProcess(earlier.data, earlier.view);
  }

  /**
   * Starts the case's process (a repeated start is a no-op). When Temporal cannot be reached the
   * case stays registered, the outbox event starts the process later, and the client — told 503 —
   * retries with the same key and gets this case.
   */
  private async startProcess(data: CaseRegisteredData, view: CaseView): Promise<Reply<CaseView>> {
    if (!this.d.temporal) return ok(view);
    const temporal = this.d.temporal;
    // Once started, the run takes updates: an action sent right after this answer waits for the
    // run's first step (its routing record) inside the workflow, never a 409.
    const until = Date.now() + PROCESS_START_DEADLINE_MS;
    const started = await temporal.withDeadline(until, () => startWithRetries(() => startCaseProcess(temporal, data, this.d.prefix), { until }));
    if (started.ok) return ok(view);
    withLogContext({ caseNo: view.caseNo, workflowId: view.workflowId }, () =>
      this.d.logger.event('case registered, its process not yet started (the event will start it)', { error: String(started.error) }, 'warn'),
    );
    return CaseFailures.fail('PROCESS_STARTING');
  }

  /** The clerk who answers for an online submission at the unit, or at the nearest unit above with one. */
  private async firstContactClerk(orgUnit: string): Promise<CaseEntity['assignee']> {
    const rows: Array<{ username: string; name: string }> = await this.d.ds.query(
      `SELECT f.username, f.name FROM ${INTAKE_SCHEMA}.first_contact_clerks f
         JOIN ${INTAKE_SCHEMA}.org_units u ON u.code = f.org_unit
        WHERE (SELECT path FROM ${INTAKE_SCHEMA}.org_units WHERE code = $1) LIKE u.path || '%'
        ORDER BY length(u.path) DESC,
          (SELECT count(*) FROM ${INTAKE_SCHEMA}.cases c WHERE c.assignee->>'id' = f.username AND c.status <> 'closed'), f.username
        LIMIT 1`,
      [orgUnit],
    );
    return rows[0] ? { id: rows[0].username, name: rows[0].name, role: 'clerk' } : null;
  }

  /**
   * One case; the read is on the audit log before it answers (recorded while the view loads).
   * `route` 'case-action': the case as an action (or merge) answers it, recorded like any read.
   */
  async get(id: string, caller: Caller, read: ReadContext = {}, route: 'case-view' | 'case-action' = 'case-view'): Promise<Reply<CaseView>> {
    const notFound = CaseFailures.fail('CASE_NOT_FOUND');
    if (!isStoredId(id)) return notFound;
    return unlessUnaudited(this.d.logger, async () => {
      let audited: Promise<void> | undefined;
      const view = await inScope(this.d.ds, await this.scopeOf(caller), async (m) => {
        const c = await m.getRepository(CaseEntity).findOneBy({ id });
        // Out-of-jurisdiction cases answer exactly like missing ones: existence is not revealed.
        // (Row-level security already hides them; the check here is the second lock.)
        if (!c || !this.mayRead(c, caller)) return undefined;
        // Made durable while the view loads; awaited before it answers.
        audited = recordRead(this.d.audit, caller, read, caseViewRead(id, route));
        return this.loadView(m, id);
      });
      if (!view) {
        await recordRefusal(this.d.audit, this.d.logger, caller, read, caseViewRead(id, route));
        return notFound;
      }
      await audited;
      return ok(view);
    });
  }

  async list(rawQuery: unknown, caller: Caller, read: ReadContext = {}): Promise<Reply<Page<CaseView>>> {
    const parsed = listCasesQuerySchema.safeParse(rawQuery ?? {});
    if (!parsed.success) return CaseFailures.fail('INVALID_QUERY', zodFieldErrors(parsed.error));
    const q = parsed.data;
    const filterUnit = q.orgUnit ? await this.d.refs.orgUnit(q.orgUnit) : undefined;
    if (q.orgUnit && !mayNameUnit(caller, { code: q.orgUnit, path: filterUnit?.path })) {
      return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
    }
    const empty = ok<Page<CaseView>>({ items: [], total: 0, page: q.page, pageSize: q.pageSize });
    let idIndex: string | undefined;
    if (q.idNumber) {
      const id = validateIdNumber(this.openQuietly(q.idNumber));
      if (!id.ok) return CaseFailures.fail('INVALID_QUERY', [{ path: 'idNumber', message: id.message }]);
      idIndex = this.d.pii.idNumberIndex(id.normalized);
    }
    if (q.orgUnit && !filterUnit) return empty;

    const own = await this.scopeOf(caller);
    return unlessUnaudited(this.d.logger, () => this.listIn(own, q, filterUnit?.path, idIndex, caller, read));
  }

  /** One page of cases in the caller's scope; the page's read is recorded in its transaction. */
  private async listIn(
    own: Scope,
    q: ListCasesQuery,
    filterPath: string | undefined,
    idIndex: string | undefined,
    caller: Caller,
    read: ReadContext,
  ): Promise<Reply<Page<CaseView>>> {
    let audited: Promise<void> | undefined;
    const page = await inScope(this.d.ds, own, async (m) => {
      const qb = m.getRepository(CaseEntity).createQueryBuilder('c');
      // The caller's limits twice: here in the query, and again by row-level security (both the
      // jurisdiction rule of libs/rules as SQL: a path prefix).
      if (own.kind === 'org') qb.andWhere('starts_with(c.org_path, :own)', { own: own.path });
      if (own.kind === 'resident') qb.andWhere('c.registered_by = :me', { me: own.userId });
      if (filterPath) qb.andWhere('starts_with(c.org_path, :path)', { path: filterPath });
      if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
      if (q.category) qb.andWhere('c.category = :category', { category: q.category });
      if (q.gridCode) qb.andWhere("c.location->>'gridCode' = :gridCode", { gridCode: q.gridCode });
      if (q.status) qb.andWhere('c.status = :status', { status: q.status });
      if (q.warning) qb.andWhere('c.warning = :warning', { warning: q.warning });
      if (q.open) qb.andWhere(q.open === 'true' ? "c.status <> 'closed'" : "c.status = 'closed'");
      if (q.registeredFrom) qb.andWhere('c.created_at >= :registeredFrom', { registeredFrom: new Date(q.registeredFrom) });
      if (idIndex) qb.andWhere('EXISTS (SELECT 1 FROM intake.case_parties pa WHERE pa.case_id = c.id AND pa.id_number_bidx = :idIndex)', { idIndex });
      if (q.q) {
        const like = `%${q.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
        qb.andWhere('(c.case_no ILIKE :like OR c.title ILIKE :like OR c.description ILIKE :like)', { like });
      }
      const [rows, total] = await qb
        .orderBy('c.createdAt', 'DESC')
        .addOrderBy('c.caseNo', 'DESC')
        .skip((q.page - 1) * q.pageSize)
        .take(q.pageSize)
        .getManyAndCount();
      const ids = rows.map((r) => r.id);
      // A page that shows cases shows their parties: recorded once, naming every case on it.
      if (ids.length) {
        audited = recordRead(this.d.audit, caller, read, {
          action: 'read.case-list',
          route: 'case-list',
          caseIds: ids,
          fields: CASE_LIST_FIELDS,
          subjectType: 'case-list',
          extra: idIndex ? { byIdNumber: true } : undefined,
        });
      }
      const parties = ids.length ? await m.getRepository(CasePartyEntity).findBy({ caseId: In(ids) }) : [];
      const items = rows.map((c) =>
        toCaseView(
          c,
          parties.filter((p) => p.caseId === c.id),
          [],
        ),
      );
      return { items, total, page: q.page, pageSize: q.pageSize };
    });
    await audited; // durable before the page answers (made so while its parties loaded)
    return ok(page);
  }

  /**
   * Reveals a party's ID and phone number to a caller whose role may see them, within their
   * jurisdiction. Every attempt, allowed or not, is an audit entry in the same transaction.
   */
  async unmaskParty(body: unknown, caller: Caller, requestId?: string): Promise<Reply<UnmaskedParty>> {
    const parsed = unmaskPartySchema.safeParse(body);
    if (!parsed.success) return CaseFailures.fail('UNMASK_REASON_REQUIRED', zodFieldErrors(parsed.error));
    const { id, party, reason, sourceIp } = parsed.data;
    return inScope(this.d.ds, await this.scopeOf(caller), async (m) => {
      const c = await m.getRepository(CaseEntity).findOneBy({ id });
      const p = c ? await m.getRepository(CasePartyEntity).findOneBy({ caseId: id, ordinal: party }) : null;
      const allowed = !!c && !!p && hasAnyRole(caller, UNMASK_ROLES) && this.mayRead(c, caller);
      await appendAudit(m, {
        actorId: caller.userId,
        actorName: caller.username,
        actorRoles: caller.roles,
        actorOrgUnit: caller.orgUnit,
        action: 'unmask.case-party',
        subjectType: 'case-party',
        subjectId: `${id}#${party}`,
        reason,
        sourceIp: sourceIp ?? null,
        requestId: requestId ?? null,
        result: allowed ? 'allowed' : 'denied',
        detail: { caseNo: c?.caseNo ?? null, fields: [p?.idNumberEnc && 'idNumber', p?.phoneEnc && 'phone'].filter(Boolean) },
      });
      if (!c || !p) return CaseFailures.fail('CASE_OR_PARTY_NOT_FOUND');
      if (!allowed) return CaseFailures.fail('UNMASK_FORBIDDEN');
      return ok({
        role: p.role,
        name: p.name,
        // Sealed for the wire: only the gateway opens them, for the caller's response.
        idNumber: p.idNumberEnc ? this.d.pii.seal(this.d.pii.decrypt(p.idNumberEnc)) : null,
        phone: p.phoneEnc ? this.d.pii.seal(this.d.pii.decrypt(p.phoneEnc)) : null,
      });
    });
  }

  /** Activity body: stores the colour, a timeline row and the event, once per change. */
  async recordWarning(i: { caseId: string; caseNo: string; warning: WarningColour; reason: string }): Promise<void> {
    const changed = await inScope(this.d.ds, { kind: 'system' }, async (m) => {
      const c = await m.getRepository(CaseEntity).findOne({ where: { id: i.caseId }, lock: { mode: 'pessimistic_write' } });
      if (!c || c.warning === i.warning) return false; // a retried activity changes nothing twice
      const now = this.d.now?.() ?? new Date();
      await m.update(CaseEntity, { id: c.id }, { warning: i.warning, updatedAt: now });
      await m.insert(CaseTimelineEntity, {
        caseId: c.id,
        at: now,
        type: 'warning-changed',
        actor: 'system',
        detail: { from: c.warning, to: i.warning, reason: i.reason },
      });
      const data: CaseWarningChangedData = { caseId: c.id, caseNo: c.caseNo, orgUnit: c.orgUnit, warning: i.warning, reason: i.reason };
      await appendToOutbox(
        m,
        INTAKE_SCHEMA,
        eventSubject(c.orgUnit, 'case', 'warning-changed'),
        buildCloudEvent({ type: EventTypes.caseWarningChanged, source: INTAKE_EVENT_SOURCE, subject: c.caseNo, data, time: now }),
      );
      return true;
    });
    if (changed) this.d.onOutboxWrite();
  }

  /** Activity body: a step of a case's process (see transition-recorder.ts). */
  async recordTransition(r: TransitionRecord): Promise<void> {
    if (await recordTransition(this.d.ds, r)) this.d.onOutboxWrite();
    // Checked on every later step too (a retried activity finds its step written): the referral is registered once, by its key.
    if (r.state.outcome === REFERRED_TO_PETITION) await this.referToPetition(r.caseId);
  }

  /**
   * 转信访: a dispute concluded as `referred-petition` becomes a petition case of the same unit, the
   * same parties and facts, channel `referral`, linked to it as the same matter. Registered by the
   * platform itself, once (its Idempotency-Key is the dispute's id).
   */
  private async referToPetition(disputeId: string): Promise<void> {
    const found = await inScope(this.d.ds, { kind: 'system' }, async (m) => {
      const c = await m.getRepository(CaseEntity).findOneBy({ id: disputeId });
      const parties = c ? await m.getRepository(CasePartyEntity).find({ where: { caseId: c.id }, order: { ordinal: 'ASC' } }) : [];
      return c ? { c, parties } : undefined;
    });
    if (!found) return;
    const { c, parties } = found;
    const registrar: Caller = { ...REFERRAL_REGISTRAR, orgUnit: c.orgUnit };
    const referral = await this.register(
      {
        kind: 'petition',
        category: c.category,
        severity: c.severity,
        channel: 'referral',
        orgUnit: c.orgUnit,
        title: `纠纷转信访：${c.title}`.slice(0, 200),
        description: `由纠纷案件 ${c.caseNo} 调解不成转入信访。${c.description}`.slice(0, 5000),
        ...(c.occurredAt ? { occurredAt: c.occurredAt.toISOString() } : {}),
        ...(c.location ? { location: c.location } : {}),
        // The stored ciphertexts are sealed values: registration opens them as it opens the gateway's.
        parties: parties.map((p) => ({
          role: p.role,
          name: p.name,
          ...(p.idNumberEnc ? { idNumber: p.idNumberEnc } : {}),
          ...(p.phoneEnc ? { phone: p.phoneEnc } : {}),
        })),
      },
      registrar,
      `referral:${c.id}`,
    );
    if (!referral.ok) {
      this.d.logger.event('referral to petitions refused', { caseNo: c.caseNo, problem: referral.problem.detail }, 'warn');
      return;
    }
    await inScope(this.d.ds, { kind: 'system' }, (m) =>
      m.query(
        `INSERT INTO intake.case_links (id, case_id, linked_case_id, relation, reason, created_by)
         VALUES ($1, $2, $3, 'same-matter', $4, $5) ON CONFLICT DO NOTHING`,
        [randomUUID(), referral.value.id, c.id, `纠纷案件 ${c.caseNo} 调解不成转信访`, registrar.username],
      ),
    );
  }

  async categories() {
    return this.d.rules.categoryViews();
  }

  /**
   * Open cases (that the registering user may see) with a party of the same ID number:
   * shown on the new case so a repeated matter is linked, not handled twice.
   */
  private async openCasesOfSameParties(m: EntityManager, caseId: string): Promise<string[]> {
    const rows: Array<{ case_no: string }> = await m.query(
      `SELECT DISTINCT c.case_no FROM intake.case_parties mine
         JOIN intake.case_parties other ON other.id_number_bidx = mine.id_number_bidx AND other.case_id <> mine.case_id
         JOIN intake.cases c ON c.id = other.case_id AND c.status <> 'closed'
        WHERE mine.case_id = $1 AND mine.id_number_bidx IS NOT NULL
        ORDER BY c.case_no LIMIT 10`,
      [caseId],
    );
    return rows.map((r) => r.case_no);
  }

  private openQuietly(value: string): string {
    try {
      return this.d.pii.open(value);
    } catch {
      return value;
    }
  }

  /** Parties' ID and phone numbers arrive sealed by the gateway (no plain personal data on NATS). */
  private openSealedParties(body: unknown): unknown {
    const parties = (body as { parties?: unknown })?.parties;
    if (!Array.isArray(parties)) return body;
    // A value that will not open stays sealed: validation then reports the field without echoing it.
    const open = (v: unknown) => (typeof v === 'string' ? this.openQuietly(v) : v);
    return {
      ...(body as object),
      parties: parties.map((p) =>
        p && typeof p === 'object' ? { ...p, idNumber: open((p as { idNumber?: unknown }).idNumber), phone: open((p as { phone?: unknown }).phone) } : p,
      ),
    };
  }

  /**
   * The row-level-security scope of a caller, from the jurisdiction rule (libs/rules `reachOf`):
   * every path for an admin, their unit's subtree for other staff, a resident's own cases.
   */
  async scopeOf(caller: Caller): Promise<Scope> {
    const reach = reachOf(caller);
    if (reach.kind === 'everywhere') return { kind: 'org', path: ROOT_PATH };
    if (reach.kind === 'own-cases') return { kind: 'resident', userId: reach.userId };
    // An org unit missing from the tree sees nothing (a path no case has), never everything.
    const unit = await this.d.refs.orgUnit(reach.unit);
    return { kind: 'org', path: unit?.path ?? `/unknown/${reach.unit}/` };
  }

  /** The jurisdiction rule on a stored case (its path was fixed at registration; units never move). */
  mayRead(c: CaseEntity, caller: Caller): boolean {
    return mayReadCase(caller, c);
  }

  private async loadView(m: EntityManager, caseId: string): Promise<CaseView> {
    const [c, parties, timeline] = await Promise.all([
      m.getRepository(CaseEntity).findOneByOrFail({ id: caseId }),
      m.getRepository(CasePartyEntity).findBy({ caseId }),
      m.getRepository(CaseTimelineEntity).find({ where: { caseId }, order: { id: 'ASC' } }),
    ]);
    const into = c.mergedInto ? await m.getRepository(CaseEntity).findOne({ where: { id: c.mergedInto }, select: { caseNo: true } }) : null;
    return toCaseView(c, parties, timeline, into?.caseNo);
  }
}

/** The dispute outcome that makes a petition (转信访). */
const REFERRED_TO_PETITION = 'referred-petition';

/** Who registers a referral: the platform, acting in the dispute's unit. */
const REFERRAL_REGISTRAR: Omit<Caller, 'orgUnit'> = {
  userId: 'system.referral',
  username: 'system.referral',
  name: '系统转办',
  roles: ['clerk'],
  department: null,
};
