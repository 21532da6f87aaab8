import type { DataSource } from 'typeorm';
import type { Caller } from '@fengqiao/contracts';
import { OrgUnitsRepository } from './org-units.repository';

const PATHS: Record<string, string> = {
  '621100': '/621100/',
  '621102': '/621100/621102/',
  '621102101': '/621100/621102/621102101/',
  '621102102': '/621100/621102/621102102/',
};
const ds = { query: async (_sql: string, [code]: [string]) => (PATHS[code] ? [{ path: PATHS[code] }] : []) } as unknown as DataSource;
const caller = (roles: string[], orgUnit: string | null): Caller => ({ userId: 'u', username: 'u', roles, orgUnit, department: null });

describe('OrgUnitsRepository.pathInJurisdiction', () => {
  const units = new OrgUnitsRepository(ds);

  it('gives the path of the own unit and of units below it', async () => {
    const leader = caller(['leader'], '621102');
    await expect(units.pathInJurisdiction(leader, '621102')).resolves.toEqual({ ok: true, value: '/621100/621102/' });
    await expect(units.pathInJurisdiction(leader, '621102101')).resolves.toEqual({ ok: true, value: '/621100/621102/621102101/' });
  });

  it('refuses the parent and a sibling with 403', async () => {
    const clerk = caller(['clerk'], '621102101');
    for (const unit of ['621102', '621102102', '621100']) {
      const r = await units.pathInJurisdiction(clerk, unit);
      expect(r.ok ? 'ok' : r.problem.status).toBe(403);
    }
  });

  it('knows a unit no event has named only as the caller own one (no path yet)', async () => {
    await expect(units.pathInJurisdiction(caller(['clerk'], '621102103'), '621102103')).resolves.toEqual({ ok: true, value: undefined });
    const r = await units.pathInJurisdiction(caller(['clerk'], '621102101'), '621102103');
    expect(r.ok).toBe(false);
  });

  it('lets an admin see any unit, even one above their own', async () => {
    await expect(units.pathInJurisdiction(caller(['admin'], null), '621100')).resolves.toEqual({ ok: true, value: '/621100/' });
    await expect(units.pathInJurisdiction(caller(['admin'], '621102101'), '621100')).resolves.toEqual({ ok: true, value: '/621100/' });
  });
});
