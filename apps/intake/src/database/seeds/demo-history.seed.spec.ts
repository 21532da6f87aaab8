import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseRegisteredData } from '@fengqiao/contracts';
import { caseWorkflowId, kindModule } from '@fengqiao/rules';
import { DEMO_FIRST_CONTACT_CLERKS, DEMO_PEOPLE, personName } from './demo-county.seed';
import { planHistory } from './demo-history.plan';
import { caseEvents, caseRow } from './demo-history.seed';

const END = Date.parse('2026-11-23T00:00:00+08:00');
const plan = planHistory({ end: END });
const caseNo = (i: number) => `621102101-2026-${String(i + 1).padStart(6, '0')}`;
const registration = (i: number) => caseEvents(plan[i]!, caseNo(i), '/621100/621102/621102101/')[0]!.event.data as CaseRegisteredData;

describe('the demo history as written: case rows and registration events', () => {
  it('gives every open case a registration that resumes its process where it stands, and no historical flag', () => {
    const open = plan.map((c, i) => ({ c, i })).filter(({ c }) => c.status !== 'closed');
    expect(open.length).toBeGreaterThan(20);
    for (const { c, i } of open) {
      const data = registration(i);
      expect(data.historical).toBeUndefined();
      expect(data.resume).toEqual(c.resume);
      expect(data.resume!.seq).toBe(caseRow(c, caseNo(i), '/p/', undefined).last_seq);
      // Started at its historical registration time, not now.
      expect(data.registeredAt).toBe(new Date(c.registeredAt).toISOString());
    }
  });

  it('keeps closed cases historical: the orchestrator starts nothing for them', () => {
    const closed = plan
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.status === 'closed')
      .slice(0, 300);
    for (const { i } of closed) expect(registration(i)).toMatchObject({ historical: true });
    for (const { i } of closed) expect(registration(i).resume).toBeUndefined();
  });

  it("names each case's workflow as its kind's process does, with the isolation prefix", () => {
    for (const kind of ['dispute', 'consultation', 'complaint', 'hazard', 'petition', 'legal-aid']) {
      const i = plan.findIndex((c) => c.kind === kind);
      const row = caseRow(plan[i]!, caseNo(i), '/p/', 'fqt1');
      expect(row.workflow_id).toBe(caseWorkflowId(kindModule(kind)!, caseNo(i), 'fqt1'));
      expect(row.workflow_id.startsWith(`fqt1.${kind}-`)).toBe(true);
    }
  });

  it('shows the registering clerk by name, and a mediator by the login the recorder uses', () => {
    const i = plan.findIndex((c) => c.orgUnit === '621102101' && !c.mediator);
    expect(caseRow(plan[i]!, caseNo(i), '/p/', undefined).assignee).toEqual({ id: 'clerk.621102101', name: '受理员 巉口镇', role: 'clerk' });
    const j = plan.findIndex((c) => c.orgUnit === '621102102' && c.mediator);
    expect(caseRow(plan[j]!, caseNo(j), '/p/', undefined).assignee).toEqual({ id: 'mediator.621102102', name: '王调解', role: 'mediator' });
  });
});

describe('the demo people', () => {
  it("are named as the dev realm names them (firstName + ' ' + lastName)", () => {
    const realm = JSON.parse(readFileSync(join(__dirname, '../../../../../infra/keycloak/fengqiao-realm.dev.json'), 'utf8')) as {
      users: Array<{ username: string; firstName?: string; lastName?: string }>;
    };
    const named = Object.fromEntries(realm.users.filter((u) => u.firstName).map((u) => [u.username, `${u.firstName} ${u.lastName}`]));
    expect(DEMO_PEOPLE).toEqual(named);
    expect(personName('clerk.621102101')).toBe('受理员 巉口镇');
    expect(personName('clerk.621100')).toBe('clerk.621100');
  });

  it('have a first-contact clerk in each town, a clerk of that town', () => {
    expect(DEMO_FIRST_CONTACT_CLERKS.map((c) => `${c.orgUnit}:${c.username}`)).toEqual(['621102101:clerk.621102101', '621102102:clerk.621102102']);
  });
});
