import type { Caller } from '@fengqiao/contracts';
import { listingScope } from './jurisdiction';
import type { OrgUnitsService } from './org-units.service';

const PATHS: Record<string, string> = {
  '621100': '/621100/',
  '621102': '/621100/621102/',
  '621102101': '/621100/621102/621102101/',
  '621102102': '/621100/621102/621102102/',
};
const units = { path: async (code: string) => PATHS[code] } as unknown as OrgUnitsService;
const caller = (roles: string[], orgUnit: string | null): Caller => ({ userId: 'u', username: 'u', roles, orgUnit, department: null });
const status = (r: Awaited<ReturnType<typeof listingScope>>) => (r.ok ? r.value : r.problem.status);

describe('listingScope (the jurisdiction rule over mediation copy of the tree)', () => {
  it('staff list their subtree or a unit inside it; a parent, a sibling or an unknown unit is 403', async () => {
    const clerk = caller(['clerk'], '621102101');
    expect(status(await listingScope(clerk, units, undefined))).toEqual({ pathPrefix: '/621100/621102/621102101/', orgUnit: undefined });
    expect(status(await listingScope(caller(['leader'], '621102'), units, '621102101'))).toEqual({
      pathPrefix: '/621100/621102/621102101/',
      orgUnit: '621102101',
    });
    for (const unit of ['621102', '621102102', '621102199']) expect(status(await listingScope(clerk, units, unit))).toBe(403);
  });

  it('an admin lists everything, or any unit (even above their own)', async () => {
    expect(status(await listingScope(caller(['admin'], null), units, undefined))).toEqual({ pathPrefix: null, orgUnit: undefined });
    expect(status(await listingScope(caller(['admin'], '621102101'), units, '621100'))).toEqual({ pathPrefix: '/621100/', orgUnit: '621100' });
  });

  it('an account without an org unit lists nothing', async () => {
    const r = await listingScope(caller(['clerk'], null), units, undefined);
    expect(r.ok ? 'ok' : r.problem.detail).toBe('账号未关联单位 / Your account belongs to no org unit');
  });
});
