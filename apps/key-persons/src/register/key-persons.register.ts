import { randomUUID } from 'node:crypto';
import {
  KeyPersonEvents,
  keyPersonCreateSchema,
  keyPersonListQuerySchema,
  ok,
  openingPurposeSchema,
  zodFieldErrors,
  type Caller,
  type KeyPersonCategoryView,
  type KeyPersonListItem,
  type KeyPersonOpeningView,
  type KeyPersonRecordView,
  type Page,
  type Reply,
  type KeyPersonSupervisionInput,
} from '@fengqiao/contracts';
import { blindIndex, maskName, validateIdNumber, validatePhone, type Sealed } from '@fengqiao/pii';
import { KeyPersonFailures, mayKeepKeyPerson, mayOpenKeyPerson } from '@fengqiao/rules';
import { KeyPersonRequestFailures as Req } from './key-persons.failures';
import { isUuid, iso, RECORD_FIELDS, type KeyPersonRequest, type PersonRow } from './key-persons.core';
import { KeyPersonsRecords } from './key-persons.records';
import { inScope } from '@fengqiao/persistence';

/** The register: categories, the masked list, a person put on it, a record opened for a purpose, its openings. */
export abstract class KeyPersonsRegister extends KeyPersonsRecords {
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
        // Insights counts subtrees by the path, as it does for case events.
        ...(path ? { orgPath: path } : {}),
        category: input.category,
        riskLevel: input.riskLevel,
        at: at.toISOString(),
      });
      await this.audit(m, c, 'create', id, { reason: 'register', detail: { fields: Object.keys(input).sort() } });
      const [row] = (await m.query(`SELECT * FROM key_persons.persons WHERE id = $1`, [id])) as PersonRow[];
      input2 = await this.supervisionInput(m, row!);
      return ok(await this.item(m, id));
    }).catch((e: unknown) => {
      // The same ID number registered by a concurrent request: the unique index decided.
      if ((e as { code?: string }).code === '23505') return KeyPersonFailures.fail('DUPLICATE_PERSON');
      throw e;
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
}
