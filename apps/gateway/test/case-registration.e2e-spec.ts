import { disputeWorkflowId, streamName, withPrefix, type CaseView, type Page } from '@fengqiao/contracts';
import { defaultCalendar, formatChinaTime } from '@fengqiao/calendar';
import { readStream, waitFor } from '@fengqiao/testing';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

let p: Platform;
let clerk: string;

beforeAll(async () => {
  p = await startPlatform('slice');
  clerk = await p.ctx.tokenFor('clerk.621102101');
}, 180_000);

afterAll(() => p?.stop());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  p.api('/api/v1/cases', { method: 'POST', token: clerk, body: JSON.stringify(body), headers });

describe('successful registration through the whole slice', () => {
  let created: CaseView;

  beforeAll(async () => {
    const before = new Date();
    const res = await post(sampleCase());
    expect(res.status).toBe(201);
    created = (await res.json()) as CaseView;
    // The first-reply deadline is 1 working day after registration (libs/calendar, 2026 data).
    const expected = defaultCalendar().addWorkingDays(before, 1).due;
    expect(created.deadlines.firstReplyDue).toBe(formatChinaTime(expected));
  });

  it('answers with a case number, first-contact status, green warning and masked parties', () => {
    // The year of the registration in China time (the machine's own zone may be another day).
    const year = created.createdAt.slice(0, 4);
    expect(created.caseNo).toMatch(new RegExp(`^621102101-${year}-\\d{6}$`));
    expect(created).toMatchObject({ status: 'first-contact', warning: 'green', orgUnit: '621102101', kind: 'dispute' });
    expect(created.parties[0]).toEqual({ role: 'applicant', name: '王建国', idNumber: '110105********002X', phone: '138****5678' });
    expect(created.timeline.map((t) => t.type)).toEqual(['registered']);
  });

  it('stores the case in schema intake with encrypted personal data', async () => {
    const rows = await p.ctx.sql<{ case_no: string; id_number_enc: string }>(
      `SELECT c.case_no, pa.id_number_enc FROM intake.cases c JOIN intake.case_parties pa ON pa.case_id = c.id WHERE c.id = $1 AND pa.ordinal = 0`,
      [created.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.case_no).toBe(created.caseNo);
    expect(rows[0]!.id_number_enc).not.toContain('11010519491231002X');
    expect(rows[0]!.id_number_enc).toMatch(/^v1\./);
  });

  it('publishes exactly one CloudEvent to FQ_EVENTS with Nats-Msg-Id = event id', async () => {
    const subject = withPrefix(p.ctx.prefix, 'fq.evt.621102101.case.registered');
    const ours = async () =>
      (await readStream(p.ctx.nats, streamName(p.ctx.prefix), subject)).filter((m) => m.json<{ data: { caseNo: string } }>().data.caseNo === created.caseNo);
    const msgs = await waitFor(async () => ((await ours()).length ? ours() : undefined), { what: 'the registered event' });
    expect(msgs).toHaveLength(1);
    const event = msgs[0]!.json<{ id: string; type: string; specversion: string; data: { caseId: string } }>();
    expect(event).toMatchObject({ specversion: '1.0', type: 'cn.fengqiao.case.registered.v1', data: { caseId: created.id } });
    expect(msgs[0]!.headers?.get('Nats-Msg-Id')).toBe(event.id);
    // The outbox row is marked published: a relay restart will not send it again.
    // (The relay marks it right after JetStream's ack, so the message can be seen a moment before the mark.)
    const publishedAt = await waitFor(
      async () => (await p.ctx.sql<{ published_at: Date | null }>('SELECT published_at FROM intake.outbox WHERE id = $1', [event.id]))[0]?.published_at,
      {
        what: 'the outbox row marked published',
      },
    );
    expect(publishedAt).toBeInstanceOf(Date);
  });

  it('starts workflow dispute-<caseNo>, and a second start gives the same single run', async () => {
    const workflowId = disputeWorkflowId(created.caseNo, p.ctx.prefix);
    expect(created.workflowId).toBe(workflowId);
    const handle = p.ctx.temporal.workflow.getHandle(workflowId);
    const description = await waitFor(() => handle.describe().catch(() => undefined), { what: 'workflow started' });
    expect(description.status.name).toBe('RUNNING');
    expect(description.type).toBe('disputePath');
    // The first query after start can meet a worker that has not polled yet: poll with a deadline.
    const state = await waitFor(() => handle.query<{ status: string; warning: string; ruleVersion: number }>('state'), { what: 'workflow query' });
    expect(state).toMatchObject({ status: 'first-contact', warning: 'green', ruleVersion: 1 });

    await expect(p.ctx.temporal.workflow.start('disputePath', { workflowId, taskQueue: `${p.ctx.prefix}.orchestrator`, args: [{}] })).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
    // The visibility index behind list() is eventually consistent: wait for the run to show, then count.
    const listed = async () => {
      const runs = [];
      for await (const w of p.ctx.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(w);
      return runs;
    };
    const runs = await waitFor(async () => ((await listed()).length > 0 ? listed() : undefined), { what: 'the run in the visibility index' });
    expect(runs).toHaveLength(1);
  });

  it('GET /api/v1/cases/{id} returns the stored case', async () => {
    const res = await p.api(`/api/v1/cases/${created.id}`, { token: clerk });
    expect(res.status).toBe(200);
    const body = (await res.json()) as CaseView;
    expect(body).toMatchObject({ id: created.id, caseNo: created.caseNo, status: 'first-contact', warning: 'green' });
    expect(body.deadlines.firstReplyDue).toBe(created.deadlines.firstReplyDue);
  });

  it('lists the case for its township and the district above, never for the sibling township', async () => {
    const ownRes = await p.api('/api/v1/cases?orgUnit=621102101', { token: clerk });
    const own = (await ownRes.json()) as Page<CaseView>;
    expect(ownRes.status).toBe(200);
    expect(own.items.map((c: CaseView) => c.id)).toContain(created.id);
    const leader = await p.ctx.tokenFor('leader.621102');
    const district = (await (await p.api('/api/v1/cases?orgUnit=621102', { token: leader })).json()) as Page<CaseView>;
    expect(district.items.map((c: CaseView) => c.id)).toContain(created.id);
    const sibling = await p.ctx.tokenFor('clerk.621102102');
    expect((await p.api(`/api/v1/cases/${created.id}`, { token: sibling })).status).toBe(404);
  });

  it('writes JSON logs that carry the case number and no personal data', () => {
    const lines = p.intake.output.filter((l) => l.includes(created.caseNo));
    expect(lines.length).toBeGreaterThan(0);
    const entry = JSON.parse(lines.find((l) => l.includes('case registered'))!);
    expect(entry).toMatchObject({ service: 'intake', caseNo: created.caseNo, workflowId: disputeWorkflowId(created.caseNo, p.ctx.prefix) });
    const all = [...p.intake.output, ...p.gateway.output, ...p.orchestrator.output].join('\n');
    expect(all).not.toMatch(/\d{17}[\dXx]/);
    expect(all).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  });
});

describe('case numbers under concurrent registration', () => {
  it('gives 20 parallel registrations 20 consecutive numbers with no gap or duplicate', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(sampleCase({ title: `并发登记 ${i}`, orgUnit: '621102101201' }))));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const seqs = (await Promise.all(responses.map((r) => r.json() as Promise<CaseView>))).map((c) => Number(c.caseNo.split('-')[2])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => seqs[0]! + i));
    expect(seqs[0]).toBe(1);
  });
});
