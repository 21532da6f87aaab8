import type { DataSource } from 'typeorm';
import { ExpiringLoad } from '@fengqiao/persistence';
import { pathCodes } from '@fengqiao/rules';
import { OrgUnitEntity } from './org-unit.entity';

/**
 * The unit and its ancestors, closest first: the tree copy's path, then the province and city the
 * division code itself names when the tree does not hold them (the demo tree starts at the city,
 * yet a provincial standard applies to it).
 */
export function ancestorsOf(code: string, path: string | undefined): string[] {
  const fromTree = path ? pathCodes(path).reverse() : [code];
  const implied = [code.slice(0, 9), code.slice(0, 6), `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`].filter((c) => /^\d{6}(\d{3})?$/.test(c));
  const out = fromTree.includes(code) ? [...fromTree] : [code, ...fromTree];
  for (const c of implied) if (!out.includes(c)) out.push(c);
  return out;
}

/** The org tree copy; read often, changed rarely (seeded), so cached briefly in memory. */
export class OrgUnitsService {
  private readonly units: ExpiringLoad<Map<string, OrgUnitEntity>>;

  constructor(ds: DataSource, ttlMs = 30_000) {
    this.units = new ExpiringLoad(async () => new Map((await ds.getRepository(OrgUnitEntity).find()).map((u) => [u.code, u])), ttlMs);
  }

  /** After the tree changed: the next read loads it again. */
  forget(): void {
    this.units.clear();
  }

  async path(code: string): Promise<string | undefined> {
    return (await this.units.get()).get(code)?.path;
  }

  /** The unit and its ancestors, closest first (see ancestorsOf). */
  async ancestors(code: string): Promise<string[]> {
    return ancestorsOf(code, await this.path(code));
  }
}
