import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  providerListQuerySchema,
  ok,
  providerInputSchema,
  zodFieldErrors,
  type AssignedProvider,
  type Caller,
  type ProviderInput,
  type ProviderMatterView,
  type ProviderView,
  type Reply,
} from '@fengqiao/contracts';
import { mayActOnUnit } from '@fengqiao/rules';
import type { OrgUnitsService } from '../org-units/org-units.service';
import type { StandardsService } from '../standards/standards.service';
import { activityFailure, LegalAidFailures } from '../legal-aid.failures';
import { assignmentReason, chooseProvider, isConflicted, isFull, type Candidate, type PastAssignment } from './provider-choice';
import { inScope } from '@fengqiao/persistence';

interface ProviderRow {
  id: string;
  name: string;
  type: string;
  organisation: string;
  specialities: string[];
  org_unit: string;
  capacity: number;
  username: string | null;
  active: boolean;
  load: number;
}

/** Providers with their load: matters in hand are the assignments not released. */
const PROVIDERS_WITH_LOAD = `SELECT p.id, p.name, p.type, p.organisation, p.specialities, p.org_unit, p.capacity, p.username, p.active,
  (SELECT count(*)::int FROM legal_aid.assignments a WHERE a.provider_id = p.id AND a.released_at IS NULL) AS load
  FROM legal_aid.providers p`;

const toCandidate = (r: ProviderRow): Candidate => ({
  id: r.id,
  name: r.name,
  type: r.type,
  organisation: r.organisation,
  specialities: r.specialities,
  orgUnit: r.org_unit,
  capacity: r.capacity,
  username: r.username,
  active: r.active,
  load: r.load,
});

const toView = (r: ProviderRow): ProviderView => ({
  id: r.id,
  name: r.name,
  type: r.type as ProviderView['type'],
  organisation: r.organisation,
  specialities: r.specialities as ProviderView['specialities'],
  orgUnit: r.org_unit,
  capacity: r.capacity,
  username: r.username,
  active: r.active,
  load: r.load,
});

const assignInputSchema = z.object({
  caseId: z.string().uuid(),
  caseNo: z.string().trim().min(1),
  orgUnit: z.string().regex(/^\d{6}[0-9A-Za-z-]*$/),
  seq: z.number().int().min(0),
  providerId: z.string().uuid().optional(),
  at: z.string().datetime({ offset: true }),
  actor: z.string().max(200),
});
export type AssignInput = z.infer<typeof assignInputSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The roster, its load, and who is assigned to which case (with the conflict check and capacity). */
export class ProvidersService {
  constructor(
    private readonly ds: DataSource,
    private readonly units: OrgUnitsService,
    private readonly standards: StandardsService,
  ) {}

  /**
   * The roster the caller serves with: providers in their subtree and at their ancestors, with load.
   * `orgUnit`: those who may take that unit's cases (at it or an ancestor); `matter`: with that speciality.
   */
  async list(caller: Caller, query?: unknown): Promise<Reply<ProviderView[]>> {
    const q = providerListQuerySchema.safeParse(query ?? {});
    if (!q.success) return LegalAidFailures.fail('INVALID_QUERY', zodFieldErrors(q.error));
    const only = q.data.orgUnit ? await this.units.ancestors(q.data.orgUnit) : undefined;
    const rows = (await inScope(this.ds, { kind: 'system' }, (m) =>
      m.query(`${PROVIDERS_WITH_LOAD} WHERE ($1::text IS NULL OR $1 = ANY(p.specialities)) ORDER BY p.org_unit, p.name, p.id`, [q.data.matter ?? null]),
    )) as ProviderRow[];
    const out: ProviderView[] = [];
    for (const r of rows) if ((!only || only.includes(r.org_unit)) && (await this.standards.serves(caller, r.org_unit))) out.push(toView(r));
    return ok(out);
  }

  private async mayManage(caller: Caller, orgUnit: string): Promise<boolean> {
    return mayActOnUnit(caller, { code: orgUnit, path: await this.units.path(orgUnit) });
  }

