import { callerFromClaims, hasAnyRole } from './caller';
import { CASE_READER_ROLES, Roles, STAFF_ROLES } from '@fengqiao/rules';

describe('callerFromClaims', () => {
  it('maps a department officer with org unit and department', () => {
    expect(
      callerFromClaims({
        sub: 'u-9',
        preferred_username: 'police.621102',
        org_unit: '621102',
        department: 'public-security',
        realm_access: { roles: ['dept-officer'] },
      }),
    ).toEqual({ userId: 'u-9', username: 'police.621102', roles: ['dept-officer'], orgUnit: '621102', department: 'public-security' });
  });

  it('falls back to sub for the username and to no roles without realm_access', () => {
    expect(callerFromClaims({ sub: 'u-2' })).toEqual({ userId: 'u-2', username: 'u-2', roles: [], orgUnit: null, department: null });
    expect(callerFromClaims({ sub: 'u-3', realm_access: {} }).roles).toEqual([]);
  });

  it('gives empty identifiers for claims without sub', () => {
    const c = callerFromClaims({});
    expect(c.userId).toBe('');
    expect(c.username).toBe('');
  });

  it.each([[''], [42], [['621102']], [null]])('treats org_unit and department %p as absent', (value) => {
    const c = callerFromClaims({ sub: 'u', org_unit: value as string, department: value as string });
    expect(c.orgUnit).toBeNull();
    expect(c.department).toBeNull();
  });
});

describe('hasAnyRole', () => {
  const caller = callerFromClaims({ sub: 'u', realm_access: { roles: ['mediator'] } });

  it('is true when one of the roles matches, false otherwise', () => {
    expect(hasAnyRole(caller, [Roles.clerk, Roles.mediator])).toBe(true);
    expect(hasAnyRole(caller, [Roles.leader])).toBe(false);
    expect(hasAnyRole(caller, [])).toBe(false);
  });

  it('counts every role but resident as staff', () => {
    expect(STAFF_ROLES).not.toContain(Roles.resident);
    expect(STAFF_ROLES).not.toContain(Roles.integrator);
    expect(STAFF_ROLES).not.toContain(Roles.service);
    expect(STAFF_ROLES).toHaveLength(Object.keys(Roles).length - 3);
  });
});

describe('CASE_READER_ROLES', () => {
  it('names every role but the key-person officer and the legal-aid provider (own matters only), explicitly', () => {
    expect([...CASE_READER_ROLES].sort()).toEqual([
      'admin',
      'clerk',
      'dept-officer',
      'grid-worker',
      'leader',
      'legal-aid-officer',
      'mediator',
      'petition-officer',
      'resident',
    ]);
  });
});
