import type { EntityManager } from 'typeorm';
import {
  EventTypes,
  eventSubject,
  GRID_LEVELS,
  type CheckInRosterData,
  isGridLevel,
  ok,
  type BoundaryGeometry,
  type Caller,
  type FieldError,
  type GridWorkerInput,
  type OrgUnitDetailView,
  type OrgUnitInput,
  type OrgUnitLayerView,
  type OrgUnitLevel,
  type OrgUnitShape,
  type Reply,
  type UnmaskedGridWorker,
  unmaskGridWorkerSchema,
  zodFieldErrors,
} from '@fengqiao/contracts';
import { appendAudit } from '@fengqiao/audit';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { formatChinaTime } from '@fengqiao/calendar';
import { INTAKE_SCHEMA, INTAKE_EVENT_SOURCE } from '../config/intake.config';
import { validatePhone } from '@fengqiao/pii';
import { GRID_CONTACT_REVEALER_ROLES, hasAnyRole, JurisdictionFailures, mayActOnUnit } from '@fengqiao/rules';
import type { PiiProtector } from '../cases/pii-protector';
import type { ReferenceService } from './reference.service';
import { ReferenceFailures } from './reference.failures';

/**
 * The grid register: the boundary of an org unit and the grid workers of a grid, kept with the org
 * tree (a grid is an org unit, see `GRID_LEVELS`). A worker's phone is personal data: sealed by the
 * gateway on the bus, checked here, stored encrypted with its blind index, answered masked.
 */

/** Opens the phones the gateway sealed (plain values from other callers on the bus pass through). */
export function openWorkerPhones(body: unknown, pii: PiiProtector): unknown {
  const units = (body as { units?: unknown })?.units;
  if (!Array.isArray(units)) return body;
  const open = (v: unknown) => {
    if (typeof v !== 'string') return v;
    try {
      return pii.open(v);
    } catch {
      return v; // stays sealed: validation then reports the field without echoing it
    }
  };
  return {
    ...(body as object),
    units: units.map((u) => {
      const workers = (u as { workers?: unknown })?.workers;
      if (!Array.isArray(workers)) return u;
      return { ...(u as object), workers: workers.map((w) => (w && typeof w === 'object' ? { ...w, phone: open((w as { phone?: unknown }).phone) } : w)) };
    }),
  };
}

/** Checks each worker's phone (libs/pii) and normalises it in place; the errors name each bad one. */
export function checkWorkerPhones(units: OrgUnitInput[]): FieldError[] {
  const errors: FieldError[] = [];
  units.forEach((u, i) =>
    u.workers?.forEach((w, j) => {
      const r = validatePhone(w.phone);
      if (r.ok) w.phone = r.normalized;
      else errors.push({ path: `units[${i}].workers[${j}].phone`, message: r.message });
    }),
  );
  return errors;
}

interface StoredWorker {
  org_unit: string;
  name: string;
  username: string | null;
  phone_bidx: string;
}

/** GeoJSON in a fixed key order, so a stored jsonb value and an input compare as text. */
const canonical = (b: BoundaryGeometry | null | undefined) => (b ? JSON.stringify({ type: b.type, coordinates: b.coordinates }) : null);

/**
 * Writes the boundaries and grid workers a load gives (absent fields keep what is stored) and
 * returns the codes whose stored boundary or workers changed. Runs inside the load's transaction,
 * after its new units are inserted.
 */
