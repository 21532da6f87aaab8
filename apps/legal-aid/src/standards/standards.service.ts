import type { DataSource, EntityManager } from 'typeorm';
import { economicStandardSchema, ok, unitQuerySchema, zodFieldErrors, type Caller, type EconomicStandard, type Reply } from '@fengqiao/contracts';
import { mayActOnUnit, reachOf } from '@fengqiao/rules';
import type { OrgUnitsService } from '../org-units/org-units.service';
import { LegalAidFailures } from '../legal-aid.failures';
import { standardInForce } from './standard-choice';
import { inScope } from '@fengqiao/persistence';

interface StandardRow {
  id: string;
  org_unit: string;
  version: number;
  minimum_living_monthly: string;
  multiplier: string;
  effective_from: string;
  source: string;
  loaded_by: string;
  loaded_at: Date;
}

const COLUMNS = `id, org_unit, version, minimum_living_monthly, multiplier, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, source, loaded_by, loaded_at`;

function toStandard(r: StandardRow): EconomicStandard {
  return {
    id: r.id,
    orgUnit: r.org_unit,
    version: r.version,
    minimumLivingMonthly: Number(r.minimum_living_monthly),
    multiplier: Number(r.multiplier),
    effectiveFrom: r.effective_from,
    source: r.source,
    loadedBy: r.loaded_by,
    loadedAt: r.loaded_at.toISOString(),
  };
}

/**
 * The economic-hardship standards (经济困难标准), versioned per org unit: a load adds a version,
 * never changes one, so an assessment that names a version can always be explained.
 */
export class StandardsService {
  constructor(
    private readonly ds: DataSource,
    private readonly units: OrgUnitsService,
  ) {}

  /** The standard in force for a case of `orgUnit` applied for at `at` (the closest unit's latest effective version). */
  async inForce(m: EntityManager, orgUnit: string, at: string): Promise<EconomicStandard | null> {
    const chain = await this.units.ancestors(orgUnit);
    const rows = (await m.query(`SELECT ${COLUMNS} FROM legal_aid.economic_standards WHERE org_unit = ANY($1)`, [chain])) as StandardRow[];
    return standardInForce(rows.map(toStandard), chain, at);
  }

  /** May the caller see a unit's standard or roster entry: in their subtree, or an ancestor whose entries serve their cases. */
  async serves(caller: Caller, code: string): Promise<boolean> {
    const reach = reachOf(caller);
    if (reach.kind === 'everywhere') return true;
    if (reach.kind !== 'subtree') return false;
    if (mayActOnUnit(caller, { code, path: await this.units.path(code) })) return true;
    return (await this.units.ancestors(reach.unit)).includes(code);
  }

  /** Every version the caller's cases may be screened with; `orgUnit`: those that may apply to that unit. */
  async list(caller: Caller, query?: unknown): Promise<Reply<EconomicStandard[]>> {
    const q = unitQuerySchema.safeParse(query ?? {});
    if (!q.success) return LegalAidFailures.fail('INVALID_QUERY', zodFieldErrors(q.error));
    const only = q.data.orgUnit ? await this.units.ancestors(q.data.orgUnit) : undefined;
    const rows = (await inScope(this.ds, { kind: 'system' }, (m) =>
      m.query(`SELECT ${COLUMNS} FROM legal_aid.economic_standards ORDER BY org_unit, version DESC`),
    )) as StandardRow[];
    const out: EconomicStandard[] = [];
    for (const r of rows) if ((!only || only.includes(r.org_unit)) && (await this.serves(caller, r.org_unit))) out.push(toStandard(r));
    return ok(out);
  }

  /** Adds the next version of the unit's standard (versions count per unit, from 1). */
  async load(caller: Caller, body: unknown): Promise<Reply<EconomicStandard>> {
    const parsed = economicStandardSchema.safeParse(body ?? {});
    if (!parsed.success) return LegalAidFailures.fail('STANDARD_INVALID', zodFieldErrors(parsed.error));
    const s = parsed.data;
    if (!mayActOnUnit(caller, { code: s.orgUnit, path: await this.units.path(s.orgUnit) })) return LegalAidFailures.fail('STANDARD_OUTSIDE_JURISDICTION');
    return ok(await insertStandard(this.ds, { ...s, loadedBy: caller.username }));
  }
}

/** Inserts the next version for the unit; two loads at once get consecutive versions (a lock per unit). */
export async function insertStandard(
  ds: DataSource,
  s: { orgUnit: string; minimumLivingMonthly: number; multiplier: number; effectiveFrom: string; source: string; loadedBy: string },
): Promise<EconomicStandard> {
  return inScope(ds, { kind: 'system' }, async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('legal_aid.economic_standards:' || $1))`, [s.orgUnit]);
    const [row] = (await m.query(
      `INSERT INTO legal_aid.economic_standards (org_unit, version, minimum_living_monthly, multiplier, effective_from, source, loaded_by)
       VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM legal_aid.economic_standards WHERE org_unit = $1), $2, $3, $4, $5, $6)
       RETURNING ${COLUMNS}`,
      [s.orgUnit, s.minimumLivingMonthly, s.multiplier, s.effectiveFrom, s.source, s.loadedBy],
    )) as StandardRow[];
    return toStandard(row!);
  });
}
