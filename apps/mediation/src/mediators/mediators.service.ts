import { hasAnyRole } from '@fengqiao/auth';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  MEDIATOR_READER_ROLES,
  MEDIATOR_WRITER_ROLES,
  ok,
  zodFieldErrors,
  type AssignedMediator,
  type Caller,
  type MediatorView,
  type Reply,
} from '@fengqiao/contracts';
import { pickMediator, type MediatorCandidate } from './assignment.policy';
import { createMediatorSchema, listMediatorsQuerySchema } from '@fengqiao/contracts';
import { mediationFailure, MediationErrorCode } from '../mediation.exception';
import { listingScope } from '../org-units/jurisdiction';
import type { OrgUnitsService } from '../org-units/org-units.service';
import { MediationFailures } from '../mediation.failures';

export interface AssignInput {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  team: string;
  mediatorId?: string;
  at: string;
}

interface CandidateRow {
  id: string;
  name: string;
  username: string | null;
  teams: string[];
  capacity: number;
  last_assigned_at: Date | null;
  load: number;
}

interface MediatorRow {
  id: string;
  name: string;
  username: string | null;
  org_unit: string;
  teams: string[];
  capacity: number;
  active: boolean;
  load: number;
}

const toView = (r: MediatorRow): MediatorView => ({
  id: r.id,
  name: r.name,
  username: r.username,
  orgUnit: r.org_unit,
  teams: r.teams,
  capacity: r.capacity,
  active: r.active,
  load: r.load,
});

/** Mediators, their assignments and their load. */
export class MediatorsService {
  constructor(
    private readonly ds: DataSource,
    private readonly units: OrgUnitsService,
  ) {}

