import type { OrgUnitInput } from '@fengqiao/contracts';
import { planLoad } from './org-tree.service';

const stored = new Map(
  [
    { code: '621100', name: '定西市', name_en: 'Dingxi city', level: 'city', parent_code: null, path: '/621100/' },
    { code: '621102', name: '安定区', name_en: 'Anding district', level: 'county', parent_code: '621100', path: '/621100/621102/' },
  ].map((u) => [u.code, u]),
);
const unit = (code: string, parent: string | null, level: OrgUnitInput['level'], name = `单位${code}`): OrgUnitInput => ({
  code,
  name,
  nameEn: `Unit ${code}`,
  level,
  parent,
});

describe('planLoad', () => {
  it('adds new units with their paths, children given before their parents included', () => {
    const r = planLoad([unit('621102103201', '621102103', 'village'), unit('621102103', '621102', 'township')], stored);
    expect(r.ok && r.value.add.map((u) => [u.code, u.path])).toEqual([
      ['621102103', '/621100/621102/621102103/'],
      ['621102103201', '/621100/621102/621102103/621102103201/'],
    ]);
  });

  it('renames a stored unit and counts an identical one as unchanged', () => {
    const r = planLoad(
      [unit('621102', '621100', 'county', '安定区（新）'), { code: '621100', name: '定西市', nameEn: 'Dingxi city', level: 'city', parent: null }],
      stored,
    );
    expect(r.ok && { rename: r.value.rename.map((u) => [u.code, u.name, u.path]), unchanged: r.value.unchanged }).toEqual({
      rename: [['621102', '安定区（新）', '/621100/621102/']],
      unchanged: 1,
    });
  });

  it('refuses to move a stored unit or change its level (409)', () => {
    const moved = planLoad([unit('621102', null, 'county')], stored);
    expect(moved.ok ? 'ok' : moved.problem.status).toBe(409);
    const relevelled = planLoad([unit('621102', '621100', 'township')], stored);
    expect(relevelled.ok ? 'ok' : relevelled.problem.status).toBe(409);
  });

  it('names each unit whose parent is unknown, and a level that does not sit below its parent (422)', () => {
    const r = planLoad([unit('621102104', '621102999', 'township'), unit('621102105', '621102', 'county')], stored);
    expect(r.ok ? [] : r.problem.errors?.map((e) => e.path).sort()).toEqual(['units[0].parent', 'units[1].level']);
  });

  it("announces a unit's place in the tree only: never its boundary or its grid workers' phones", () => {
    const grid = {
      ...unit('621102-01', '621102', 'grid'),
      boundary: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [104.6, 35.6],
            [104.61, 35.6],
            [104.61, 35.61],
            [104.6, 35.6],
          ] as [number, number][],
        ],
      },
      workers: [{ name: '王芳', phone: '13912345678' }],
    };
    const r = planLoad([grid, { ...unit('621102', '621100', 'county', '安定区（新）'), boundary: grid.boundary }], stored);
    expect(r.ok && [...r.value.add, ...r.value.rename].map((u) => Object.keys(u).sort())).toEqual([
      ['code', 'level', 'name', 'nameEn', 'parent', 'path'],
      ['code', 'level', 'name', 'nameEn', 'parent', 'path'],
    ]);
  });
});
