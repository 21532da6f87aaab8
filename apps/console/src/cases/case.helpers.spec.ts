import type { CaseView } from '../api/api.types';
import { caseListPath } from '../api/api-client';
import {
  actionsFor,
  assignedTo,
  beijingIso,
  boardRows,
  byFirstReplyDue,
  countdown,
  dueWithCountdown,
  formatTime,
  needsRefetch,
  newerView,
  periodOf,
  summoning,
  timeLeft,
} from './case.helpers';
import { screensFor, sessionFromClaims } from '../auth/session';

const deadlines = (firstReplyDue: string | null = null) => ({ firstReplyDue, mediationDue: null, jointHandlingDue: null, provisional: false });

const base = (o: Partial<CaseView>): CaseView => ({
  id: 'id',
  caseNo: '621102101-2026-000001',
  kind: 'dispute',
  category: 'neighbour',
  severity: 'ordinary',
  channel: 'walk-in',
  title: 't',
  description: 'd',
  status: 'first-contact',
  outcome: null,
  warning: 'green',
  orgUnit: '621102101',
  assignee: null,
  deadlines: deadlines(),
  workflowId: 'dispute-1',
  routing: { ruleVersion: 1, tier: 'first-contact', team: null },
  clocks: [],
  allowedActions: [],
  mediator: null,
  joint: null,
  rating: null,
  parties: [],
  timeline: [],
  createdAt: '',
  updatedAt: '',
  ...o,
});

