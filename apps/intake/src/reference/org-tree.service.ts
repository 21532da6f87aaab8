import type { DataSource, EntityManager } from 'typeorm';
import {
  EventTypes,
  eventSubject,
  ok,
  ORG_TREE_WRITER_ROLES,
  ORG_UNIT_LEVELS,
  orgTreeInputSchema,
  zodFieldErrors,
  type Caller,
  type FieldError,
  type OrgTreeLoadResult,
  type OrgUnitDetailView,
  type OrgUnitLayerView,
  type UnmaskedGridWorker,
  type OrgUnitLevel,
  type OrgUnitView,
  type OrgUnitInput,
  type OrgUnitUpsertedData,
  type Reply,
} from '@fengqiao/contracts';
import { hasAnyRole } from '@fengqiao/auth';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { INTAKE_SCHEMA, INTAKE_EVENT_SOURCE } from '../config/intake.config';
import type { ReferenceService } from './reference.service';
import { ReferenceFailures } from './reference.failures';
import type { PiiProtector } from '../cases/pii-protector';
import { checkWorkerPhones, GridRegisterReader, openWorkerPhones, writeGridData } from './grid-register';

interface StoredUnit {
  code: string;
  name: string;
  name_en: string;
  level: string;
  parent_code: string | null;
  path: string;
}

const depth = (level: string) => ORG_UNIT_LEVELS.indexOf(level as (typeof ORG_UNIT_LEVELS)[number]);

/**
 * The org tree as data: an admin adds units and renames them; each change is announced on
 * FQ_EVENTS for the services that keep a copy (mediation). A unit never moves: its cases,
 * users and mediators are filed under its path, so a move is a data migration, not an edit.
 */
export class OrgTreeService {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceService,
    private readonly onOutboxWrite: () => void,
    private readonly pii: PiiProtector,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.reader = new GridRegisterReader(() => this.ds.manager, refs, pii);
  }

  private readonly reader: GridRegisterReader;

  /** One unit with its boundary and grid workers (phones masked), within the caller's jurisdiction. */
  get(body: unknown, caller: Caller): Promise<Reply<OrgUnitDetailView>> {
    return this.reader.get(body, caller);
  }

  /** The map's shapes: a unit and its children with their boundaries (see GridRegisterReader.layer). */
  layer(body: unknown, caller: Caller): Promise<Reply<OrgUnitLayerView>> {
    return this.reader.layer(body, caller);
  }

  /** A grid worker's full phone, audited (see GridRegisterReader.unmask). */
  unmaskWorker(body: unknown, caller: Caller, requestId?: string): Promise<Reply<UnmaskedGridWorker>> {
    return this.reader.unmask(body, caller, requestId);
  }

  /** The whole tree, parents first; names are public, so any signed-in caller may read it. */
  async list(): Promise<OrgUnitView[]> {
    return (await this.refs.orgUnits()).map((u) => ({ code: u.code, name: u.name, nameEn: u.nameEn, level: u.level as OrgUnitLevel, parent: u.parentCode }));
  }

  async load(body: unknown, caller: Caller): Promise<Reply<OrgTreeLoadResult>> {
    if (!hasAnyRole(caller, ORG_TREE_WRITER_ROLES)) return ReferenceFailures.fail('ORG_TREE_FORBIDDEN');
    const parsed = orgTreeInputSchema.safeParse(openWorkerPhones(body, this.pii));
    if (!parsed.success) return ReferenceFailures.fail('ORG_TREE_INVALID', zodFieldErrors(parsed.error));
    const units = parsed.data.units;
    const badPhones = checkWorkerPhones(units);
    if (badPhones.length) return ReferenceFailures.fail('ORG_TREE_INVALID', badPhones);
    const seen = new Set<string>();
    const duplicates: FieldError[] = [];
    units.forEach((u, i) => {
      if (seen.has(u.code)) duplicates.push({ path: `units[${i}].code`, message: `重复的单位 ${u.code} / ${u.code} appears twice` });
      seen.add(u.code);
    });
    if (duplicates.length) return ReferenceFailures.fail('ORG_TREE_INVALID', duplicates);

    const outcome = await this.ds.transaction(async (m) => {
      // One load at a time: the second sees the first's units as existing.
      await m.query(`LOCK TABLE intake.org_units IN SHARE ROW EXCLUSIVE MODE`);
      const stored = new Map(
        ((await m.query(`SELECT code, name, name_en, level, parent_code, path FROM intake.org_units`)) as StoredUnit[]).map((u) => [u.code, u]),
      );
      const plan = planLoad(units, stored);
      if (!plan.ok) return plan;
      const at = this.now();
      for (const u of plan.value.add) {
        await m.query(`INSERT INTO intake.org_units (code, name, name_en, level, parent_code, path) VALUES ($1, $2, $3, $4, $5, $6)`, [
          u.code,
          u.name,
          u.nameEn,
          u.level,
          u.parent,
          u.path,
        ]);
      }
      for (const u of plan.value.rename) await m.query(`UPDATE intake.org_units SET name = $2, name_en = $3 WHERE code = $1`, [u.code, u.name, u.nameEn]);
      const gridChanges = await writeGridData(m, units, this.pii);
      const added = new Set(plan.value.add.map((u) => u.code));
      const renamed = new Set(plan.value.rename.map((u) => u.code));
      const updated = [...gridChanges].filter((code) => !added.has(code));
      await announceOrgUnits(m, [...plan.value.add, ...plan.value.rename], at);
      return ok<OrgTreeLoadResult>({
        added: [...added],
        renamed: [...renamed],
        updated,
        unchanged: plan.value.unchanged - updated.filter((code) => !renamed.has(code)).length,
      });
    });
    if (outcome.ok && (outcome.value.added.length || outcome.value.renamed.length || outcome.value.updated.length)) {
      this.refs.forget();
      this.onOutboxWrite();
    }
    return outcome;
  }
}