export async function writeGridData(m: EntityManager, units: OrgUnitInput[], pii: PiiProtector): Promise<Set<string>> {
  const touched = units.filter((u) => u.boundary !== undefined || u.workers !== undefined);
  const changed = new Set<string>();
  if (!touched.length) return changed;
  const codes = touched.map((u) => u.code);
  const boundaries = new Map(
    ((await m.query(`SELECT code, boundary FROM intake.org_units WHERE code = ANY($1)`, [codes])) as { code: string; boundary: BoundaryGeometry | null }[]).map(
      (r) => [r.code, canonical(r.boundary)],
    ),
  );
  const workers = new Map<string, StoredWorker[]>();
  for (const w of (await m.query(`SELECT org_unit, name, username, phone_bidx FROM intake.grid_workers WHERE org_unit = ANY($1) ORDER BY org_unit, position`, [
    codes,
  ])) as StoredWorker[]) {
    workers.set(w.org_unit, [...(workers.get(w.org_unit) ?? []), w]);
  }
  for (const u of touched) {
    if (u.boundary !== undefined && canonical(u.boundary) !== (boundaries.get(u.code) ?? null)) {
      await m.query(`UPDATE intake.org_units SET boundary = $2::jsonb WHERE code = $1`, [u.code, canonical(u.boundary)]);
      changed.add(u.code);
    }
    if (u.workers !== undefined) {
      const protectedWorkers = u.workers.map((w: GridWorkerInput) => ({ ...w, phone: pii.phone(w.phone) }));
      const stored = workers.get(u.code) ?? [];
      const same =
        stored.length === protectedWorkers.length &&
        stored.every(
          (s, i) =>
            s.name === protectedWorkers[i].name && s.username === (protectedWorkers[i].username ?? null) && s.phone_bidx === protectedWorkers[i].phone.bidx,
        );
      if (same) continue;
      await m.query(`DELETE FROM intake.grid_workers WHERE org_unit = $1`, [u.code]);
      for (const [position, w] of protectedWorkers.entries()) {
        await m.query(
          `INSERT INTO intake.grid_workers (org_unit, position, name, username, phone_enc, phone_bidx, phone_masked) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [u.code, position, w.name, w.username ?? null, w.phone.enc, w.phone.bidx, w.phone.masked],
        );
      }
      await announceRoster(m, u.code, protectedWorkers);
      changed.add(u.code);
    }
  }
  return changed;
}

/** Announces who of a grid's workers has a login (the check-in roster, `check-in.roster`): usernames only. */
async function announceRoster(m: EntityManager, code: string, workers: ReadonlyArray<{ username?: string | null }>): Promise<void> {
  const [unit] = (await m.query(`SELECT path FROM intake.org_units WHERE code = $1`, [code])) as { path: string }[];
  const at = new Date();
  const usernames = [...new Set(workers.map((w) => w.username).filter((n): n is string => !!n))].sort();
  const data: CheckInRosterData = { gridCode: code, path: unit!.path, usernames, at: formatChinaTime(at) };
  await appendToOutbox(
    m,
    INTAKE_SCHEMA,
    eventSubject(code, 'check-in', 'roster'),
    buildCloudEvent({ type: EventTypes.checkInRoster, source: INTAKE_EVENT_SOURCE, subject: code, data, time: at }),
  );
}

/** Reads one unit with its boundary and grid workers for a caller whose jurisdiction covers it. */
/** A grid a grid worker is bound to in the register (`intake.grid_workers.username`). */
export interface WorkerGrid {
  code: string;
  path: string;
  boundary: BoundaryGeometry | null;
}

/** The grids a login is bound to, by code: the one query of "whose grids" that check-ins and field reports share. */
export async function workerGrids(m: Pick<EntityManager, 'query'>, username: string): Promise<WorkerGrid[]> {
  return (await m.query(
    `SELECT DISTINCT o.code, o.path, o.boundary FROM intake.grid_workers g JOIN intake.org_units o ON o.code = g.org_unit WHERE g.username = $1 ORDER BY o.code`,
    [username],
  )) as WorkerGrid[];
}

export class GridRegisterReader {
  constructor(
    private readonly m: () => EntityManager,
    private readonly refs: ReferenceService,
    private readonly pii: PiiProtector,
  ) {}

  /**
   * Reveals one grid worker's full phone to a caller whose role may (GRID_CONTACT_REVEALER_ROLES)
   * and whose jurisdiction covers the grid. Every attempt, allowed or not, is an audit entry
   * (`unmask.grid-worker`) in the transaction that reads the phone.
   */
  async unmask(body: unknown, caller: Caller, requestId?: string): Promise<Reply<UnmaskedGridWorker>> {
    const parsed = unmaskGridWorkerSchema.safeParse(body);
    if (!parsed.success) return ReferenceFailures.fail('GRID_WORKER_UNMASK_INVALID', zodFieldErrors(parsed.error));
    const { code, worker, reason, sourceIp } = parsed.data;
    const unit = await this.refs.orgUnit(code);
    return this.m().transaction(async (m) => {
      const [w] = unit
        ? ((await m.query(`SELECT name, username, phone_enc FROM intake.grid_workers WHERE org_unit = $1 AND position = $2`, [code, worker])) as {
            name: string;
            username: string | null;
            phone_enc: string;
          }[])
        : [];
      const within = !!unit && mayActOnUnit(caller, { code: unit.code, path: unit.path });
      const allowed = !!w && within && hasAnyRole(caller, GRID_CONTACT_REVEALER_ROLES);
      await appendAudit(m, {
        actorId: caller.userId,
        actorName: caller.username,
        actorRoles: caller.roles,
        actorOrgUnit: caller.orgUnit,
        action: 'unmask.grid-worker',
        subjectType: 'grid-worker',
        subjectId: `${code}#${worker}`,
        reason,
        sourceIp: sourceIp ?? null,
        requestId: requestId ?? null,
        result: allowed ? 'allowed' : 'denied',
        detail: { orgUnit: code, fields: w ? ['phone'] : [] },
      });
      if (!unit || !w) return ReferenceFailures.fail('GRID_WORKER_NOT_FOUND');
      if (!within) return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
      if (!allowed) return ReferenceFailures.fail('GRID_WORKER_UNMASK_FORBIDDEN');
      // Sealed for the wire: only the gateway opens it, for the caller's response.
      return ok({ name: w.name, username: w.username, phone: this.pii.seal(this.pii.decrypt(w.phone_enc)) });
    });
  }

  /**
   * The map's shapes: one unit and its children, each with its boundary and whether units lie below it,
   * for a caller whose jurisdiction covers the unit (no grid workers: nothing personal).
   */
  async layer(body: unknown, caller: Caller): Promise<Reply<OrgUnitLayerView>> {
    const code = typeof (body as { code?: unknown })?.code === 'string' ? (body as { code: string }).code : '';
    const unit = code ? await this.refs.orgUnit(code) : undefined;
    if (!unit) return ReferenceFailures.fail('ORG_UNIT_NOT_FOUND', { code: code.slice(0, 40) });
    if (!mayActOnUnit(caller, { code: unit.code, path: unit.path })) return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
    const all = await this.refs.orgUnits();
    const parents = new Set(all.map((u) => u.parentCode));
    const children = all.filter((u) => u.parentCode === unit.code);
    const codes = [unit.code, ...children.map((u) => u.code)];
    const boundaries = new Map(
      (
        (await this.m().query(`SELECT code, boundary FROM intake.org_units WHERE code = ANY($1)`, [codes])) as {
          code: string;
          boundary: BoundaryGeometry | null;
        }[]
      ).map((r) => [r.code, r.boundary]),
    );
    const shape = (u: (typeof all)[number]): OrgUnitShape => ({
      code: u.code,
      name: u.name,
      nameEn: u.nameEn,
      level: u.level as OrgUnitLevel,
      parent: u.parentCode,
      path: u.path,
      boundary: boundaries.get(u.code) ?? null,
      hasChildren: parents.has(u.code),
    });
    return ok({ unit: shape(unit), children: children.map(shape) });
  }

  async get(body: unknown, caller: Caller): Promise<Reply<OrgUnitDetailView>> {
    const code = typeof (body as { code?: unknown })?.code === 'string' ? (body as { code: string }).code : '';
    const unit = code ? await this.refs.orgUnit(code) : undefined;
    if (!unit) return ReferenceFailures.fail('ORG_UNIT_NOT_FOUND', { code: code.slice(0, 40) });
    // The org-unit subtree rule (libs/rules): a grid is visible to its own unit's people and those above.
    if (!mayActOnUnit(caller, { code: unit.code, path: unit.path })) return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
    const [row] = (await this.m().query(`SELECT boundary FROM intake.org_units WHERE code = $1`, [code])) as { boundary: BoundaryGeometry | null }[];
    const workers = (await this.m().query(`SELECT name, username, phone_masked FROM intake.grid_workers WHERE org_unit = $1 ORDER BY position`, [code])) as {
      name: string;
      username: string | null;
      phone_masked: string;
    }[];
    return ok({
      code: unit.code,
      name: unit.name,
      nameEn: unit.nameEn,
      level: unit.level as OrgUnitLevel,
      parent: unit.parentCode,
      gridLevel: isGridLevel(unit.level) ? { ...GRID_LEVELS[unit.level] } : null,
      boundary: row?.boundary ?? null,
      workers: workers.map((w) => ({ name: w.name, phone: w.phone_masked, username: w.username })),
    });
  }
}