describe('queues', () => {
  it('orders the first-contact queue by the first-reply clock, cases without a due time last', () => {
    const a = base({
      id: 'a',
      caseNo: 'a',
      clocks: [
        {
          id: 'first-reply',
          kind: 'first-reply',
          owner: 'centre',
          orgUnit: 'x',
          startedAt: '',
          yellowAt: '',
          due: '2026-11-21T09:00:00+08:00',
          colour: 'green',
          provisional: false,
          counts: true,
        },
      ],
    });
    const b = base({ id: 'b', caseNo: 'b', deadlines: deadlines('2026-11-20T09:00:00+08:00') });
    const c = base({ id: 'c', caseNo: 'c' });
    expect(byFirstReplyDue([c, a, b]).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });

  it("keeps a mediator's own cases and a department's summoning cases", () => {
    const mine = base({ id: 'm', mediator: { id: '1', name: '张', team: 'x', username: 'mediator.621102101' } });
    const other = base({ id: 'o', mediator: { id: '2', name: '李', team: 'x', username: 'mediator.621100' } });
    expect(assignedTo([mine, other], 'mediator.621102101').map((c) => c.id)).toEqual(['m']);
    const joint = base({
      id: 'j',
      status: 'joint-handling',
      joint: { leadOrgUnit: '621102101', reason: 'r', parts: [{ department: 'housing', orgUnit: '621100', reportedInAt: null, resultAt: null }] },
    });
    expect(summoning([joint, mine], 'housing').map((c) => c.id)).toEqual(['j']);
    expect(summoning([joint], 'public-security')).toEqual([]);
    expect(summoning([joint], null)).toEqual([]);
  });

  it('shows an officer report-in first, then the result, and nothing their role may not do', () => {
    const part = { department: 'housing', orgUnit: '621100', reportedInAt: null as string | null, resultAt: null as string | null };
    const c = base({
      status: 'joint-handling',
      allowedActions: ['session', 'report-in', 'dept-result', 'conclude'],
      joint: { leadOrgUnit: '621102101', reason: 'r', parts: [part] },
    });
    expect(actionsFor(c, ['dept-officer'], 'housing')).toEqual(['report-in']);
    part.reportedInAt = '2026-11-20T10:00:00+08:00';
    expect(actionsFor(c, ['dept-officer'], 'housing')).toEqual(['dept-result']);
    expect(actionsFor(c, ['dept-officer'], 'court')).toEqual([]);
    expect(actionsFor(c, ['mediator'], null)).toEqual(['session', 'conclude']);
    expect(actionsFor(base({ allowedActions: ['rate'] }), ['resident'], null)).toEqual(['rate']);
  });

  it("takes the three-colour board from GET /api/v1/board: the API's counts, order, cards and drill-down queries", () => {
    const q = (u: string) => ({
      green: `/api/v1/cases?orgUnit=${u}&open=true&warning=green`,
      yellow: `/api/v1/cases?orgUnit=${u}&open=true&warning=yellow`,
      red: `/api/v1/cases?orgUnit=${u}&open=true&warning=red`,
      complaints: `/api/v1/cases?orgUnit=${u}&kind=complaint&registeredFrom=2026-11-16T10%3A00%3A00.000Z`,
    });
    const rows = boardRows({
      units: [
        {
          orgUnit: '621102',
          parent: '621100',
          level: 0,
          open: { red: 2, yellow: 1, green: 5 },
          complaints: 3,
          card: 'red',
          reasons: ['overdue', 'complaint-cluster'],
          cases: q('621102'),
        },
        {
          orgUnit: '621102101',
          parent: '621102',
          level: 1,
          open: { red: 0, yellow: 1, green: 4 },
          complaints: 0,
          card: 'yellow',
          reasons: ['late-reporting'],
          cases: q('621102101'),
        },
      ],
    });
    expect(rows.map((r) => [r.orgUnit, r.level, r.red, r.yellow, r.green, r.total, r.card])).toEqual([
      ['621102', 0, 2, 1, 5, 8, 'red'],
      ['621102101', 1, 0, 1, 4, 5, 'yellow'],
    ]);
    expect(rows[0]!.reasons).toEqual(['overdue', 'complaint-cluster']);
    expect(rows[1]!.cases.yellow).toBe('/api/v1/cases?orgUnit=621102101&open=true&warning=yellow');
    expect(boardRows(null)).toEqual([]);
  });

  it('follows a drill-down query only to the case list, with a page size added', () => {
    expect(caseListPath('/api/v1/cases?orgUnit=621102101&open=true&warning=red', { pageSize: 200 })).toBe(
      '/api/v1/cases?orgUnit=621102101&open=true&warning=red&pageSize=200',
    );
    expect(caseListPath('/api/v1/cases?orgUnit=621102&kind=complaint&registeredFrom=2026-11-16T10%3A00%3A00.000Z')).toBe(
      '/api/v1/cases?orgUnit=621102&kind=complaint&registeredFrom=2026-11-16T10%3A00%3A00.000Z',
    );
    expect(() => caseListPath('/api/v1/users?x=1')).toThrow();
    expect(() => caseListPath('https://elsewhere.example/api/v1/cases?x=1')).toThrow();
  });
});

describe('a case after an action', () => {
  const step = (type: string, at: string) => ({ at, type, by: 'clerk.621102101', detail: {} });
  const before = base({
    timeline: [step('registered', '2026-11-20T09:00:00+08:00'), step('routed', '2026-11-20T09:00:01+08:00')],
    updatedAt: '2026-11-20T09:00:01+08:00',
  });
  const after = base({
    status: 'awaiting-feedback',
    timeline: [...before.timeline, step('replied', '2026-11-20T09:30:00.250+08:00')],
    updatedAt: '2026-11-20T09:30:00.250+08:00',
  });

  it("needs no refetch for the live event of a step the view already shows (its own action's answer), whatever the offset", () => {
    expect(needsRefetch(after, [{ type: 'replied', at: '2026-11-20T01:30:00.250Z' }])).toBe(false);
    expect(
      needsRefetch(after, [
        { type: 'routed', at: '2026-11-20T09:00:01+08:00' },
        { type: 'replied', at: '2026-11-20T09:30:00.250+08:00' },
      ]),
    ).toBe(false);
  });

  it('refetches for a step the view lacks, an event without a time, a (re)opened stream, or no view yet', () => {
    expect(needsRefetch(before, [{ type: 'replied', at: '2026-11-20T09:30:00.250+08:00' }])).toBe(true);
    expect(
      needsRefetch(after, [
        { type: 'replied', at: '2026-11-20T09:30:00.250+08:00' },
        { type: 'warning-changed', at: '2026-11-20T09:31:00+08:00' },
      ]),
    ).toBe(true);
    expect(needsRefetch(after, [{ type: 'replied', at: '2026-11-20T09:30:00+08:00' }])).toBe(true);
    expect(needsRefetch(after, [{ type: 'replied', at: null }])).toBe(true);
    expect(needsRefetch(after, null)).toBe(true);
    expect(needsRefetch(undefined, [{ type: 'replied', at: '2026-11-20T09:30:00.250+08:00' }])).toBe(true);
  });

  it('keeps the newer view when a load that started before the action answers after it', () => {
    expect(newerView(after, before)).toBe(after);
    expect(newerView(before, after)).toBe(after);
    expect(newerView(undefined, before)).toBe(before);
    const other = base({ id: 'other' });
    expect(newerView(after, other)).toBe(other);
    const sameSteps = { ...after, updatedAt: '2026-11-20T09:40:00+08:00' };
    expect(newerView(sameSteps, after)).toBe(sameSteps);
    expect(newerView(after, sameSteps)).toBe(sameSteps);
  });
});

describe('times', () => {
  const now = Date.parse('2026-11-20T09:30:00+08:00');
  it('formats in Beijing time and says how long is left', () => {
    expect(formatTime('2026-11-20T01:30:00Z')).toBe('2026-11-20 09:30');
    expect(formatTime(null)).toBe('—');
    expect(timeLeft('2026-11-22T12:30:00+08:00', now, 'zh')).toBe('剩余 2天3小时');
    expect(timeLeft('2026-11-20T09:00:00+08:00', now, 'zh')).toBe('已超时 30分钟');
    expect(timeLeft('2026-11-20T14:30:00+08:00', now, 'en')).toBe('5h left');
  });
  it('gives the API an ISO time with the +08:00 offset and a stats period of whole days', () => {
    expect(beijingIso(now)).toBe('2026-11-20T09:30:00+08:00');
    expect(periodOf(7, now)).toEqual({ from: '2026-11-14', to: '2026-11-20' });
  });
});

describe('countdowns', () => {
  const due = '2026-11-20T09:00:00+08:00';
  const now = Date.parse('2026-11-21T10:00:00+08:00');

  it('counts down (or up, overdue) on an open case, and not at all on a closed one', () => {
    expect(countdown(base({ status: 'mediation' }), due, now, 'zh')).toBe('已超时 1天1小时');
    expect(dueWithCountdown(base({ status: 'mediation' }), due, now, 'en')).toBe('2026-11-20 09:00（1d 1h overdue）');
    expect(countdown(base({ status: 'closed' }), due, now, 'zh')).toBe('');
    expect(dueWithCountdown(base({ status: 'closed' }), due, now, 'zh')).toBe('2026-11-20 09:00');
    expect(dueWithCountdown(base({ status: 'first-contact' }), due, now, 'zh', (l) => ` · ${l}`)).toBe('2026-11-20 09:00 · 已超时 1天1小时');
  });
});

describe('session', () => {
  it("shows the person's name from the token, the login when the token has none", () => {
    expect(sessionFromClaims({ preferred_username: 'clerk.621102101', name: '受理员 巉口镇' }).name).toBe('受理员 巉口镇');
    expect(sessionFromClaims({ preferred_username: 'clerk.621102101', name: '  ' }).name).toBe('clerk.621102101');
  });

  it('reads roles, org unit and department from the token, and the role decides the menu', () => {
    const s = sessionFromClaims({
      preferred_username: 'dept.housing.621100',
      org_unit: '621100',
      department: 'housing',
      realm_access: { roles: ['dept-officer', 'offline_access'] },
    });
    expect(s).toEqual({
      username: 'dept.housing.621100',
      name: 'dept.housing.621100',
      roles: ['dept-officer', 'offline_access'],
      orgUnit: '621100',
      department: 'housing',
    });
    // Staff who may stand responsible for a key person (libs/rules KEY_PERSON_RESPONSIBLE_STAFF_ROLES) have a task list.
    expect(screensFor(s.roles)).toEqual(['department', 'kp-tasks', 'cases']);
    expect(screensFor(['resident'])).toEqual(['resident', 'legal-aid-apply', 'points']);
    expect(screensFor(['leader'])).toEqual(['leader', 'kp-leader', 'key-persons', 'kp-tasks', 'map', 'points', 'cases']);
    expect(screensFor(['clerk'])).toEqual(['clerk', 'legal-aid-apply', 'kp-tasks', 'map', 'points', 'cases']);
    expect(screensFor(['key-person-officer'])).toEqual(['key-persons', 'kp-tasks']);
    // A grid worker in the field lands on their home (check-in, report, today's tasks), then the task list.
    expect(screensFor(['grid-worker'])).toEqual(['grid-home', 'kp-tasks', 'cases']);
    expect(screensFor(['petition-officer'])).toEqual(['petitions', 'cases']);
    expect(screensFor(['legal-aid-officer'])).toEqual(['legal-aid', 'legal-aid-apply', 'cases']);
    // A provider sees their own matters only: no case search (they are no case reader).
    expect(screensFor(['legal-aid-provider'])).toEqual(['my-matters']);
    expect(screensFor(['offline_access'])).toEqual([]);
  });
});
