import type { DataSource } from 'typeorm';
import { CategoryEntity, OrgUnitEntity } from './reference.entity';

/** Org tree and categories; read often, changed rarely, so cached briefly in memory. */
export class ReferenceService {
  private cache: { at: number; units: Map<string, OrgUnitEntity>; categories: Map<string, CategoryEntity> } | undefined;

  constructor(private readonly ds: DataSource, private readonly ttlMs = 30_000) {}

  private async load() {
    if (this.cache && Date.now() - this.cache.at < this.ttlMs) return this.cache;
    const [units, categories] = await Promise.all([
      this.ds.getRepository(OrgUnitEntity).find(),
      this.ds.getRepository(CategoryEntity).find(),
    ]);
    this.cache = {
      at: Date.now(),
      units: new Map(units.map((u) => [u.code, u])),
      categories: new Map(categories.map((c) => [c.code, c])),
    };
    return this.cache;
  }

  async orgUnit(code: string): Promise<OrgUnitEntity | undefined> {
    return (await this.load()).units.get(code);
  }

  async category(code: string): Promise<CategoryEntity | undefined> {
    return (await this.load()).categories.get(code);
  }

  async categories(): Promise<CategoryEntity[]> {
    return [...(await this.load()).categories.values()].filter((c) => c.active);
  }

  /** True when `code` is `ancestor` itself or lies in its subtree (walks the tree's paths). */
  async isWithin(code: string, ancestor: string): Promise<boolean> {
    const [unit, top] = await Promise.all([this.orgUnit(code), this.orgUnit(ancestor)]);
    return !!unit && !!top && unit.path.startsWith(top.path);
  }
}
