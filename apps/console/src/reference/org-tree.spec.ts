import type { OrgUnitView } from '../api/api.types';
import { subtreeCodes } from './org-tree';

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
