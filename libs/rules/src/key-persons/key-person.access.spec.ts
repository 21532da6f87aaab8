import { Roles } from '../roles';
import {
  KEY_PERSON_ROUTE_ROLES,
  mayDecideKeyPerson,
  mayKeepKeyPerson,
  mayOpenKeyPerson,
  mayReportOnKeyPerson,
  type KeyPersonCaller,
} from './key-person.access';

const TOWN = { code: '621102101', path: '/621100/621102/621102101/' };
const OTHER_TOWN = { code: '621102102', path: '/621100/621102/621102102/' };
const record = { unit: TOWN, responsibleUsernames: ['grid.621102101201'] };
const caller = (username: string, roles: string[], orgUnit: string | null): KeyPersonCaller => ({ userId: username, username, roles, orgUnit });

const officer = caller('key-person.621102101', [Roles.keyPersonOfficer], '621102101');
const countyLeader = caller('leader.621102', [Roles.leader], '621102');
const otherOfficer = caller('key-person.621102102', [Roles.keyPersonOfficer], '621102102');
const otherLeader = caller('leader.621102102', [Roles.leader], '621102102');
const grid = caller('grid.621102101201', [Roles.gridWorker], '621102101201');
const otherGrid = caller('grid.621102101202', [Roles.gridWorker], '621102101202');
const admin = caller('admin', [Roles.admin], null);
const adminInTown = caller('admin.621102101', [Roles.admin], '621102101');
const adminOfficer = caller('admin2', [Roles.admin, Roles.keyPersonOfficer], null);

describe('need-to-know on the key-person register', () => {
  it('opens to the person’s responsible persons, wherever their own unit lies', () => {
    expect(mayOpenKeyPerson(grid, record)).toBe(true);
    expect(mayOpenKeyPerson({ ...grid, orgUnit: OTHER_TOWN.code }, record)).toBe(true);
    expect(mayReportOnKeyPerson(grid, record)).toBe(true);
    // Responsible, but not an officer: reports, never keeps or decides.
    expect(mayKeepKeyPerson(grid, record)).toBe(false);
    expect(mayDecideKeyPerson(grid, record)).toBe(false);
  });

  it('opens to officers and leaders whose jurisdiction holds the unit', () => {
    expect(mayOpenKeyPerson(officer, record)).toBe(true);
    expect(mayOpenKeyPerson(countyLeader, record)).toBe(true);
    expect(mayKeepKeyPerson(officer, record)).toBe(true);
    expect(mayKeepKeyPerson(countyLeader, record)).toBe(true);
    expect(mayDecideKeyPerson(countyLeader, record)).toBe(true);
    expect(mayDecideKeyPerson(officer, record)).toBe(false);
    expect(mayReportOnKeyPerson(officer, record)).toBe(true);
  });

  it('refuses outside the jurisdiction, even to officers and leaders', () => {
    for (const c of [otherOfficer, otherLeader]) {
      expect([c.username, mayOpenKeyPerson(c, record)]).toEqual([c.username, false]);
      expect(mayKeepKeyPerson(c, record)).toBe(false);
      expect(mayDecideKeyPerson(c, record)).toBe(false);
      expect(mayReportOnKeyPerson(c, record)).toBe(false);
    }
  });

  it('refuses staff who are not responsible for the person, in the same village tree or not', () => {
    expect(mayOpenKeyPerson(otherGrid, record)).toBe(false);
    expect(mayReportOnKeyPerson(otherGrid, record)).toBe(false);
    expect(mayOpenKeyPerson(caller('clerk.621102101', [Roles.clerk], '621102101'), record)).toBe(false);
  });

  it('refuses admins: they run the platform and read no record', () => {
    for (const c of [admin, adminInTown, adminOfficer]) {
      expect([c.username, mayOpenKeyPerson(c, record)]).toEqual([c.username, false]);
      expect(mayKeepKeyPerson(c, record)).toBe(false);
      expect(mayDecideKeyPerson(c, record)).toBe(false);
    }
    expect(KEY_PERSON_ROUTE_ROLES).not.toContain(Roles.admin);
  });

  it('an admin who is also an officer of a unit reaches only that unit’s subtree', () => {
    const c = caller('admin3', [Roles.admin, Roles.keyPersonOfficer], '621102102');
    expect(mayOpenKeyPerson(c, { ...record, unit: OTHER_TOWN })).toBe(true);
    expect(mayOpenKeyPerson(c, record)).toBe(false);
  });

  it('refuses a unit known only by a code outside the caller’s reach, allows its own code', () => {
    expect(mayOpenKeyPerson(officer, { unit: { code: '621102101' }, responsibleUsernames: [] })).toBe(true);
    expect(mayOpenKeyPerson(officer, { unit: { code: '621102102' }, responsibleUsernames: [] })).toBe(false);
  });
});