  async create(caller: Caller, body: unknown): Promise<Reply<ProviderView>> {
    const parsed = providerInputSchema.safeParse(body ?? {});
    if (!parsed.success) return LegalAidFailures.fail('PROVIDER_INVALID', zodFieldErrors(parsed.error));
    const p = parsed.data;
    if (!(await this.mayManage(caller, p.orgUnit))) return LegalAidFailures.fail('PROVIDER_OUTSIDE_JURISDICTION');
    const row = await inScope(this.ds, { kind: 'system' }, async (m) => {
      const inserted = (await m.query(
        `INSERT INTO legal_aid.providers (name, type, organisation, specialities, org_unit, capacity, username, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [p.name, p.type, p.organisation, [...new Set(p.specialities)], p.orgUnit, p.capacity, p.username ?? null, p.active ?? true],
      )) as Array<{ id: string }>;
      return inserted[0] ? this.provider(m, inserted[0].id) : undefined;
    });
    return row ? ok(toView(row)) : LegalAidFailures.fail('PROVIDER_USERNAME_TAKEN');
  }

  /** Replaces a provider's entry (the whole input, as on create); their assignments stay. Body: `{ id, provider }` or `{ id, ...provider }`. */
  async update(caller: Caller, body: { id?: unknown; provider?: unknown } | undefined): Promise<Reply<ProviderView>> {
    const id = body?.id;
    if (typeof id !== 'string' || !UUID.test(id)) return LegalAidFailures.fail('PROVIDER_NOT_FOUND');
    // `{ id, provider: {...} }`, or the fields beside the id.
    const { id: _id, provider, ...fields } = (body ?? {}) as Record<string, unknown>;
    const parsed = providerInputSchema.safeParse(provider !== undefined ? provider : fields);
    if (!parsed.success) return LegalAidFailures.fail('PROVIDER_INVALID', zodFieldErrors(parsed.error));
    const p: ProviderInput = parsed.data;
    const current = await inScope(this.ds, { kind: 'system' }, (m) => this.provider(m, id));
    if (!current || !(await this.standards.serves(caller, current.org_unit))) return LegalAidFailures.fail('PROVIDER_NOT_FOUND');
    if (!(await this.mayManage(caller, current.org_unit)) || !(await this.mayManage(caller, p.orgUnit))) {
      return LegalAidFailures.fail('PROVIDER_OUTSIDE_JURISDICTION');
    }
    const result = await inScope(this.ds, { kind: 'system' }, async (m) => {
      const taken = (await m.query(`SELECT 1 FROM legal_aid.providers WHERE username = $1 AND id <> $2`, [p.username ?? null, id])) as unknown[];
      if (taken.length) return 'taken' as const;
      await m.query(
        `UPDATE legal_aid.providers SET name = $2, type = $3, organisation = $4, specialities = $5, org_unit = $6, capacity = $7, username = $8,
           active = $9, updated_at = now() WHERE id = $1`,
        [id, p.name, p.type, p.organisation, [...new Set(p.specialities)], p.orgUnit, p.capacity, p.username ?? null, p.active ?? current.active],
      );
      return this.provider(m, id);
    });
    if (result === 'taken') return LegalAidFailures.fail('PROVIDER_USERNAME_TAKEN');
    return result ? ok(toView(result)) : LegalAidFailures.fail('PROVIDER_NOT_FOUND');
  }

  /** The matters in the caller's own hands (by the roster's username), newest first. */
  async myMatters(caller: Caller): Promise<Reply<ProviderMatterView[]>> {
    const rows = (await inScope(this.ds, { kind: 'system' }, (m) =>
      m.query(
        `SELECT a.case_id, c.case_no, c.org_unit, coalesce(c.matter, '') AS matter, a.assigned_at, c.status
           FROM legal_aid.assignments a JOIN legal_aid.providers p ON p.id = a.provider_id JOIN legal_aid.applications c ON c.case_id = a.case_id
          WHERE p.username = $1 AND a.released_at IS NULL ORDER BY a.assigned_at DESC, c.case_no`,
        [caller.username],
      ),
    )) as Array<{ case_id: string; case_no: string; org_unit: string; matter: string; assigned_at: Date; status: string }>;
    return ok(
      rows.map((r) => ({
        caseId: r.case_id,
        caseNo: r.case_no,
        orgUnit: r.org_unit,
        matter: r.matter,
        assignedAt: r.assigned_at.toISOString(),
        status: r.status,
      })),
    );
  }

  private async provider(m: EntityManager, id: string): Promise<ProviderRow | undefined> {
    const [row] = (await m.query(`${PROVIDERS_WITH_LOAD} WHERE p.id = $1`, [id])) as ProviderRow[];
    return row;
  }

  /**
   * Assigns the named provider, or chooses one (chooseProvider). Idempotent: the same case and seq
   * answer the assignment already made. The case row and then the providers are locked (always in
   * id order), so two assignments racing for a provider's last slot see each other's load.
   */
  async assign(input: AssignInput): Promise<AssignedProvider> {
    const parsed = assignInputSchema.safeParse(input);
    if (!parsed.success) throw activityFailure('InvalidStep', undefined, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const r = parsed.data;
    const chain = await this.units.ancestors(r.orgUnit);
    return inScope(this.ds, { kind: 'system' }, async (m) => {
      await m.query(
        `INSERT INTO legal_aid.applications (case_id, case_no, org_unit, org_path, status) VALUES ($1, $2, $3, (SELECT path FROM legal_aid.org_units WHERE code = $3), 'assignment')
         ON CONFLICT (case_id) DO NOTHING`,
        [r.caseId, r.caseNo, r.orgUnit],
      );
      const [c] = (await m.query(`SELECT matter, applicant_keys, opponent_keys, linked_case_ids FROM legal_aid.applications WHERE case_id = $1 FOR UPDATE`, [
        r.caseId,
      ])) as Array<{ matter: string | null; applicant_keys: string[]; opponent_keys: string[]; linked_case_ids: string[] }>;
      const parties = { caseId: r.caseId, applicantKeys: c!.applicant_keys, opponentKeys: c!.opponent_keys, linkedCaseIds: c!.linked_case_ids };
      const [done] = (await m.query(`SELECT provider_id, reason FROM legal_aid.assignments WHERE case_id = $1 AND seq = $2`, [r.caseId, r.seq])) as Array<{
        provider_id: string;
        reason: string;
      }>;
      if (done) return assigned((await this.provider(m, done.provider_id))!, done.reason);
      // A reassignment (a new seq while one is active): the earlier provider is freed first.
      await m.query(`UPDATE legal_aid.assignments SET released_at = $2 WHERE case_id = $1 AND released_at IS NULL`, [r.caseId, r.at]);

      const ids = r.providerId ? [r.providerId] : await this.candidateIds(m, c!.matter, chain);
      // Lock in id order before counting load: a racing assignment waits here and then counts ours.
      if (ids.length) await m.query(`SELECT id FROM legal_aid.providers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
      const rows = ids.length ? ((await m.query(`${PROVIDERS_WITH_LOAD} WHERE p.id = ANY($1::uuid[])`, [ids])) as ProviderRow[]) : [];
      const candidates = rows.map(toCandidate);
      const history = await this.history(m, ids);
      let chosen: Candidate | undefined;
      if (r.providerId) {
        chosen = candidates[0];
        if (!chosen || !chosen.active) throw activityFailure('UnknownProvider', undefined, r.providerId);
        if (isConflicted(chosen.id, parties, history)) throw activityFailure('ProviderConflicted', { name: chosen.name });
        if (isFull(chosen)) throw activityFailure('ProviderFull', { name: chosen.name, load: chosen.load, capacity: chosen.capacity });
      } else {
        chosen = chooseProvider(candidates, { matter: c!.matter, unitAndAncestors: chain, parties, history });
        if (!chosen) throw activityFailure('NoProviderAvailable', undefined, `matter ${c!.matter ?? '-'}, units ${chain.join(',')}`);
      }
      const reason = assignmentReason(chosen, c!.matter, !!r.providerId);
      await m.query(
        `INSERT INTO legal_aid.assignments (case_id, seq, provider_id, client_keys, opponent_keys, linked_case_ids, reason, assigned_by, assigned_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [r.caseId, r.seq, chosen.id, parties.applicantKeys, parties.opponentKeys, parties.linkedCaseIds, reason, r.actor, r.at],
      );
      return assigned(chosen, reason);
    });
  }

  /** Frees the case's provider (closure filed, aid terminated); a repeat changes nothing. */
  async release(input: { caseId: string; at: string }): Promise<boolean> {
    if (!UUID.test(input.caseId)) throw activityFailure('InvalidStep', undefined, 'caseId');
    const rows = (await inScope(this.ds, { kind: 'system' }, (m) =>
      m.query(`UPDATE legal_aid.assignments SET released_at = $2 WHERE case_id = $1 AND released_at IS NULL RETURNING id`, [input.caseId, input.at]),
    )) as [unknown[], number] | unknown[];
    return Array.isArray(rows[0]) ? (rows[0] as unknown[]).length > 0 : rows.length > 0;
  }

  private async candidateIds(m: EntityManager, matter: string | null, chain: string[]): Promise<string[]> {
    const rows = (await m.query(
      `SELECT id FROM legal_aid.providers WHERE active AND org_unit = ANY($1) AND ($2::text IS NULL OR $2 = ANY(specialities)) ORDER BY id`,
      [chain, matter],
    )) as Array<{ id: string }>;
    return rows.map((x) => x.id);
  }

  private async history(m: EntityManager, providerIds: string[]): Promise<PastAssignment[]> {
    if (!providerIds.length) return [];
    const rows = (await m.query(`SELECT case_id, provider_id, client_keys FROM legal_aid.assignments WHERE provider_id = ANY($1::uuid[])`, [
      providerIds,
    ])) as Array<{ case_id: string; provider_id: string; client_keys: string[] }>;
    return rows.map((h) => ({ caseId: h.case_id, providerId: h.provider_id, clientKeys: h.client_keys }));
  }
}

function assigned(p: Pick<Candidate, 'id' | 'name' | 'type' | 'organisation' | 'username'>, reason: string): AssignedProvider {
  return { id: p.id, name: p.name, type: p.type, organisation: p.organisation, username: p.username, reason };
}