  /**
   * One transaction per assignment, serialised per centre (advisory lock on the org unit) so
   * concurrent picks see each other's load and never overfill a mediator. A retry (same case,
   * same time) answers with what was stored; a new time re-assigns the case.
   */
  assign(request: AssignInput): Promise<AssignedMediator> {
    return this.ds.transaction(async (m) => {
      // A village without mediators of its own is served by the nearest centre above it that has some.
      const input = { ...request, orgUnit: await this.centreOf(m, request.orgUnit) };
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`mediation.assign:${input.orgUnit}`]);
      const stored = await this.storedAssignment(m, input.caseId, input.at);
      if (stored) return stored;

      // Reassignment: the previous mediator's capacity frees up before the new pick.
      await m.query(`UPDATE mediation.assignments SET released_at = GREATEST(assigned_at, $2::timestamptz) WHERE case_id = $1 AND released_at IS NULL`, [
        input.caseId,
        input.at,
      ]);
      const picked = input.mediatorId ? await this.named(m, input) : await this.leastLoaded(m, input);

      await m.query(`INSERT INTO mediation.assignments (case_id, case_no, mediator_id, org_unit, team, assigned_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        input.caseId,
        input.caseNo,
        picked.id,
        input.orgUnit,
        picked.team,
        input.at,
      ]);
      await m.query(`UPDATE mediation.mediators SET last_assigned_at = GREATEST(last_assigned_at, $2::timestamptz) WHERE id = $1`, [picked.id, input.at]);
      return { id: picked.id, name: picked.name, username: picked.username, team: picked.team, orgUnit: input.orgUnit };
    });
  }

  /** The case's own unit if it has active mediators, else its nearest ancestor that has (by materialised path). */
  private async centreOf(m: EntityManager, orgUnit: string): Promise<string> {
    const path = await this.units.path(orgUnit);
    if (!path) return orgUnit;
    const [row] = (await m.query(
      `SELECT u.code FROM mediation.org_units u
        WHERE starts_with($1, u.path) AND EXISTS (SELECT 1 FROM mediation.mediators md WHERE md.org_unit = u.code AND md.active)
        ORDER BY length(u.path) DESC LIMIT 1`,
      [path],
    )) as Array<{ code: string }>;
    return row?.code ?? orgUnit;
  }

  private async storedAssignment(m: EntityManager, caseId: string, at: string): Promise<AssignedMediator | undefined> {
    const [row] = (await m.query(
      `SELECT a.mediator_id AS id, md.name, md.username, a.team, a.org_unit FROM mediation.assignments a JOIN mediation.mediators md ON md.id = a.mediator_id
        WHERE a.case_id = $1 AND a.assigned_at = $2`,
      [caseId, at],
    )) as Array<{ id: string; name: string; username: string | null; team: string; org_unit: string }>;
    return row && { id: row.id, name: row.name, username: row.username, team: row.team, orgUnit: row.org_unit };
  }

  /** A person chose the mediator: capacity is theirs to judge, the unit and status are not. */
  private async named(m: EntityManager, input: AssignInput) {
    const [md] = (await m.query(`SELECT id, name, username, teams FROM mediation.mediators WHERE id::text = $1 AND active AND org_unit = $2`, [
      input.mediatorId,
      input.orgUnit,
    ])) as Array<{ id: string; name: string; username: string | null; teams: string[] }>;
    if (!md) throw mediationFailure(MediationErrorCode.UnknownMediator, `${input.mediatorId} @ ${input.orgUnit}`);
    return { id: md.id, name: md.name, username: md.username, team: md.teams.includes(input.team) ? input.team : (md.teams[0] ?? input.team) };
  }

  private async leastLoaded(m: EntityManager, input: AssignInput) {
    const rows = (await m.query(
      `SELECT md.id, md.name, md.username, md.teams, md.capacity, md.last_assigned_at,
              (SELECT count(*) FROM mediation.assignments a WHERE a.mediator_id = md.id AND a.released_at IS NULL)::int AS load
         FROM mediation.mediators md WHERE md.org_unit = $1 AND md.active`,
      [input.orgUnit],
    )) as CandidateRow[];
    const candidates: Array<MediatorCandidate & { name: string; username: string | null }> = rows.map((r) => ({
      id: r.id,
      name: r.name,
      username: r.username,
      teams: r.teams,
      capacity: r.capacity,
      load: r.load,
      lastAssignedAt: r.last_assigned_at,
    }));
    const pick = pickMediator(candidates, input.team);
    if (!pick) throw mediationFailure(MediationErrorCode.NoMediatorAvailable, `${input.team} @ ${input.orgUnit}`);
    return { id: pick.mediator.id, name: pick.mediator.name, username: pick.mediator.username, team: pick.team };
  }

  /** Frees the case's mediator; a repeat, or a release older than the current assignment, changes nothing. */
  async release(caseId: string, at: string): Promise<boolean> {
    const result = (await this.ds.query(
      `UPDATE mediation.assignments SET released_at = $2 WHERE case_id = $1 AND released_at IS NULL AND assigned_at <= $2 RETURNING id`,
      [caseId, at],
    )) as [unknown[], number];
    return result[1] > 0;
  }

  async list(query: unknown, caller: Caller): Promise<Reply<MediatorView[]>> {
    if (!hasAnyRole(caller, MEDIATOR_READER_ROLES)) return MediationFailures.fail('MEDIATORS_FORBIDDEN');
    const parsed = listMediatorsQuerySchema.safeParse(query ?? {});
    if (!parsed.success) return MediationFailures.fail('INVALID_QUERY', zodFieldErrors(parsed.error));
    const scope = await listingScope(caller, this.units, parsed.data.orgUnit);
    if (!scope.ok) return scope;
    const rows = (await this.ds.query(
      `SELECT md.id, md.name, md.username, md.org_unit, md.teams, md.capacity, md.active,
              (SELECT count(*) FROM mediation.assignments a WHERE a.mediator_id = md.id AND a.released_at IS NULL)::int AS load
         FROM mediation.mediators md LEFT JOIN mediation.org_units u ON u.code = md.org_unit
        WHERE ($1::text IS NULL OR starts_with(u.path, $1))
          AND ($2::text IS NULL OR md.org_unit = $2)
          AND ($3::text IS NULL OR $3 = ANY (md.teams))
        ORDER BY md.org_unit, md.active DESC, md.name, md.id
        LIMIT 1000`,
      [scope.value.pathPrefix, scope.value.orgUnit ?? null, parsed.data.team ?? null],
    )) as MediatorRow[];
    return ok(rows.map(toView));
  }

  async create(body: unknown, caller: Caller): Promise<Reply<MediatorView>> {
    if (!hasAnyRole(caller, MEDIATOR_WRITER_ROLES)) return MediationFailures.fail('MEDIATOR_CREATE_FORBIDDEN');
    const parsed = createMediatorSchema.safeParse(body ?? {});
    if (!parsed.success) return MediationFailures.fail('MEDIATOR_INVALID', zodFieldErrors(parsed.error));
    const input = parsed.data;
    if (!(await this.units.path(input.orgUnit))) {
      return MediationFailures.fail('MEDIATOR_ORG_UNIT_UNKNOWN');
    }
    const id = randomUUID();
    const inserted = (await this.ds.query(
      `INSERT INTO mediation.mediators (id, name, username, org_unit, teams, capacity, active) VALUES ($1, $2, $3, $4, $5, $6, true)
       ON CONFLICT (username) WHERE username IS NOT NULL DO NOTHING RETURNING id`,
      [id, input.name, input.username ?? null, input.orgUnit, input.teams, input.capacity],
    )) as unknown[];
    if (!inserted.length) return MediationFailures.fail('MEDIATOR_USERNAME_TAKEN');
    return ok({
      id,
      name: input.name,
      username: input.username ?? null,
      orgUnit: input.orgUnit,
      teams: input.teams,
      capacity: input.capacity,
      active: true,
      load: 0,
    });
  }
}
