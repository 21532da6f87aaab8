import { callerFromClaims, hasAnyRole } from './caller';
import { bearerToken } from './token-verifier';

describe('callerFromClaims', () => {
  it('maps Keycloak claims, with no org unit for residents', () => {
    const clerk = callerFromClaims({ sub: 'u1', preferred_username: 'clerk.621102101', org_unit: '621102101', realm_access: { roles: ['clerk'] } });
    expect(clerk).toEqual({ userId: 'u1', username: 'clerk.621102101', roles: ['clerk'], orgUnit: '621102101', department: null });
    expect(hasAnyRole(clerk, ['leader', 'clerk'])).toBe(true);
    expect(callerFromClaims({ sub: 'r1', realm_access: { roles: ['resident'] } }).orgUnit).toBeNull();
  });
});

describe('bearerToken', () => {
  it('accepts only the Bearer scheme', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
