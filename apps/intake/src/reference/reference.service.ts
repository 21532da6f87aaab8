import type { DataSource } from 'typeorm';
import { ExpiringLoad } from '@fengqiao/persistence';
import { CategoryEntity, OrgUnitEntity } from './reference.entity';

/** Org tree and categories; read often, changed rarely, so cached briefly in memory. */
export class ReferenceService {
  private readonly data: ExpiringLoad<{ units: Map<string, OrgUnitEntity>; categories: Map<string, CategoryEntity> }>;

  constructor(ds: DataSource, ttlMs = 30_000) {
    this.data = new ExpiringLoad(async () => {
      const [units, categories] = await Promise.all([ds.getRepository(OrgUnitEntity).find(), ds.getRepository(CategoryEntity).find()]);
      return { units: new Map(units.map((u) => [u.code, u])), categories: new Map(categories.map((c) => [c.code, c])) };
    }, ttlMs);
  }

  private load() {
    return this.data.get();
  }

  /** After this instance changed the tree: the next read loads it again. */
  forget(): void {
    this.data.clear();
  }

  async orgUnit(code: string): Promise<OrgUnitEntity | undefined> {
    return (await this.load()).units.get(code);
  }

  async category(code: string): Promise<CategoryEntity | undefined> {
    return (await this.load()).categories.get(code);
  }

  /** The whole tree, parents before their children (by materialised path). */
  async orgUnits(): Promise<OrgUnitEntity[]> {
    return [...(await this.load()).units.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async categories(): Promise<CategoryEntity[]> {
    return [...(await this.load()).categories.values()].filter((c) => c.active);
  }
}
