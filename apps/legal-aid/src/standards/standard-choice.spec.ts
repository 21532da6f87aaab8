import type { EconomicStandard } from '@fengqiao/contracts';
import { ancestorsOf } from '../org-units/org-units.service';
import { chinaDay, standardInForce } from './standard-choice';

const std = (orgUnit: string, version: number, effectiveFrom: string): EconomicStandard => ({
  id: `${orgUnit}-v${version}`,
  orgUnit,
  version,
  minimumLivingMonthly: 760,
  multiplier: 2,
  effectiveFrom,
  source: '演示数据',
  loadedBy: 'admin',
  loadedAt: '2026-01-01T00:00:00Z',
});
const chain = ancestorsOf('621102101', '/621100/621102/621102101/');
const pick = (all: EconomicStandard[], at: string) => standardInForce(all, chain, at)?.id ?? null;

describe('ancestorsOf', () => {
  it("is the tree's path closest first, then the province the code names when the tree lacks it", () => {
    expect(chain).toEqual(['621102101', '621102', '621100', '620000']);
    expect(ancestorsOf('621102102', undefined)).toEqual(['621102102', '621102', '621100', '620000']);
  });
});

describe('standardInForce', () => {
  const all = [std('620000', 1, '2025-01-01'), std('621102', 1, '2026-03-01'), std('621102', 2, '2026-09-01'), std('621102', 3, '2027-01-01')];

  it('takes the closest unit that has one in force: the district over the province', () => {
    expect(pick(all, '2026-06-01T02:00:00Z')).toBe('621102-v1');
  });

  it('takes the latest version effective on the application day, not one that starts later', () => {
    expect(pick(all, '2026-10-01T02:00:00Z')).toBe('621102-v2');
    expect(pick(all, '2027-01-02T02:00:00Z')).toBe('621102-v3');
  });

  it("falls back to the province before the district's first version, and to none before any", () => {
    expect(pick(all, '2026-02-01T02:00:00Z')).toBe('620000-v1');
    expect(pick(all, '2024-12-01T02:00:00Z')).toBeNull();
  });

  it("reads the application day in China's time: 31 Aug 17:00 UTC is already 1 September", () => {
    expect(chinaDay('2026-08-31T17:00:00Z')).toBe('2026-09-01');
    expect(pick(all, '2026-08-31T17:00:00Z')).toBe('621102-v2');
    expect(pick(all, '2026-08-31T15:00:00Z')).toBe('621102-v1');
  });

  it("ignores another branch's standard", () => {
    expect(pick([std('621102102', 1, '2020-01-01')], '2026-06-01T00:00:00Z')).toBeNull();
  });
});
