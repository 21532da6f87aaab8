import type { Caller } from '@fengqiao/contracts';
import { CasesService, type CasesServiceDeps } from './cases.service';
import type { CaseEntity } from './case.entity';

const PATHS: Record<string, string> = { '621100': '/621100/', '621102': '/621100/621102/', '621102101': '/621100/621102/621102101/' };
const refs = { orgUnit: async (code: string) => (PATHS[code] ? { code, path: PATHS[code] } : undefined) };
const cases = new CasesService({ refs } as unknown as CasesServiceDeps);
const caller = (roles: string[], orgUnit: string | null, userId = 'u1'): Caller => ({ userId, username: userId, roles, orgUnit, department: null });

describe('intake applies the jurisdiction rule of libs/rules', () => {
  it('row-level-security scope: staff their subtree, an admin every path, a resident their own cases', async () => {
    await expect(cases.scopeOf(caller(['clerk'], '621102101'))).resolves.toEqual({ kind: 'org', path: '/621100/621102/621102101/' });
    await expect(cases.scopeOf(caller(['admin'], '621102101'))).resolves.toEqual({ kind: 'org', path: '/' });
    await expect(cases.scopeOf(caller(['admin'], null))).resolves.toEqual({ kind: 'org', path: '/' });
    await expect(cases.scopeOf(caller(['resident'], null, 'r1'))).resolves.toEqual({ kind: 'resident', userId: 'r1' });
  });

  it('a unit missing from the tree scopes to a path no case has, never everything', async () => {
    await expect(cases.scopeOf(caller(['clerk'], '621102199'))).resolves.toEqual({ kind: 'org', path: '/unknown/621102199/' });
  });

  it('reads a stored case by its path: subtree yes, parent no, a resident only their own', () => {
    const c = { orgPath: '/621100/621102/', registeredBy: 'r1' } as CaseEntity;
    expect(cases.mayRead(c, caller(['leader'], '621100'))).toBe(true);
    expect(cases.mayRead(c, caller(['clerk'], '621102101'))).toBe(false);
    expect(cases.mayRead(c, caller(['admin'], '621102101'))).toBe(true);
    expect(cases.mayRead(c, caller(['resident'], null, 'r1'))).toBe(true);
    expect(cases.mayRead(c, caller(['resident'], null, 'r2'))).toBe(false);
  });
});
