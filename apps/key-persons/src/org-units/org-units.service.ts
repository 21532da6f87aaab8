import type { DataSource } from 'typeorm';
import { ExpiringLoad } from '@fengqiao/persistence';
import { OrgUnitEntity } from './org-unit.entity';

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
}
