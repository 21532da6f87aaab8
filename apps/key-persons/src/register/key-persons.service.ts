import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { ZodType } from 'zod';
import { appendAudit } from '@fengqiao/audit';
import {
  assessmentDecisionSchema,
  assessmentSchema,
  contactSchema,
  dailyReportSchema,
  exportDecisionSchema,
  exportRequestSchema,
  eventSubject,
  KEY_PERSON_AGGREGATE,
  KeyPersonEvents,
  keyPersonCreateSchema,
  keyPersonListQuerySchema,
  measureAddSchema,
  ok,
  openingPurposeSchema,
  removalDecisionSchema,
  removalRequestSchema,
  responsibleChangeSchema,
  riskChangeSchema,
  specialPeriodSchema,
  summarySchema,
  zodFieldErrors,
  type Caller,
  type KeyPersonCaseRef,
  type KeyPersonCategoryView,
  type KeyPersonExportView,
  type KeyPersonListItem,
  type KeyPersonOpeningView,
  type KeyPersonRecordView,
  type KeyPersonRiskLevel,
  type KeyPersonStatus,
  type KeyPersonTaskView,
  type KeyPersonWarningView,
  type MissingDailyReportView,
  type ObligationView,
  type Page,
  type Reply,
  type ResponsiblePersonView,
  type SpecialPeriodRef,
  type SpecialPeriodView,
  type KeyPersonSupervisionInput,
} from '@fengqiao/contracts';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { blindIndex, maskName, openJson, sealJson, validateIdNumber, validatePhone, type PiiCipher, type Sealed } from '@fengqiao/pii';
import {
  beijingDay,
  KeyPersonFailures,
  mayDecideKeyPerson,
  mayKeepKeyPerson,
  mayOpenKeyPerson,
  mayReportOnKeyPerson,
  scoreAssessment,
  type KeyPersonCaller,
} from '@fengqiao/rules';
import { KEY_PERSONS_SCHEMA } from '../config/key-persons.config';
import { inScope, type Scope } from '../database/scope';
import type { OrgUnitsService } from '../org-units/org-units.service';
import { KeyPersonRequestFailures as Req } from './key-persons.failures';

const EVENT_SOURCE = 'fq/key-persons';
/** A contact may be dated a little ahead (clock skew between a phone and the server), no more. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** What a command carries: ids and a purpose plain, anything written about a person sealed. */
export interface KeyPersonRequest {
  personId?: unknown;
  assessmentId?: unknown;
  periodId?: unknown;
  exportId?: unknown;
  purpose?: unknown;
  query?: unknown;
  sealed?: unknown;
  [k: string]: unknown;
}

/** The supervision runs, as the service drives them (Temporal in production; a recorder in tests). */
export interface SupervisionControl {
  start(input: KeyPersonSupervisionInput): Promise<void>;
  signal(personId: string, signal: string, arg: unknown): Promise<void>;
}

export interface KeyPersonsServiceOptions {
  ds: DataSource;
  units: OrgUnitsService;
  cipher: PiiCipher;
  blindIndexKey: Buffer;
  supervision: SupervisionControl;
  retentionDays: number;
  /** Asks intake for the person's cases (the person file); references only. */
  casesOfPerson?: (idIndex: string, token: string | undefined) => Promise<KeyPersonCaseRef[]>;
  onOutboxWrite?: () => void;
  log?: (message: string, fields: Record<string, string | number>) => void;
  now?: () => Date;
}

interface PersonRow {
  id: string;
  org_unit: string;
  org_path: string | null;
  category: string;
  risk_level: KeyPersonRiskLevel;
  status: KeyPersonStatus;
  name_enc: string | null;
  name_masked: string | null;
  id_number_enc: string | null;
  id_index: string | null;
  phone_enc: string | null;
  gender: 'female' | 'male' | null;
  address_enc: string | null;
  description_enc: string | null;
  registered_by: string;
  registered_at: Date;
  archived_at: Date | null;
  purge_after: Date | null;
  purged_at: Date | null;
}

type Loaded = { person: PersonRow; responsible: ResponsiblePersonView[] };

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const isUuid = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
const worst = (colours: string[]): 'green' | 'yellow' | 'red' => (colours.includes('red') ? 'red' : colours.includes('yellow') ? 'yellow' : 'green');

/** The fields an opening shows (audited by name, never by value). */
const RECORD_FIELDS = [
  'name',
  'idNumber',
  'phone',
  'gender',
  'address',
  'description',
  'measures',
  'contacts',
  'riskHistory',
  'assessments',
  'summaries',
  'removal',
  'cases',
];

/**
 * The key-person register: need-to-know on every record, every describing field encrypted, every
 * opening and write audited in its own transaction, every body and record sealed on the bus.
 */
export class KeyPersonsService {
  private readonly now: () => Date;

