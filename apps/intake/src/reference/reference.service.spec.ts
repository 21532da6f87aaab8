import type { DataSource } from 'typeorm';
import { CategoryEntity, OrgUnitEntity } from './reference.entity';
import { ReferenceService } from './reference.service';

const UNITS: Array<[code: string, parent: string | null, path: string]> = [
  ['621100', null, '/621100/'],
  ['621102', '621100', '/621100/621102/'],
  ['621102101', '621102', '/621100/621102/621102101/'],
  ['621102102', '621102', '/621100/621102/621102102/'],
  ['621102101201', '621102101', '/621100/621102/621102101/621102101201/'],
  ['621121', '621100', '/621100/621121/'],
];

const units = (): OrgUnitEntity[] =>
  UNITS.map(([code, parentCode, path]) => Object.assign(new OrgUnitEntity(), { code, name: code, nameEn: code, level: 'x', parentCode, path }));

const categories = (): CategoryEntity[] => [
  Object.assign(new CategoryEntity(), { code: 'neighbour', name: '邻里纠纷', nameEn: 'Neighbours', active: true }),
  Object.assign(new CategoryEntity(), { code: 'retired', name: '旧类别', nameEn: 'Retired', active: false }),
];

/** getRepository(Entity).find() over in-memory rows; counts the loads. */
function fakeDataSource() {
  let finds = 0;
  const ds = {
    getRepository: (entity: unknown) => ({
      find: async () => {
        finds++;
        if (entity === OrgUnitEntity) return units();
        if (entity === CategoryEntity) return categories();
        throw new Error('unexpected entity');
      },
    }),
  } as unknown as DataSource;
  return { ds, finds: () => finds };
}

describe('ReferenceService lookups', () => {
  it('finds units and categories by code, and lists only active categories', async () => {
    const r = new ReferenceService(fakeDataSource().ds);
    await expect(r.orgUnit('621102')).resolves.toMatchObject({ code: '621102', parentCode: '621100' });
    await expect(r.orgUnit('000000')).resolves.toBeUndefined();
    await expect(r.category('retired')).resolves.toMatchObject({ active: false });
    await expect(r.categories()).resolves.toEqual([expect.objectContaining({ code: 'neighbour' })]);
  });

  it('loads the reference data once while the cache is fresh', async () => {
    const f = fakeDataSource();
    const r = new ReferenceService(f.ds, 60_000);
    await r.orgUnit('621102');
    await r.category('neighbour');
    await r.orgUnit('621100');
    expect(f.finds()).toBe(2); // one load: units and categories
  });

  it('reloads once the cache has expired', async () => {
    const f = fakeDataSource();
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const r = new ReferenceService(f.ds, 30_000);
      await r.orgUnit('621102');
      now.mockReturnValue(1_000_000 + 29_999);
      await r.orgUnit('621102');
      expect(f.finds()).toBe(2);
      now.mockReturnValue(1_000_000 + 30_000);
      await r.orgUnit('621102');
      expect(f.finds()).toBe(4);
    } finally {
      now.mockRestore();
    }
  });
});
