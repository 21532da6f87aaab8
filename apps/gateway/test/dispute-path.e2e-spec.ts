import { streamName, withPrefix, type CaseView, type RoutingRulesVersion } from '@fengqiao/contracts';
import { readStream, waitFor } from '@fengqiao/testing';
import { sampleCase, standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * The dispute path through the public API, as the demo users walk it, on the real stack:
 * gateway, intake, orchestrator and two mediation deployments (Chankou town 621102101 and
 * Dingxi city 621100), Keycloak tokens, PostgreSQL, NATS JetStream and the Temporal dev server.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };
const TOWN = '621102101';
const CITY = '621100';

interface Answer {
  status: number;
  body: CaseView & { allowedActions: string[]; detail?: string; errors?: { path: string }[] };
}

const token = (user: string) => p.ctx.tokenFor(user);

async function register(user: string, overrides: Record<string, unknown> = {}): Promise<CaseView> {
  const res = await p.api('/api/v1/cases', { method: 'POST', token: await token(user), body: JSON.stringify(sampleCase(overrides)) });
  const body = (await res.json()) as CaseView;
  if (res.status !== 201) throw new Error(`registration answered ${res.status}: ${JSON.stringify(body)}`);
  // The run starts from the registration event; it records its first step (routed) before any action.
  return waitFor(
    async () => {
      const c = await getCase(body.id, user);
      return c.allowedActions.length > 0 && c;
    },
    { what: `${body.caseNo} routed`, timeoutMs: 30_000 },
  );
}

async function getCase(id: string, user = 'clerk.621102101'): Promise<CaseView> {
  const res = await p.api(`/api/v1/cases/${id}`, { token: await token(user) });
  if (res.status !== 200) throw new Error(`GET case answered ${res.status}`);
  return (await res.json()) as CaseView;
}

