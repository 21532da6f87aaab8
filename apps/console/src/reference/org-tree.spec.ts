import type { OrgUnitView } from '../api/api.types';
import { centreRoster, subtreeCodes } from './org-tree';

const unit = (code: string, parent: string | null, level: OrgUnitView['level']): OrgUnitView => ({ code, name: code, nameEn: code, level, parent });
const TREE = [
  unit('621100', null, 'city'),
  unit('621102', '621100', 'county'),
  unit('621102101', '621102', 'township'),
  unit('621102101201', '621102101', 'village'),
  unit('621102102', '621102', 'township'),
  unit('621102102201', '621102102', 'village'),
];

describe('subtreeCodes', () => {
  it('gives a unit and everything below it, and nothing of its siblings or parents', () => {
    expect(subtreeCodes(TREE, '621102101')).toEqual(['621102101', '621102101201']);
    expect(subtreeCodes(TREE, '621102')).toEqual(['621102', '621102101', '621102101201', '621102102', '621102102201']);
  });

  it('gives the whole tree without a root, and nothing for a unit it does not know', () => {
    expect(subtreeCodes(TREE, null)).toHaveLength(6);
    expect(subtreeCodes(TREE, '629999')).toEqual([]);
  });
});

describe('centreRoster', () => {
  const m = (name: string, orgUnit: string, active = true) => ({ name, orgUnit, active });
  const roster = [m('张', '621102101'), m('李', '621102101', false), m('王', '621102102'), m('刘', '621100')];

  it("gives the case's own unit's active mediators", () => {
    expect(centreRoster(roster, TREE, '621102101').map((x) => x.name)).toEqual(['张']);
  });

  it('serves a village from the nearest unit above it that has mediators, never a sibling', () => {
    expect(centreRoster(roster, TREE, '621102101201').map((x) => x.name)).toEqual(['张']);
    expect(
      centreRoster(
        roster.filter((x) => x.orgUnit !== '621102101'),
        TREE,
        '621102101201',
      ).map((x) => x.name),
    ).toEqual(['刘']);
  });

  it('gives nobody when no unit on the way up has mediators', () => {
    expect(centreRoster([m('王', '621102102')], TREE, '621102101')).toEqual([]);
  });
});
