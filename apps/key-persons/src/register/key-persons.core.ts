import type { DataSource, EntityManager } from 'typeorm';
import type { ZodType } from 'zod';
import { appendAudit } from '@fengqiao/audit';
import {
  EventSources,
  eventSubject,
  KEY_PERSON_AGGREGATE,
  keyPersonEventType,
  type KeyPersonEventName,
  ok,
  zodFieldErrors,
  type Caller,
  type KeyPersonCaseRef,
  type KeyPersonListItem,
  type KeyPersonRiskLevel,
  type KeyPersonStatus,
  type Reply,
  type ResponsiblePersonView,
  type SpecialPeriodRef,
  type KeyPersonSupervisionInput,
} from '@fengqiao/contracts';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { openJson, sealJson, type PiiCipher, type Sealed } from '@fengqiao/pii';
import { beijingDay, KeyPersonFailures, type KeyPersonCaller } from '@fengqiao/rules';
import { KEY_PERSONS_SCHEMA } from '../config/key-persons.config';
import type { OrgUnitsService } from '../org-units/org-units.service';
import { KeyPersonRequestFailures as Req } from './key-persons.failures';
import { inScope, type Scope } from '@fengqiao/persistence';

/** A contact may be dated a little ahead (clock skew between a phone and the server), no more. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
export const DAY_MS = 86_400_000;

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

export interface PersonRow {
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

export type Loaded = { person: PersonRow; responsible: ResponsiblePersonView[] };

export const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
export const isUuid = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
export const worst = (colours: string[]): 'green' | 'yellow' | 'red' => (colours.includes('red') ? 'red' : colours.includes('yellow') ? 'yellow' : 'green');

/** The fields an opening shows (audited by name, never by value). */
export const RECORD_FIELDS = [
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
 * What every part of the register shares: the sealed bodies, the ciphers, need-to-know on a loaded
 * record, the audit entry in the write's transaction, the outbox, and the runs' inputs.
 */
export abstract class KeyPersonsCore {
  protected readonly now: () => Date;

  constructor(protected readonly o: KeyPersonsServiceOptions) {
    this.now = o.now ?? (() => new Date());
  }

  // ---- helpers ----------------------------------------------------------------------------------

  protected enc(v: string | undefined | null): string | null {
    return v === undefined || v === null || v === '' ? null : this.o.cipher.encrypt(v);
  }
  protected dec(v: string | null): string | null {
    return v === null ? null : this.o.cipher.decrypt(v);
  }

  protected kpCaller(c: Caller): KeyPersonCaller {
    return { userId: c.userId, roles: c.roles, orgUnit: c.orgUnit, username: c.username };
  }

  /** The caller's eyes for lists: their subtree (RLS), nothing without a unit. */
  protected async subtreeOf(c: Caller): Promise<Scope> {
    if (!c.orgUnit) return { kind: 'none' };
    const path = await this.o.units.path(c.orgUnit);
    return path ? { kind: 'subtree', path } : { kind: 'none' };
  }

  /** A body: the sealed message opened (bodies about persons must be sealed), validated again with the contract's schema. */
  protected body<T>(req: KeyPersonRequest | undefined, schema: ZodType<T>, mustBeSealed: boolean): Reply<T> {
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

  protected seal<T>(value: T): Sealed {
    return sealJson(this.o.cipher, value);
  }

  protected audit(
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
  protected async refuse<T>(
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

  protected event(m: EntityManager, orgUnit: string, event: KeyPersonEventName, subjectId: string, data: unknown) {
    return appendToOutbox(
      m,
      KEY_PERSONS_SCHEMA,
      eventSubject(orgUnit, KEY_PERSON_AGGREGATE, event),
      buildCloudEvent({ type: keyPersonEventType(event), source: EventSources.keyPersons, subject: subjectId, data, time: this.now() }),
    );
  }

  protected async load(m: EntityManager, id: string, lock = false): Promise<Loaded | undefined> {
    const [person] = (await m.query(`SELECT * FROM key_persons.persons WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as PersonRow[];
    if (!person) return undefined;
    const responsible = (await m.query(`SELECT username, role FROM key_persons.responsible WHERE person_id = $1 ORDER BY role, username`, [
      id,
    ])) as ResponsiblePersonView[];
    return { person, responsible };
  }

  protected access(l: Loaded) {
    return { unit: { code: l.person.org_unit, path: l.person.org_path }, responsibleUsernames: l.responsible.map((r) => r.username) };
  }

  /**
   * Loads a person for a step and checks need-to-know; a person outside it answers like a missing
   * one (audited denied). `active`: refuse an archived person (409).
   */
  protected async guarded<T>(
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

  protected async listItems(m: EntityManager, persons: PersonRow[]): Promise<KeyPersonListItem[]> {
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

  protected async item(m: EntityManager, id: string): Promise<KeyPersonListItem> {
    const [p] = (await m.query(`SELECT * FROM key_persons.persons WHERE id = $1`, [id])) as PersonRow[];
    return (await this.listItems(m, [p!]))[0]!;
  }

  protected async periodsInForce(m: EntityManager, orgPath: string | null, orgUnit: string): Promise<SpecialPeriodRef[]> {
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
  protected async signal(personId: string, name: string, arg: unknown) {
    await this.o.supervision.signal(personId, name, arg).catch((e: unknown) => this.o.log?.('supervision signal failed', { signal: name, error: String(e) }));
  }

  protected async responsibleOf(m: EntityManager, ids: string[]): Promise<Map<string, ResponsiblePersonView[]>> {
    const rows = (await m.query(`SELECT person_id, username, role FROM key_persons.responsible WHERE person_id = ANY($1::uuid[]) ORDER BY role, username`, [
      ids,
    ])) as Array<ResponsiblePersonView & { person_id: string }>;
    const out = new Map<string, ResponsiblePersonView[]>();
    for (const r of rows) out.set(r.person_id, [...(out.get(r.person_id) ?? []), { username: r.username, role: r.role }]);
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