async function act(id: string, action: string, body: unknown, user: string): Promise<Answer> {
  const res = await p.api(`/api/v1/cases/${id}/actions/${action}`, { method: 'POST', token: await token(user), body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** An action that must succeed; returns the case as stored after it. */
async function ok(id: string, action: string, body: unknown, user: string): Promise<CaseView> {
  const r = await act(id, action, body, user);
  if (r.status !== 200) throw new Error(`${action} by ${user} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const types = (c: CaseView) => c.timeline.map((t) => t.type);

/** Publishes the current rules with `patch` applied to the rules of one category (admin, through the API). */
async function publishRules(category: string, patch: (r: RoutingRulesVersion['rules'][number]) => RoutingRulesVersion['rules'][number]) {
  const current = (await (await p.api('/api/v1/routing-rules', { token: admin.token })).json()) as RoutingRulesVersion;
  const base = current.rules.find((r) => r.category === '*' && r.severity === '*')!;
  const rules = [...current.rules.filter((r) => r.category !== category), patch({ ...base, category, severity: '*' })];
  const res = await p.api('/api/v1/routing-rules', { method: 'PUT', token: admin.token, body: JSON.stringify({ note: `e2e: ${category}`, rules }) });
  if (res.status !== 200) throw new Error(`publishing rules answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as RoutingRulesVersion;
}

beforeAll(async () => {
  p = await startPlatform('dispute-path', { mediation: [[TOWN], [CITY]] });
  admin = await standInToken('admin', CITY);
}, 180_000);

afterAll(async () => {
  await admin?.remove().catch(() => undefined);
  await p?.stop();
});

describe('resolved at first contact', () => {
  it('resident submits, clerk replies on the spot, feedback, the resident rates and the case closes', async () => {
    const c = await register('resident.demo', { parties: [{ role: 'applicant', name: '居民本人' }] });
    expect(c).toMatchObject({ status: 'first-contact', warning: 'green', routing: { ruleVersion: 1, tier: 'first-contact' } });
    expect(c.clocks.map((k) => k.id)).toEqual(['first-reply']);
    // The run computes the same first-reply due time as intake did at registration.
    expect(Date.parse(c.clocks[0]!.due)).toBe(Date.parse(c.deadlines.firstReplyDue!));

    const replied = await ok(c.id, 'reply', { message: '已当场答复并化解', resolved: true }, 'clerk.621102101');
    expect(replied).toMatchObject({ status: 'awaiting-feedback', outcome: 'resolved-at-first-contact', allowedActions: ['feedback'] });
    // Closed loop: no rating before the feedback is on record.
    expect((await act(c.id, 'rate', { score: 5 }, 'resident.demo')).status).toBe(409);

    await ok(c.id, 'feedback', { message: '电话告知处理结果', channel: 'phone' }, 'clerk.621102101');
    const closed = await ok(c.id, 'rate', { score: 5, comment: '满意' }, 'resident.demo');
    expect(closed).toMatchObject({ status: 'closed', rating: 5, allowedActions: [] });
    expect(types(closed)).toEqual(['registered', 'routed', 'replied', 'feedback-recorded', 'rated', 'closed']);

    // Every step is also a CloudEvent in FQ_EVENTS, one per timeline row, in order.
    const stream = streamName(p.ctx.prefix);
    const events = [];
    for (const type of new Set(types(closed))) {
      const msgs = await readStream(p.ctx.nats, stream, withPrefix(p.ctx.prefix, `fq.evt.${TOWN}.case.${type}`));
      events.push(...msgs.map((m) => m.json<{ type: string; data: { caseId: string; seq?: number } }>()).filter((e) => e.data.caseId === c.id));
    }
    expect(events.map((e) => e.type).sort()).toEqual(
      types(closed)
        .map((t) => `cn.fengqiao.case.${t}.v1`)
        .sort(),
    );
    // The run ends once nothing is left to wait for.
    await waitFor(async () => (await p.ctx.temporal.workflow.getHandle(c.workflowId).describe()).status.name === 'COMPLETED', { what: 'run completed' });
  });

  it("a resident cannot act on someone else's case (404), nor take a staff action (403)", async () => {
    const c = await register('clerk.621102101');
    expect((await act(c.id, 'rate', { score: 5 }, 'resident.demo')).status).toBe(404);
    expect((await act(c.id, 'assign', {}, 'resident.demo')).status).toBe(403);
  });
});

describe('wrong action for the state', () => {
  it('answers 409 with the actions allowed now, and 422 for a bad body', async () => {
    const c = await register('clerk.621102101');
    const r = await act(c.id, 'conclude', { outcome: 'agreement', summary: '达成协议' }, 'mediator.621102101');
    expect(r.status).toBe(409);
    expect(r.body.allowedActions).toEqual(['reply', 'assign', 'escalate']);
    const bad = await act(c.id, 'reply', { message: '', resolved: 'yes' }, 'clerk.621102101');
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['message', 'resolved']);
    const unknown = await act(c.id, 'teleport', {}, 'clerk.621102101');
    expect(unknown.status).toBe(422);
    // Nothing was recorded by the refused actions.
    expect(types(await getCase(c.id))).toEqual(['registered', 'routed']);
  });
});

describe('assigned mediator → sessions → agreement → judicial confirmation → closed', () => {
  it("walks the mediation path and records the court's answer by signal", async () => {
    const c = await register('clerk.621102101');
    const assigned = await ok(c.id, 'assign', {}, 'clerk.621102101');
    expect(assigned.status).toBe('mediation');
    expect(assigned.mediator).toMatchObject({ team: 'general' });
    expect(assigned.clocks.map((k) => k.id)).toEqual(['mediation']);
    expect(assigned.deadlines.mediationDue).toBeTruthy();

    await ok(c.id, 'session', { at: '2026-11-24T09:00:00+08:00', summary: '第一次调解，双方陈述', participants: ['王建国', '李春梅'] }, 'mediator.621102101');
    await ok(
      c.id,
      'session',
      { at: '2026-11-25T09:00:00+08:00', summary: '第二次调解，初步达成一致', participants: ['王建国', '李春梅'] },
      'mediator.621102101',
    );
    const concluded = await ok(
      c.id,
      'conclude',
      { outcome: 'agreement', summary: '双方达成调解协议', agreement: '一、李春梅于十日内改建排水沟……' },
      'mediator.621102101',
    );
    expect(concluded).toMatchObject({ status: 'awaiting-feedback', outcome: 'agreement' });
    const window = concluded.clocks.find((k) => k.id === 'judicial-confirmation')!;
    expect(window).toMatchObject({ owner: 'parties', counts: false });
    expect(types(concluded)).toContain('judicial-confirmation-reminder');

    const agreements = await p.ctx.sql<{ text: string }>(`SELECT text FROM mediation.agreements WHERE case_id = $1`, [c.id]);
    expect(agreements).toEqual([{ text: '一、李春梅于十日内改建排水沟……' }]);

    const res = await p.api(`/api/v1/cases/${c.id}/judicial-confirmation`, {
      method: 'POST',
      token: await token('mediator.621102101'),
      body: JSON.stringify({ result: 'confirmed', court: '安定区人民法院', decidedAt: '2026-12-01T10:00:00+08:00', reference: '(2026)甘1102民特1号' }),
    });
    expect(res.status).toBe(200);
    const confirmed = await waitFor(
      async () => {
        const now = await getCase(c.id);
        return types(now).includes('judicial-confirmation-recorded') && now;
      },
      { what: 'confirmation recorded' },
    );
    expect(confirmed.clocks.map((k) => k.id)).not.toContain('judicial-confirmation');

    await ok(c.id, 'feedback', { message: '当面告知调解结果', channel: 'in-person' }, 'mediator.621102101');
    const closed = await ok(c.id, 'rate', { score: 4 }, 'clerk.621102101');
    expect(closed.status).toBe('closed');
    expect(types(closed)).toEqual([
      'registered',
      'routed',
      'assigned',
      'session-recorded',
      'session-recorded',
      'concluded',
      'judicial-confirmation-reminder',
      'judicial-confirmation-recorded',
      'feedback-recorded',
      'rated',
      'closed',
    ]);
    const sessions = await p.ctx.sql<{ n: string }>(`SELECT count(*) AS n FROM mediation.sessions WHERE case_id = $1`, [c.id]);
    expect(Number(sessions[0]!.n)).toBe(2);
  });
});

describe('joint handling across the township and the city', () => {
  it('public security at the township and housing at the city report in and file; the lead concludes', async () => {
    const c = await register('clerk.621102101', { severity: 'major', title: '跨区域房屋纠纷' });
    await ok(c.id, 'assign', {}, 'clerk.621102101');
    const escalated = await ok(
      c.id,
      'escalate',
      {
        reason: '涉及治安与房屋安全，需市镇联动',
        departments: [
          { department: 'public-security', orgUnit: TOWN },
          { department: 'housing', orgUnit: CITY },
        ],
        leadOrgUnit: TOWN,
      },
      'mediator.621102101',
    );
    expect(escalated.status).toBe('joint-handling');
    // Every running clock is shown: the centre's and each department's own.
    expect(escalated.clocks.map((k) => `${k.id}:${k.owner}`).sort()).toEqual([
      'joint-handling:centre',
      'report-in:housing@621100:housing',
      'report-in:public-security@621102101:public-security',
    ]);
    expect(escalated.allowedActions).toEqual(['session', 'report-in']);

    // Each deployment handled the part of its own centre.
    const parts = await p.ctx.sql<{ department: string; handled_by: string }>(
      `SELECT department, handled_by FROM mediation.joint_parts WHERE case_id = $1 ORDER BY department`,
      [c.id],
    );
    expect(parts).toEqual([
      { department: 'housing', handled_by: CITY },
      { department: 'public-security', handled_by: TOWN },
    ]);

    // An officer acts for their own department only.
    expect((await act(c.id, 'report-in', { department: 'public-security' }, 'dept.housing.621100')).status).toBe(403);
    await ok(c.id, 'report-in', { department: 'public-security' }, 'dept.public-security.621102101');
    await ok(c.id, 'report-in', { department: 'housing' }, 'dept.housing.621100');
    await ok(c.id, 'dept-result', { department: 'public-security', summary: '已出警调查，排除治安隐患' }, 'dept.public-security.621102101');

    // Not every part is in: the lead cannot close yet.
    const early = await act(c.id, 'conclude', { outcome: 'agreement', summary: '达成协议' }, 'mediator.621102101');
    expect(early.status).toBe(409);
    expect(early.body.allowedActions).toEqual(['session', 'dept-result']);

    await ok(c.id, 'dept-result', { department: 'housing', summary: '房屋安全鉴定完成，出具意见' }, 'dept.housing.621100');
    const recorded = await p.ctx.sql<{ department: string; reported: boolean; filed: boolean }>(
      `SELECT department, reported_in_at IS NOT NULL AS reported, result_at IS NOT NULL AS filed FROM mediation.joint_parts WHERE case_id = $1 ORDER BY department`,
      [c.id],
    );
    expect(recorded).toEqual([
      { department: 'housing', reported: true, filed: true },
      { department: 'public-security', reported: true, filed: true },
    ]);
    await ok(c.id, 'conclude', { outcome: 'agreement', summary: '多部门联合调处达成协议' }, 'mediator.621102101');
    await ok(c.id, 'feedback', { message: '告知处理结果', channel: 'phone' }, 'clerk.621102101');
    const closed = await ok(c.id, 'rate', { score: 5 }, 'clerk.621102101');
    expect(closed.status).toBe('closed');
    expect(types(closed)).toEqual(expect.arrayContaining(['escalated', 'department-reported-in', 'department-result-filed', 'concluded', 'closed']));
  });
});

describe('clocks that run out', () => {
  it('no reply → yellow → red → a supervision item for the leader, closed once the clerk replies', async () => {
    // Registered under the rules of today; the rules published next do not touch its run.
    const before = await register('clerk.621102101', { category: 'other', title: '规则变更前登记' });
    // Yellow at 15 s and red at 30 s: wide enough that a loaded machine still records the yellow step.
    const rules = await publishRules('other', (r) => ({ ...r, yellowAt: 0.5, periods: { ...r.periods, firstReply: { amount: 0.5, unit: 'minutes' } } }));
    const c = await register('clerk.621102101', { category: 'other', title: '无人答复的来访' });
    expect(c.routing.ruleVersion).toBe(rules.version);
    const red = await waitFor(
      async () => {
        const now = await getCase(c.id);
        return now.warning === 'red' && now;
      },
      { what: 'red warning', timeoutMs: 90_000 },
    );
    const warnings = red.timeline.filter((t) => t.type === 'warning-changed').map((t) => t.detail['to']);
    expect(warnings).toEqual(['yellow', 'red']);
    expect(red.clocks).toEqual([expect.objectContaining({ id: 'first-reply', colour: 'red' })]);

    const items = async (user: string) => {
      const res = await p.api(`/api/v1/supervision?pageSize=200`, { token: await token(user) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { caseNo: string; clock: string; closedAt: string | null }[] }).items.filter((i) => i.caseNo === c.caseNo);
    };
    expect(await items('leader.621102')).toEqual([expect.objectContaining({ clock: 'first-reply', closedAt: null })]);
    expect((await p.api('/api/v1/supervision', { token: await token('clerk.621102101') })).status).toBe(403);

    await ok(c.id, 'reply', { message: '迟到的答复', resolved: false }, 'clerk.621102101');
    expect((await items('leader.621102'))[0]!.closedAt).not.toBeNull();

    // The case routed before the new version keeps its rule: still green, its first reply still a working day away.
    const kept = await getCase(before.id);
    expect(kept).toMatchObject({ warning: 'green', routing: { ruleVersion: before.routing.ruleVersion } });
    expect(kept.routing.ruleVersion).toBeLessThan(rules.version);
    expect(kept.clocks[0]!.due).toBe(before.clocks[0]!.due);
  });

  it('mediation overdue → joint handling, automatically as the rule says', async () => {
    await publishRules('labour', (r) => ({
      ...r,
      team: 'labour',
      periods: { ...r.periods, mediation: { amount: 0.1, unit: 'minutes' } },
      onMediationOverdue: 'escalate',
      escalationDepartments: ['justice'],
    }));
    const c = await register('clerk.621102101', { category: 'labour', title: '拖欠工资调解超期' });
    await ok(c.id, 'assign', {}, 'clerk.621102101');
    const joint = await waitFor(
      async () => {
        const now = await getCase(c.id);
        return now.status === 'joint-handling' && now;
      },
      { what: 'automatic escalation', timeoutMs: 40_000 },
    );
    expect(joint.timeline.find((t) => t.type === 'escalated')?.detail).toMatchObject({
      automatic: true,
      departments: [{ department: 'justice', orgUnit: TOWN }],
    });
    expect(joint.clocks.map((k) => k.id).sort()).toEqual(['joint-handling', 'report-in:justice@621102101']);
  });
});

describe('a low rating', () => {
  it('rating 2 reopens a review with a return visit instead of closing', async () => {
    const c = await register('clerk.621102101');
    await ok(c.id, 'reply', { message: '已答复', resolved: true }, 'clerk.621102101');
    await ok(c.id, 'feedback', { message: '电话告知', channel: 'phone' }, 'clerk.621102101');
    const review = await ok(c.id, 'rate', { score: 2, comment: '不满意' }, 'clerk.621102101');
    expect(review).toMatchObject({ status: 'review', rating: 2, allowedActions: ['return-visit'] });
    expect(review.clocks.map((k) => k.id)).toEqual(['return-visit']);
    const visits = await p.ctx.sql<{ reason: string; done_at: Date | null }>(`SELECT reason, done_at FROM mediation.return_visits WHERE case_id = $1`, [c.id]);
    expect(visits).toEqual([{ reason: 'low-rating', done_at: null }]);

    const reopened = await ok(c.id, 'return-visit', { summary: '回访：群众仍有诉求', resolved: false }, 'clerk.621102101');
    expect(reopened.status).toBe('mediation');
    expect(types(reopened).slice(-3)).toEqual(['review-opened', 'return-visit-recorded', 'reopened']);
  });
});