  constructor(private readonly o: KeyPersonsServiceOptions) {
    this.now = o.now ?? (() => new Date());
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private enc(v: string | undefined | null): string | null {
    return v === undefined || v === null || v === '' ? null : this.o.cipher.encrypt(v);
  }
  private dec(v: string | null): string | null {
    return v === null ? null : this.o.cipher.decrypt(v);
  }

  private kpCaller(c: Caller): KeyPersonCaller {
    return { userId: c.userId, roles: c.roles, orgUnit: c.orgUnit, username: c.username };
  }

  /** The caller's eyes for lists: their subtree (RLS), nothing without a unit. */
  private async subtreeOf(c: Caller): Promise<Scope> {
    if (!c.orgUnit) return { kind: 'none' };
    const path = await this.o.units.path(c.orgUnit);
    return path ? { kind: 'subtree', path } : { kind: 'none' };
  }

  /** A body: the sealed message opened (bodies about persons must be sealed), validated again with the contract's schema. */
  private body<T>(req: KeyPersonRequest | undefined, schema: ZodType<T>, mustBeSealed: boolean): Reply<T> {
    let raw: unknown;
    if (typeof req?.sealed === 'string') {
      try {
        raw = openJson<unknown>(this.o.cipher, { sealed: req.sealed });
      } catch {
        return Req.fail('NOT_SEALED');
      }
    } else if (mustBeSealed) {
      return Req.fail('NOT_SEALED');
    } else {
      const { personId: _p, assessmentId: _a, periodId: _r, exportId: _e, query: _q, sealed: _s, ...rest } = req ?? {};
      raw = rest;
    }
    const parsed = schema.safeParse(raw);
    return parsed.success ? ok(parsed.data) : Req.fail('INVALID_REQUEST', zodFieldErrors(parsed.error));
  }

  private seal<T>(value: T): Sealed {
    return sealJson(this.o.cipher, value);
  }

  private audit(
    m: EntityManager,
    c: Caller,
    action: string,
    subjectId: string,
    o: { reason?: string | null; detail?: unknown; denied?: boolean; subjectType?: string },
  ) {
    return appendAudit(m, {
      actorId: c.userId,
      actorName: c.username,
      actorRoles: c.roles,
      actorOrgUnit: c.orgUnit,
      action: `key-person.${action}`,
      subjectType: o.subjectType ?? 'key-person',
      subjectId,
      reason: o.reason ?? null,
      result: o.denied ? 'denied' : 'allowed',
      detail: o.detail ?? null,
    });
  }

  /** A refused step, audited in a transaction of its own (nothing else is written). */
  private async refuse<T>(
    c: Caller,
    action: string,
    subjectId: string,
    reply: Reply<T>,
    o: { reason?: string | null; subjectType?: string } = {},
  ): Promise<Reply<T>> {
    await inScope(this.o.ds, { kind: 'system' }, (m) =>
      this.audit(m, c, action, subjectId, { ...o, denied: true, detail: { code: reply.ok ? null : (reply.problem['code'] ?? null) } }),
    );
    return reply;
  }

  private event(m: EntityManager, orgUnit: string, event: string, subjectId: string, data: unknown) {
    return appendToOutbox(
      m,
      KEY_PERSONS_SCHEMA,
      eventSubject(orgUnit, KEY_PERSON_AGGREGATE, event),
      buildCloudEvent({ type: `fq.${KEY_PERSON_AGGREGATE}.${event}`, source: EVENT_SOURCE, subject: subjectId, data, time: this.now() }),
    );
  }

  private async load(m: EntityManager, id: string, lock = false): Promise<Loaded | undefined> {
    const [person] = (await m.query(`SELECT * FROM key_persons.persons WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as PersonRow[];
    if (!person) return undefined;
    const responsible = (await m.query(`SELECT username, role FROM key_persons.responsible WHERE person_id = $1 ORDER BY role, username`, [
      id,
    ])) as ResponsiblePersonView[];
    return { person, responsible };
  }

  private access(l: Loaded) {
    return { unit: { code: l.person.org_unit, path: l.person.org_path }, responsibleUsernames: l.responsible.map((r) => r.username) };
  }

  /**
   * Loads a person for a step and checks need-to-know; a person outside it answers like a missing
   * one (audited denied). `active`: refuse an archived person (409).
   */
  private async guarded<T>(
    c: Caller,
    req: KeyPersonRequest | undefined,
    action: string,
    may: (k: KeyPersonCaller, l: Loaded) => boolean,
    fn: (m: EntityManager, l: Loaded) => Promise<Reply<T>>,
    o: { active?: boolean; reason?: string | null } = {},
  ): Promise<Reply<T>> {
    const id = req?.personId;
    if (!isUuid(id)) return KeyPersonFailures.fail('KEY_PERSON_NOT_FOUND');
    let refused: Reply<T> | undefined;
    const out = await inScope(this.o.ds, { kind: 'system' }, async (m) => {
      const l = await this.load(m, id, true);
      if (!l || l.person.purged_at || !may(this.kpCaller(c), l)) {
        refused = KeyPersonFailures.fail('KEY_PERSON_NOT_FOUND');
        return refused;
      }
      if (o.active !== false && l.person.status === 'archived') {
        refused = KeyPersonFailures.fail('NOT_ACTIVE');
        return refused;
      }
      return fn(m, l);
    });
    if (refused) return this.refuse(c, action, id, refused, { reason: o.reason });
    if (out.ok) this.o.onOutboxWrite?.();
    return out;
  }

  private async listItems(m: EntityManager, persons: PersonRow[]): Promise<KeyPersonListItem[]> {
    if (!persons.length) return [];
    const ids = persons.map((p) => p.id);
    const resp = (await m.query(`SELECT person_id, username, role FROM key_persons.responsible WHERE person_id = ANY($1::uuid[]) ORDER BY role, username`, [
      ids,
    ])) as Array<ResponsiblePersonView & { person_id: string }>;
    const obl = (await m.query(
      `SELECT person_id, obligation, due_at, colour FROM key_persons.obligations WHERE person_id = ANY($1::uuid[]) AND state = 'open'`,
      [ids],
    )) as Array<{ person_id: string; obligation: string; due_at: Date; colour: string }>;
    return persons.map((p) => {
      const mine = obl.filter((o) => o.person_id === p.id);
      const contact = mine.find((o) => o.obligation === 'contact');
      return {
        id: p.id,
        nameMasked: p.name_masked ?? '*',
        category: p.category,
        riskLevel: p.risk_level,
        orgUnit: p.org_unit,
        status: p.status,
        responsible: resp.filter((r) => r.person_id === p.id).map((r) => ({ username: r.username, role: r.role })),
        nextContactDue: contact ? iso(contact.due_at) : null,
        colour: worst(mine.map((o) => o.colour)),
        registeredAt: iso(p.registered_at)!,
      };
    });
  }

  private async item(m: EntityManager, id: string): Promise<KeyPersonListItem> {
    const [p] = (await m.query(`SELECT * FROM key_persons.persons WHERE id = $1`, [id])) as PersonRow[];
    return (await this.listItems(m, [p!]))[0]!;
  }

  private async periodsInForce(m: EntityManager, orgPath: string | null, orgUnit: string): Promise<SpecialPeriodRef[]> {
    const today = beijingDay(this.now().getTime());
    const rows = (await m.query(
      `SELECT id, starts_on::text AS starts_on, ends_on::text AS ends_on FROM key_persons.special_periods
       WHERE ends_on >= $3::date AND (org_unit = $2 OR ($1::text IS NOT NULL AND org_path IS NOT NULL AND starts_with($1::text, org_path)))`,
      [orgPath, orgUnit, today],
    )) as Array<{ id: string; starts_on: string; ends_on: string }>;
    return rows.map((r) => ({ periodId: r.id, startsOn: r.starts_on, endsOn: r.ends_on }));
  }

  /** The run's input from the row: ids, unit, level, times — never a name. */
  async supervisionInput(m: EntityManager, p: PersonRow): Promise<KeyPersonSupervisionInput> {
    const [last] = (await m.query(
      `SELECT (SELECT max(at) FROM key_persons.contacts WHERE person_id = $1) AS contact,
              (SELECT max(decided_at) FROM key_persons.assessments WHERE person_id = $1 AND status = 'approved') AS assessment,
              (SELECT max(at) FROM key_persons.summaries WHERE person_id = $1) AS summary`,
      [p.id],
    )) as Array<{ contact: Date | null; assessment: Date | null; summary: Date | null }>;
    const reports = (await m.query(`SELECT period_id, day::text AS day FROM key_persons.daily_reports WHERE person_id = $1`, [p.id])) as Array<{
      period_id: string;
      day: string;
    }>;
    return {
      personId: p.id,
      orgUnit: p.org_unit,
      riskLevel: p.risk_level,
      registeredAt: iso(p.registered_at)!,
      ...(last?.contact ? { lastContactAt: iso(last.contact)! } : {}),
      ...(last?.assessment ? { lastAssessmentAt: iso(last.assessment)! } : {}),
      ...(last?.summary ? { lastSummaryAt: iso(last.summary)! } : {}),
      specialPeriods: await this.periodsInForce(m, p.org_path, p.org_unit),
      dailyReports: reports.map((r) => `${r.period_id}/${r.day}`),
    };
  }

  /** After a commit: a signal failing is logged (the run re-reads nothing; the backstop restarts missing runs). */
  private async signal(personId: string, name: string, arg: unknown) {
    await this.o.supervision.signal(personId, name, arg).catch((e: unknown) => this.o.log?.('supervision signal failed', { signal: name, error: String(e) }));
  }

  // ---- categories and the register ----------------------------------------------------------------

  async listCategories(): Promise<Reply<KeyPersonCategoryView[]>> {
    const rows = (await this.o.ds.query(`SELECT code, name, name_en, active FROM key_persons.categories ORDER BY code`)) as Array<{
      code: string;
      name: string;
      name_en: string;
      active: boolean;
    }>;
    return ok(rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en, active: r.active })));
  }

  async list(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<Page<KeyPersonListItem>>> {
    const parsed = keyPersonListQuerySchema.safeParse(req?.query ?? {});
    if (!parsed.success) return Req.fail('INVALID_REQUEST', zodFieldErrors(parsed.error));
    const q = parsed.data;
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    let filterPath: string | null = null;
    if (q.orgUnit) {
      filterPath = (await this.o.units.path(q.orgUnit)) ?? null;
      if (!filterPath) return ok({ items: [], total: 0, page, pageSize });
    }
    return inScope(this.o.ds, await this.subtreeOf(c), async (m) => {
      const where = [
        'purged_at IS NULL',
        filterPath ? `starts_with(org_path, $1)` : '$1::text IS NULL',
        `($2::text IS NULL OR category = $2)`,
        `($3::text IS NULL OR risk_level = $3)`,
        `($4::text IS NULL OR status = $4)`,
      ].join(' AND ');
      const params = [filterPath, q.category ?? null, q.riskLevel ?? null, q.status ?? null];
      const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM key_persons.persons WHERE ${where}`, params)) as [{ n: number }];
      const rows = (await m.query(`SELECT * FROM key_persons.persons WHERE ${where} ORDER BY registered_at DESC, id LIMIT $5 OFFSET $6`, [
        ...params,
        pageSize,
        (page - 1) * pageSize,
      ])) as PersonRow[];
      return ok({ items: await this.listItems(m, rows), total: n, page, pageSize });
    });
  }

  async create(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonListItem>> {
    const b = this.body(req, keyPersonCreateSchema, true);
    if (!b.ok) return b;
    const input = b.value;
    const errors: Array<{ path: string; message: string }> = [];
    let idNumber: string | undefined;
    let phone: string | undefined;
    if (input.idNumber) {
      const r = validateIdNumber(input.idNumber, this.now());
      if (r.ok) idNumber = r.normalized;
      else errors.push({ path: 'idNumber', message: r.message });
    }
    if (input.phone) {
      const r = validatePhone(input.phone);
      if (r.ok) phone = r.normalized;
      else errors.push({ path: 'phone', message: r.message });
    }
    if (errors.length) return Req.fail('INVALID_REQUEST', errors);
    const path = (await this.o.units.path(input.orgUnit)) ?? null;
    if (!mayKeepKeyPerson(this.kpCaller(c), { unit: { code: input.orgUnit, path } })) return Req.fail('OUTSIDE_JURISDICTION');
    const id = randomUUID();
    const at = this.now();
    const idIndex = idNumber ? blindIndex(idNumber, this.o.blindIndexKey) : null;
    let input2: KeyPersonSupervisionInput | undefined;
    const out = await inScope(this.o.ds, { kind: 'system' }, async (m): Promise<Reply<KeyPersonListItem>> => {
      const [cat] = (await m.query(`SELECT code FROM key_persons.categories WHERE code = $1 AND active`, [input.category])) as unknown[];
      if (!cat) return KeyPersonFailures.fail('UNKNOWN_CATEGORY', { category: input.category });
      if (idIndex) {
        const [dup] = (await m.query(`SELECT 1 FROM key_persons.persons WHERE id_index = $1 AND status <> 'archived'`, [idIndex])) as unknown[];
        if (dup) return KeyPersonFailures.fail('DUPLICATE_PERSON');
      }
      await m.query(
        `INSERT INTO key_persons.persons (id, org_unit, org_path, category, risk_level, status, name_enc, name_masked, id_number_enc, id_index,
           phone_enc, gender, address_enc, description_enc, registered_by, registered_at)
         VALUES ($1,$2,$3,$4,$5,'active',$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
        [
          id,
          input.orgUnit,
          path,
          input.category,
          input.riskLevel,
          this.enc(input.name),
          maskName(input.name),
          this.enc(idNumber),
          idIndex,
          this.enc(phone),
          input.gender ?? null,
          this.enc(input.address),
          this.enc(input.description),
          c.username,
          at,
        ],
      );
      for (const r of input.responsible)
        await m.query(`INSERT INTO key_persons.responsible (person_id, username, role) VALUES ($1,$2,$3)`, [id, r.username, r.role]);
      for (const ms of input.measures ?? [])
        await m.query(`INSERT INTO key_persons.measures (id, person_id, kind, text_enc, by, at) VALUES ($1,$2,$3,$4,$5,$6)`, [
          randomUUID(),
          id,
          ms.kind,
          this.enc(ms.text),
          c.username,
          at,
        ]);
      await m.query(`INSERT INTO key_persons.risk_changes (id, person_id, from_level, to_level, reason_enc, by, at) VALUES ($1,$2,NULL,$3,$4,$5,$6)`, [
        randomUUID(),
        id,
        input.riskLevel,
        this.enc(input.reason),
        c.username,
        at,
      ]);
      await this.event(m, input.orgUnit, KeyPersonEvents.registered, id, {
        personId: id,
        orgUnit: input.orgUnit,
        category: input.category,
        riskLevel: input.riskLevel,
        at: at.toISOString(),
      });
      await this.audit(m, c, 'create', id, { reason: 'register', detail: { fields: Object.keys(input).sort() } });
      const [row] = (await m.query(`SELECT * FROM key_persons.persons WHERE id = $1`, [id])) as PersonRow[];
      input2 = await this.supervisionInput(m, row!);
      return ok(await this.item(m, id));
    });
    if (!out.ok) return out;
    this.o.onOutboxWrite?.();
    // The run is started in the same request; a failure here is repaired by the backstop at the next start.
    await this.o.supervision.start(input2!).catch((e: unknown) => this.o.log?.('supervision start failed', { error: String(e) }));
    return out;
  }

  async open(c: Caller, req: KeyPersonRequest | undefined, token?: string): Promise<Reply<Sealed>> {
    const id = req?.personId;
    const purpose = openingPurposeSchema.safeParse({ purpose: req?.purpose });
    if (!isUuid(id)) return KeyPersonFailures.fail('KEY_PERSON_NOT_FOUND');
    if (!purpose.success) return this.refuse(c, 'open', id, KeyPersonFailures.fail('PURPOSE_REQUIRED'));
    const reason = purpose.data.purpose;
    let idIndex: string | null = null;
    const opened = await this.guarded(
      c,
      req,
      'open',
      (k, l) => mayOpenKeyPerson(k, this.access(l)),
      async (m, l) => {
        idIndex = l.person.id_index;
        return ok(await this.record(m, l));
      },
      { active: false, reason },
    );
    if (!opened.ok) return opened;
    const cases = idIndex && this.o.casesOfPerson ? await this.o.casesOfPerson(idIndex, token).catch(() => []) : [];
    const view: KeyPersonRecordView = { ...opened.value, cases };
    await inScope(this.o.ds, { kind: 'system' }, (m) => this.audit(m, c, 'open', view.id, { reason, detail: { fields: RECORD_FIELDS } }));
    return ok(this.seal(view));
  }

  private async record(m: EntityManager, l: Loaded): Promise<KeyPersonRecordView> {
    const p = l.person;
    const id = p.id;
    const q = async <R>(sql: string) => (await m.query(sql, [id])) as R[];
    const measures = await q<{ id: string; kind: 'help' | 'control'; text_enc: string | null; by: string; at: Date }>(
      `SELECT * FROM key_persons.measures WHERE person_id = $1 ORDER BY at, id`,
    );
    const contacts = await q<{ id: string; kind: 'meeting'; at: Date; place_enc: string | null; note_enc: string | null; by: string; recorded_at: Date }>(
      `SELECT * FROM key_persons.contacts WHERE person_id = $1 ORDER BY at DESC, id`,
    );
    const risks = await q<{
      from_level: KeyPersonRiskLevel | null;
      to_level: KeyPersonRiskLevel;
      reason_enc: string | null;
      by: string;
      at: Date;
      assessment_id: string | null;
    }>(`SELECT * FROM key_persons.risk_changes WHERE person_id = $1 ORDER BY at, id`);
    const assessments = await q<{
      id: string;
      form_version: number;
      answers: Record<string, string>;
      score: number;
      proposed_level: KeyPersonRiskLevel;
      status: 'proposed' | 'approved' | 'rejected';
      decided_level: KeyPersonRiskLevel | null;
      note_enc: string | null;
      by: string;
      at: Date;
      decided_by: string | null;
      decided_at: Date | null;
    }>(`SELECT * FROM key_persons.assessments WHERE person_id = $1 ORDER BY at DESC, id`);
    const summaries = await q<{ id: string; year: number; text_enc: string | null; by: string; at: Date }>(
      `SELECT * FROM key_persons.summaries WHERE person_id = $1 ORDER BY year DESC, at DESC`,
    );
    const obligations = await q<{
      obligation: ObligationView['obligation'];
      due_at: Date;
      colour: ObligationView['colour'];
      period_id: string | null;
      day: string | null;
    }>(`SELECT obligation, due_at, colour, period_id, day::text AS day FROM key_persons.obligations WHERE person_id = $1 AND state = 'open' ORDER BY due_at`);
    const [removal] = await q<{ reason_enc: string | null; requested_by: string; requested_at: Date; decided_by: string | null; decided_at: Date | null }>(
      `SELECT * FROM key_persons.removals WHERE person_id = $1 ORDER BY requested_at DESC LIMIT 1`,
    );
    return {
      id,
      name: this.dec(p.name_enc) ?? '',
      idNumber: this.dec(p.id_number_enc),
      phone: this.dec(p.phone_enc),
      gender: p.gender,
      address: this.dec(p.address_enc),
      description: this.dec(p.description_enc) ?? '',
      category: p.category,
      riskLevel: p.risk_level,
      orgUnit: p.org_unit,
      status: p.status,
      registeredAt: iso(p.registered_at)!,
      registeredBy: p.registered_by,
      responsible: l.responsible,
      measures: measures.map((x) => ({ id: x.id, kind: x.kind, text: this.dec(x.text_enc) ?? '', by: x.by, at: iso(x.at)! })),
      contacts: contacts.map((x) => ({
        id: x.id,
        kind: x.kind,
        at: iso(x.at)!,
        place: this.dec(x.place_enc),
        note: this.dec(x.note_enc) ?? '',
        by: x.by,
        recordedAt: iso(x.recorded_at)!,
      })),
      riskHistory: risks.map((x) => ({
        from: x.from_level,
        to: x.to_level,
        reason: this.dec(x.reason_enc) ?? '',
        by: x.by,
        at: iso(x.at)!,
        assessmentId: x.assessment_id,
      })),
      assessments: assessments.map((x) => ({
        id: x.id,
        formVersion: x.form_version,
        answers: x.answers,
        score: x.score,
        proposedLevel: x.proposed_level,
        status: x.status,
        decidedLevel: x.decided_level,
        by: x.by,
        at: iso(x.at)!,
        decidedBy: x.decided_by,
        decidedAt: iso(x.decided_at),
        note: this.dec(x.note_enc),
      })),
      summaries: summaries.map((x) => ({ id: x.id, year: x.year, text: this.dec(x.text_enc) ?? '', by: x.by, at: iso(x.at)! })),
      obligations: obligations.map((x) => ({
        obligation: x.obligation,
        dueAt: iso(x.due_at)!,
        colour: x.colour,
        ...(x.period_id ? { periodId: x.period_id } : {}),
        ...(x.day ? { day: x.day } : {}),
      })),
      removal: removal
        ? {
            reason: this.dec(removal.reason_enc) ?? '',
            requestedBy: removal.requested_by,
            requestedAt: iso(removal.requested_at)!,
            decidedBy: removal.decided_by,
            decidedAt: iso(removal.decided_at),
          }
        : null,
      cases: [],
    };
  }

  /** Who opened the record, from the audit log (newest first); reading the list is itself audited. */
  async listOpenings(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonOpeningView[]>> {
    return this.guarded(
      c,
      req,
      'list',
      (k, l) => mayOpenKeyPerson(k, this.access(l)),
      async (m, l) => {
        const rows = (await m.query(
          `SELECT at, actor_name, actor_id, actor_roles, reason, detail, result FROM audit.entries
           WHERE subject_type = 'key-person' AND subject_id = $1 AND action = 'key-person.open' ORDER BY seq DESC`,
          [l.person.id],
        )) as Array<{
          at: Date;
          actor_name: string | null;
          actor_id: string;
          actor_roles: string[];
          reason: string | null;
          detail: { fields?: string[] } | null;
          result: 'allowed' | 'denied';
        }>;
        await this.audit(m, c, 'list', l.person.id, { reason: 'openings', detail: { fields: ['openings'] } });
        return ok(
          rows.map((r) => ({
            at: iso(r.at)!,
            actor: r.actor_name ?? r.actor_id,
            roles: r.actor_roles,
            purpose: r.reason,
            fields: Array.isArray(r.detail?.fields) ? r.detail.fields : [],
            result: r.result,
          })),
        );
      },
      { active: false },
    );
  }

  // ---- writes on a record --------------------------------------------------------------------------

  async recordContact(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<{ id: string; kind: string; at: string }>> {
    const b = this.body(req, contactSchema, true);
    if (!b.ok) return b;
    const at = new Date(b.value.at);
    if (at.getTime() > this.now().getTime() + FUTURE_TOLERANCE_MS) return KeyPersonFailures.fail('CONTACT_IN_FUTURE');
    const id = randomUUID();
    const out = await this.guarded(
      c,
      req,
      'contact',
      (k, l) => mayReportOnKeyPerson(k, this.access(l)),
      async (m, l) => {
        await m.query(`INSERT INTO key_persons.contacts (id, person_id, kind, at, place_enc, note_enc, by, recorded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, [
          id,
          l.person.id,
          b.value.kind,
          at,
          this.enc(b.value.place),
          this.enc(b.value.note),
          c.username,
          this.now(),
        ]);
        await this.audit(m, c, 'contact', l.person.id, { detail: { contactId: id, fields: Object.keys(b.value).sort() } });
        return ok({ id, kind: b.value.kind, at: at.toISOString() });
      },
    );
    if (out.ok) await this.signal(String(req!.personId), 'keyPersonContactRecorded', { contactId: id, at: at.toISOString() });
    return out;
  }

  private async changeLevel(m: EntityManager, c: Caller, l: Loaded, to: KeyPersonRiskLevel, reason: string | null, assessmentId: string | null) {
    const at = this.now();
    await m.query(
      `INSERT INTO key_persons.risk_changes (id, person_id, from_level, to_level, reason_enc, by, at, assessment_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [randomUUID(), l.person.id, l.person.risk_level, to, this.enc(reason), c.username, at, assessmentId],
    );
    await m.query(`UPDATE key_persons.persons SET risk_level = $2 WHERE id = $1`, [l.person.id, to]);
    if (to !== l.person.risk_level)
      await this.event(m, l.person.org_unit, KeyPersonEvents.riskChanged, l.person.id, {
        personId: l.person.id,
        orgUnit: l.person.org_unit,
        from: l.person.risk_level,
        to,
        at: at.toISOString(),
      });
  }

  async changeRisk(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonListItem>> {
    const b = this.body(req, riskChangeSchema, true);
    if (!b.ok) return b;
    const out = await this.guarded(
      c,
      req,
      'risk',
      (k, l) => mayKeepKeyPerson(k, this.access(l)),
      async (m, l) => {
        await this.changeLevel(m, c, l, b.value.riskLevel, b.value.reason, null);
        await this.audit(m, c, 'risk', l.person.id, { detail: { fields: ['riskLevel', 'reason'], to: b.value.riskLevel } });
        return ok(await this.item(m, l.person.id));
      },
    );
    if (out.ok) await this.signal(out.value.id, 'keyPersonRiskChanged', { riskLevel: b.value.riskLevel, at: this.now().toISOString() });
    return out;
  }

  async submitAssessment(
    c: Caller,
    req: KeyPersonRequest | undefined,
  ): Promise<Reply<{ id: string; score: number; proposedLevel: KeyPersonRiskLevel; status: 'proposed' }>> {
    const b = this.body(req, assessmentSchema, true);
    if (!b.ok) return b;
    const scored = scoreAssessment(b.value.formVersion, b.value.answers);
    if (!scored.ok) return KeyPersonFailures.fail('ASSESSMENT_INCOMPLETE', scored.errors);
    const id = randomUUID();
    return this.guarded(
      c,
      req,
      'assessment',
      (k, l) => mayKeepKeyPerson(k, this.access(l)),
      async (m, l) => {
        await m.query(
          `INSERT INTO key_persons.assessments (id, person_id, form_version, answers, score, proposed_level, status, note_enc, by, at)
         VALUES ($1,$2,$3,$4,$5,$6,'proposed',$7,$8,$9)`,
          [
            id,
            l.person.id,
            b.value.formVersion,
            JSON.stringify(b.value.answers),
            scored.score,
            scored.proposedLevel,
            this.enc(b.value.note),
            c.username,
            this.now(),
          ],
        );
        await this.audit(m, c, 'assessment', l.person.id, { detail: { assessmentId: id, fields: Object.keys(b.value).sort() } });
        return ok({ id, score: scored.score, proposedLevel: scored.proposedLevel, status: 'proposed' as const });
      },
    );
  }

  async decideAssessment(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonListItem>> {
    const b = this.body(req, assessmentDecisionSchema, true);
    if (!b.ok) return b;
    const aid = req?.assessmentId;
    let signal: { assessmentId: string; at: string; riskLevel: KeyPersonRiskLevel } | undefined;
    const out = await this.guarded(
      c,
      req,
      'assessment-decision',
      (k, l) => mayDecideKeyPerson(k, this.access(l)),
      async (m, l) => {
        const [a] = (
          isUuid(aid) ? await m.query(`SELECT * FROM key_persons.assessments WHERE id = $1 AND person_id = $2 FOR UPDATE`, [aid, l.person.id]) : []
        ) as Array<{ id: string; status: string; by: string; proposed_level: KeyPersonRiskLevel }>;
        if (!a) return Req.fail('ASSESSMENT_NOT_FOUND');
        if (a.status !== 'proposed') return KeyPersonFailures.fail('ALREADY_DECIDED');
        if (a.by === c.username) return KeyPersonFailures.fail('SELF_APPROVAL');
        const at = this.now();
        const level = b.value.riskLevel ?? a.proposed_level;
        await m.query(`UPDATE key_persons.assessments SET status = $2, decided_level = $3, decided_by = $4, decided_at = $5 WHERE id = $1`, [
          a.id,
          b.value.approve ? 'approved' : 'rejected',
          b.value.approve ? level : null,
          c.username,
          at,
        ]);
        if (b.value.approve) {
          await this.changeLevel(m, c, l, level, b.value.comment ?? null, a.id);
          signal = { assessmentId: a.id, at: at.toISOString(), riskLevel: level };
        }
        await this.audit(m, c, 'assessment-decision', l.person.id, {
          detail: { assessmentId: a.id, approve: b.value.approve, fields: Object.keys(b.value).sort() },
        });
        return ok(await this.item(m, l.person.id));
      },
    );
    if (!out.ok && out.problem['code'] === 'SELF_APPROVAL') await this.refuse(c, 'assessment-decision', String(req?.personId), out);
    if (out.ok && signal) await this.signal(out.value.id, 'keyPersonAssessmentApproved', signal);
    return out;
  }

  async setResponsible(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonListItem>> {
    const b = this.body(req, responsibleChangeSchema, true);
    if (!b.ok) return b;
    return this.guarded(
      c,
      req,
      'responsible',
      (k, l) => mayKeepKeyPerson(k, this.access(l)),
      async (m, l) => {
        await m.query(`DELETE FROM key_persons.responsible WHERE person_id = $1`, [l.person.id]);
        for (const r of b.value.responsible)
          await m.query(`INSERT INTO key_persons.responsible (person_id, username, role) VALUES ($1,$2,$3)`, [l.person.id, r.username, r.role]);
        await this.audit(m, c, 'responsible', l.person.id, {
          detail: { fields: ['responsible', 'reason'], usernames: b.value.responsible.map((r) => r.username) },
        });
        return ok(await this.item(m, l.person.id));
      },
    );
  }

  async addMeasure(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<{ id: string }>> {
    const b = this.body(req, measureAddSchema, true);
    if (!b.ok) return b;
    const id = randomUUID();
    return this.guarded(
      c,
      req,
      'measure',
      (k, l) => mayKeepKeyPerson(k, this.access(l)),
      async (m, l) => {
        await m.query(`INSERT INTO key_persons.measures (id, person_id, kind, text_enc, by, at) VALUES ($1,$2,$3,$4,$5,$6)`, [
          id,
          l.person.id,
          b.value.kind,
          this.enc(b.value.text),
          c.username,
          this.now(),
        ]);
        await this.audit(m, c, 'measure', l.person.id, { detail: { measureId: id, fields: ['kind', 'text'] } });
        return ok({ id });
      },
    );
  }

  async addSummary(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<{ id: string }>> {
    const b = this.body(req, summarySchema, true);
    if (!b.ok) return b;
    const id = randomUUID();
    const at = this.now();
    const out = await this.guarded(
      c,
      req,
      'summary',
      (k, l) => mayReportOnKeyPerson(k, this.access(l)),
      async (m, l) => {
        await m.query(`INSERT INTO key_persons.summaries (id, person_id, year, text_enc, by, at) VALUES ($1,$2,$3,$4,$5,$6)`, [
          id,
          l.person.id,
          b.value.year,
          this.enc(b.value.text),
          c.username,
          at,
        ]);
        await this.audit(m, c, 'summary', l.person.id, { detail: { summaryId: id, fields: ['text', 'year'] } });
        return ok({ id });
      },
    );
    if (out.ok) await this.signal(String(req!.personId), 'keyPersonSummaryRecorded', { year: b.value.year, at: at.toISOString() });
    return out;
  }

  async requestRemoval(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonListItem>> {
    const b = this.body(req, removalRequestSchema, true);
    if (!b.ok) return b;
    return this.guarded(
      c,
      req,
      'removal',
      (k, l) => mayKeepKeyPerson(k, this.access(l)),
      async (m, l) => {
        if (l.person.status === 'removal-requested') return KeyPersonFailures.fail('REMOVAL_PENDING');
        await m.query(`INSERT INTO key_persons.removals (id, person_id, reason_enc, requested_by, requested_at) VALUES ($1,$2,$3,$4,$5)`, [
          randomUUID(),
          l.person.id,
          this.enc(b.value.reason),
          c.username,
          this.now(),
        ]);
        await m.query(`UPDATE key_persons.persons SET status = 'removal-requested' WHERE id = $1`, [l.person.id]);
        await this.audit(m, c, 'removal', l.person.id, { detail: { fields: ['reason'] } });
        return ok(await this.item(m, l.person.id));
      },
    );
  }

  async decideRemoval(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<KeyPersonListItem>> {
    const b = this.body(req, removalDecisionSchema, true);
    if (!b.ok) return b;
    let removedAt: string | undefined;
    const out = await this.guarded(
      c,
      req,
      'removal-decision',
      (k, l) => mayDecideKeyPerson(k, this.access(l)),
      async (m, l) => {
        const [r] = (await m.query(
          `SELECT id, requested_by FROM key_persons.removals WHERE person_id = $1 AND decision IS NULL ORDER BY requested_at DESC LIMIT 1 FOR UPDATE`,
          [l.person.id],
        )) as Array<{ id: string; requested_by: string }>;
        if (!r || l.person.status !== 'removal-requested') return Req.fail('NO_REMOVAL_PENDING');
        if (r.requested_by === c.username) return KeyPersonFailures.fail('SELF_APPROVAL');
        const at = this.now();
        await m.query(`UPDATE key_persons.removals SET decision = $2, comment_enc = $3, decided_by = $4, decided_at = $5 WHERE id = $1`, [
          r.id,
          b.value.approve ? 'approved' : 'rejected',
          this.enc(b.value.comment),
          c.username,
          at,
        ]);
        if (b.value.approve) {
          const purgeAfter = new Date(at.getTime() + this.o.retentionDays * DAY_MS);
          await m.query(`UPDATE key_persons.persons SET status = 'archived', archived_at = $2, purge_after = $3 WHERE id = $1`, [l.person.id, at, purgeAfter]);
          await m.query(`UPDATE key_persons.obligations SET state = 'superseded' WHERE person_id = $1 AND state = 'open'`, [l.person.id]);
          await this.event(m, l.person.org_unit, KeyPersonEvents.removed, l.person.id, {
            personId: l.person.id,
            orgUnit: l.person.org_unit,
            category: l.person.category,
            at: at.toISOString(),
          });
          removedAt = at.toISOString();
        } else {
          await m.query(`UPDATE key_persons.persons SET status = 'active' WHERE id = $1`, [l.person.id]);
        }
        await this.audit(m, c, 'removal-decision', l.person.id, { detail: { approve: b.value.approve, fields: Object.keys(b.value).sort() } });
        return ok(await this.item(m, l.person.id));
      },
    );
    if (!out.ok && out.problem['code'] === 'SELF_APPROVAL') await this.refuse(c, 'removal-decision', String(req?.personId), out);
    if (out.ok && removedAt) await this.signal(out.value.id, 'keyPersonRemoved', { at: removedAt });
    return out;
  }

  async recordDailyReport(c: Caller, req: KeyPersonRequest | undefined): Promise<Reply<{ id: string }>> {
    const b = this.body(req, dailyReportSchema, true);
    if (!b.ok) return b;
    const id = randomUUID();
    const at = this.now();
    const out = await this.guarded(
      c,
      req,
      'daily-report',
      (k, l) => mayReportOnKeyPerson(k, this.access(l)),
      async (m, l) => {
        const [p] = (await m.query(`SELECT starts_on::text AS s, ends_on::text AS e FROM key_persons.special_periods WHERE id = $1`, [
          b.value.periodId,
        ])) as Array<{
          s: string;
          e: string;
        }>;
        if (!p) return Req.fail('PERIOD_NOT_FOUND');
        if (b.value.day < p.s || b.value.day > p.e) return KeyPersonFailures.fail('NO_SPECIAL_PERIOD_DAY');
        const rows = (await m.query(
          `INSERT INTO key_persons.daily_reports (id, person_id, period_id, day, status, note_enc, by, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
         ON CONFLICT (person_id, period_id, day) DO UPDATE SET status = EXCLUDED.status, note_enc = EXCLUDED.note_enc, by = EXCLUDED.by, at = EXCLUDED.at
         RETURNING id`,
          [id, l.person.id, b.value.periodId, b.value.day, b.value.status, this.enc(b.value.note), c.username, at],
        )) as Array<{ id: string }>;
        await this.audit(m, c, 'daily-report', l.person.id, { detail: { periodId: b.value.periodId, day: b.value.day, fields: ['note', 'status'] } });
        return ok({ id: rows[0]!.id });
      },
    );
    if (out.ok)
      await this.signal(String(req!.personId), 'keyPersonDailyReportRecorded', { periodId: b.value.periodId, day: b.value.day, at: at.toISOString() });
    return out;
  }

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

  private async responsibleOf(m: EntityManager, ids: string[]): Promise<Map<string, ResponsiblePersonView[]>> {
    const rows = (await m.query(`SELECT person_id, username, role FROM key_persons.responsible WHERE person_id = ANY($1::uuid[]) ORDER BY role, username`, [
      ids,
    ])) as Array<ResponsiblePersonView & { person_id: string }>;
    const out = new Map<string, ResponsiblePersonView[]>();
    for (const r of rows) out.set(r.person_id, [...(out.get(r.person_id) ?? []), { username: r.username, role: r.role }]);
    return out;
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

  // ---- runs --------------------------------------------------------------------------------------

  /** Service start: a run for every person still supervised (a duplicate start is ignored). Returns how many were asked. */
  async startMissingRuns(): Promise<number> {
    const inputs = await inScope(this.o.ds, { kind: 'system' }, async (m) => {
      const rows = (await m.query(`SELECT * FROM key_persons.persons WHERE status <> 'archived'`)) as PersonRow[];
      const out: KeyPersonSupervisionInput[] = [];
      for (const p of rows) out.push(await this.supervisionInput(m, p));
      return out;
    });
    for (const input of inputs) await this.o.supervision.start(input).catch((e: unknown) => this.o.log?.('supervision start failed', { error: String(e) }));
    return inputs.length;
  }
}
