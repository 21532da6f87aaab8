import type { DataSource } from 'typeorm';
import { OrgUnitEntity } from './org-unit.entity';

/** The org tree copy; read often, changed rarely (seeded), so cached briefly in memory. */
export class OrgUnitsService {
  private cache: { at: number; units: Map<string, OrgUnitEntity> } | undefined;

  constructor(private readonly ds: DataSource, private readonly ttlMs = 30_000) {}

  private async units(): Promise<Map<string, OrgUnitEntity>> {
    if (!this.cache || Date.now() - this.cache.at >= this.ttlMs) {
      const rows = await this.ds.getRepository(OrgUnitEntity).find();
      this.cache = { at: Date.now(), units: new Map(rows.map((u) => [u.code, u])) };
    }
    return this.cache.units;
  }

  async path(code: string): Promise<string | undefined> {
    return (await this.units()).get(code)?.path;
  }

  /** True when `code` is `ancestor` itself or lies in its subtree. */
  async isWithin(code: string, ancestor: string): Promise<boolean> {
    const [unit, top] = await Promise.all([this.path(code), this.path(ancestor)]);
    return !!unit && !!top && unit.startsWith(top);
  }
}
