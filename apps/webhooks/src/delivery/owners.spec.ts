import type { Caller } from '@fengqiao/contracts';
import { ownerVerdict } from './owners';

describe('ownerVerdict (the subscription owner as it is now)', () => {
  const owner = (o: Partial<Caller> = {}): Caller => ({ userId: 'u', username: 'u', roles: ['integrator'], orgUnit: '621102', department: null, ...o });
  const township = { org_unit: '621102101', path: '/621100/621102/621102101/' };

  it('lets an enabled integrator over the subscription’s unit receive', () => {
    expect(ownerVerdict(owner(), township)).toMatchObject({ ok: true });
    expect(ownerVerdict(owner({ orgUnit: '621102101' }), township)).toMatchObject({ ok: true });
  });

  it('names why not: gone or disabled, no longer an integrator, moved where the unit is not', () => {
    expect(ownerVerdict(null, township)).toEqual({ ok: false, reason: 'owner-gone' });
    expect(ownerVerdict(owner({ roles: ['default-roles-fengqiao'] }), township)).toEqual({ ok: false, reason: 'owner-not-integrator' });
    expect(ownerVerdict(owner({ orgUnit: '621101' }), township)).toEqual({ ok: false, reason: 'owner-outside-jurisdiction' });
    expect(ownerVerdict(owner({ orgUnit: '621102102' }), township)).toEqual({ ok: false, reason: 'owner-outside-jurisdiction' });
    expect(ownerVerdict(owner({ orgUnit: null }), township)).toEqual({ ok: false, reason: 'owner-outside-jurisdiction' });
  });
});
