import type { Caller } from '@fengqiao/contracts';
import { mayActOnUnit, mayNameUnit, mayReadCase, pathHasUnit, pathWithin, reachOf, ROOT_PATH } from './jurisdiction';

/** The demo county (docs/demo-county.md) and a second district. */
const PATH = {
  city: '/621100/',
  district: '/621100/621102/',
  town: '/621100/621102/621102101/',
  sibling: '/621100/621102/621102102/',
  village: '/621100/621102/621102101/621102101201/',
  otherDistrict: '/621100/621121/',
};

const caller = (roles: string[], orgUnit: string | null, userId = 'u1'): Caller => ({ userId, username: userId, roles, orgUnit, department: null });

describe('pathWithin', () => {
  it('a unit lies within itself, its parent and every ancestor', () => {
    expect(pathWithin(PATH.town, PATH.town)).toBe(true);
    expect(pathWithin(PATH.town, PATH.district)).toBe(true);
    expect(pathWithin(PATH.village, PATH.city)).toBe(true);
  });

  it('never within a sibling, a child or another branch', () => {
    expect(pathWithin(PATH.sibling, PATH.town)).toBe(false);
    expect(pathWithin(PATH.district, PATH.town)).toBe(false);
    expect(pathWithin(PATH.otherDistrict, PATH.district)).toBe(false);
  });

  it('compares whole segments, never code prefixes', () => {
    expect('621102'.startsWith('621100')).toBe(false);
    expect(pathWithin('/621100/6211021/', '/621100/621102/')).toBe(false);
    expect(pathWithin('/621100/621102/', '/621100/')).toBe(true);
  });

  it('everything lies within the root; something that is not a path lies nowhere and contains nothing', () => {
    expect(pathWithin(PATH.village, ROOT_PATH)).toBe(true);
    expect(pathWithin(PATH.town, '')).toBe(false);
    expect(pathWithin('', PATH.city)).toBe(false);
  });
});

describe('pathHasUnit', () => {
  it('matches by whole path segment, never by code prefix', () => {
    expect(pathHasUnit(PATH.town, '621102')).toBe(true);
    expect(pathHasUnit(PATH.town, '621102101')).toBe(true);
    expect(pathHasUnit(PATH.town, '621102102')).toBe(false);
    expect(pathHasUnit('/621100/6211021/', '621102')).toBe(false);
  });
});

describe('reachOf', () => {
  it('an admin reaches everywhere, with or without an org unit', () => {
    expect(reachOf(caller(['admin'], '621102101'))).toEqual({ kind: 'everywhere' });
    expect(reachOf(caller(['admin'], null))).toEqual({ kind: 'everywhere' });
  });

  it('staff reach their unit subtree; a caller without a unit only their own cases', () => {
    expect(reachOf(caller(['clerk', 'leader'], '621102'))).toEqual({ kind: 'subtree', unit: '621102' });
    expect(reachOf(caller(['resident'], null, 'r1'))).toEqual({ kind: 'own-cases', userId: 'r1' });
  });
});

describe('mayActOnUnit', () => {
  const clerk = caller(['clerk'], '621102101');

  it('own unit and subtree yes; parent, sibling and other branches no', () => {
    expect(mayActOnUnit(clerk, { code: '621102101', path: PATH.town })).toBe(true);
    expect(mayActOnUnit(clerk, { path: PATH.village })).toBe(true);
    expect(mayActOnUnit(clerk, { path: PATH.district })).toBe(false);
    expect(mayActOnUnit(clerk, { code: '621102102', path: PATH.sibling })).toBe(false);
    expect(mayActOnUnit(clerk, { path: PATH.otherDistrict })).toBe(false);
  });

  it('a unit missing from the tree is the caller own only by its code', () => {
    expect(mayActOnUnit(caller(['clerk'], '621102103'), { code: '621102103' })).toBe(true);
    expect(mayActOnUnit(clerk, { code: '621102103' })).toBe(false);
    expect(mayActOnUnit(clerk, {})).toBe(false);
  });

  it('an admin acts on every unit, even one above their own', () => {
    const admin = caller(['admin'], '621102101');
    expect(mayActOnUnit(admin, { path: PATH.city })).toBe(true);
    expect(mayActOnUnit(admin, { path: PATH.otherDistrict })).toBe(true);
    expect(mayActOnUnit(caller(['admin'], null), { code: '621100' })).toBe(true);
  });

  it('a resident acts on no unit', () => {
    expect(mayActOnUnit(caller(['resident'], null), { code: '621102101', path: PATH.town })).toBe(false);
  });
});

describe('mayNameUnit', () => {
  it('a resident names any unit; staff only their subtree', () => {
    expect(mayNameUnit(caller(['resident'], null), { code: '621102102', path: PATH.sibling })).toBe(true);
    expect(mayNameUnit(caller(['clerk'], '621102101'), { path: PATH.sibling })).toBe(false);
    expect(mayNameUnit(caller(['clerk'], '621102101'), { path: PATH.village })).toBe(true);
  });
});

describe('mayReadCase', () => {
  const inTown = { orgPath: PATH.town, registeredBy: 'r1' };

  it('staff read cases of their subtree only', () => {
    expect(mayReadCase(caller(['leader'], '621100'), inTown)).toBe(true);
    expect(mayReadCase(caller(['clerk'], '621102101'), inTown)).toBe(true);
    expect(mayReadCase(caller(['clerk'], '621102102'), inTown)).toBe(false);
    expect(mayReadCase(caller(['clerk'], '621102101201'), inTown)).toBe(false);
  });

  it('a resident reads only the cases they registered', () => {
    expect(mayReadCase(caller(['resident'], null, 'r1'), inTown)).toBe(true);
    expect(mayReadCase(caller(['resident'], null, 'r2'), inTown)).toBe(false);
  });

  it('an admin reads every case', () => {
    expect(mayReadCase(caller(['admin'], '621102102'), inTown)).toBe(true);
    expect(mayReadCase(caller(['admin'], null, 'a1'), inTown)).toBe(true);
  });
});