/** Announces added or renamed units as `cn.fengqiao.org-unit.upserted.v1` (the outbox of the caller's transaction). */
export async function announceOrgUnits(m: EntityManager, units: readonly OrgUnitUpsertedData[], at: Date): Promise<void> {
  for (const u of units) {
    await appendToOutbox(
      m,
      INTAKE_SCHEMA,
      eventSubject(u.code, 'org-unit', 'upserted'),
      buildCloudEvent({ type: EventTypes.orgUnitUpserted, source: INTAKE_EVENT_SOURCE, subject: u.code, data: u, time: at }),
    );
  }
}

/**
 * What the event says of a unit: its place in the tree, nothing of its grid register (a boundary is
 * bulky, and a grid worker's phone is personal data that never goes on the bus unsealed).
 */
export const announced = (u: OrgUnitInput, path: string): OrgUnitUpsertedData => ({
  code: u.code,
  name: u.name,
  nameEn: u.nameEn,
  level: u.level,
  parent: u.parent,
  path,
});

/**
 * What a load does to the stored tree: units to add (parents first, with their paths), units
 * to rename, or why it cannot be done. Pure, so the rules are tested without a database.
 */
export function planLoad(
  units: OrgUnitInput[],
  stored: Map<string, StoredUnit>,
): Reply<{ add: OrgUnitUpsertedData[]; rename: OrgUnitUpsertedData[]; unchanged: number }> {
  const errors: FieldError[] = [];
  const index = new Map(units.map((u, i) => [u.code, i]));
  const add: OrgUnitUpsertedData[] = [];
  const rename: OrgUnitUpsertedData[] = [];
  let unchanged = 0;
  const moved: string[] = [];
  // Known units: the stored ones, then each new one once its parent is placed (any order in the body).
  const placed = new Map<string, { path: string; level: string }>([...stored].map(([code, u]) => [code, { path: u.path, level: u.level }]));
  let pending = units.filter((u) => {
    const old = stored.get(u.code);
    if (!old) return true;
    if (old.parent_code !== u.parent || old.level !== u.level) moved.push(u.code);
    else if (old.name !== u.name || old.name_en !== u.nameEn) rename.push(announced(u, old.path));
    else unchanged++;
    return false;
  });
  for (let progress = true; pending.length && progress; ) {
    progress = false;
    pending = pending.filter((u) => {
      const parent = u.parent === null ? { path: '/', level: '' } : placed.get(u.parent);
      if (!parent) return true;
      const i = index.get(u.code)!;
      if (u.parent !== null && depth(u.level) <= depth(parent.level)) {
        errors.push({ path: `units[${i}].level`, message: `${u.level} 不能位于 ${parent.level} 之下 / a ${u.level} cannot sit below a ${parent.level}` });
      } else {
        const path = `${parent.path}${u.code}/`;
        placed.set(u.code, { path, level: u.level });
        add.push(announced(u, path));
      }
      progress = true;
      return false;
    });
  }
  for (const u of pending) errors.push({ path: `units[${index.get(u.code)!}].parent`, message: `未知的上级单位 ${u.parent} / unknown parent ${u.parent}` });
  if (moved.length) {
    return ReferenceFailures.fail('ORG_UNITS_MOVED', { units: moved.join(', ') });
  }
  if (errors.length) return ReferenceFailures.fail('ORG_TREE_INVALID', errors);
  return ok({ add, rename, unchanged });
}
