import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  Commands,
  PetitionSteps,
  type PetitionActivities,
  type PetitionDocumentFile,
  type PetitionFileView,
  type PetitionStepRecord,
  type Reply,
} from '@fengqiao/contracts';
import { JsonLogger } from '@fengqiao/observability';
import { createTestContext, infraEnv, natsCommand, runAppScript, startApp, type RunningApp, type TestContext } from '@fengqiao/testing';
import { bundleWorkflows, installTemporalLogging, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
import type { recordSteps } from './support/record-steps.workflow';
import { activitiesAsApp } from './support/activity-harness';

let ctx: TestContext;
let county: RunningApp;
let township: RunningApp;
let bundle: WorkflowBundleWithSourceMap;
let direct: { ds: DataSource; activities: PetitionActivities };

const codec = () => temporalCodecFromEnv({ NODE_ENV: 'test', TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] });

/** Chankou town's petition: accepted, extended, a hearing, answered, reviewed, re-reviewed. */
const answered = { caseId: randomUUID(), caseNo: '621102101-2026-000101', orgUnit: '621102101' };
/** Guanbao town's petition: not accepted (litigation), through the county's general queue. */
const refused = { caseId: randomUUID(), caseNo: '621102102-2026-000102', orgUnit: '621102102' };

const day = (n: number) => new Date(Date.UTC(2026, 11, 1 + n, 2)).toISOString();
const stepOf =
  (c: typeof answered) =>
  (seq: number, type: string, status: string, detail: Record<string, unknown> = {}): PetitionStepRecord => ({
    ...c,
    seq,
    type,
    status,
    actor: '刘信访',
    at: day(seq),
    detail,
  });
const facts = { title: '宅基地确权信访', petitioner: '王建国', registeredAt: day(0), channel: 'letter' };
const a = stepOf(answered);
const answeredSteps = [
  a(1, PetitionSteps.accepted, 'handling', { ...facts }),
  a(2, 'extension-approved', 'handling', { days: 30, reason: '需现场勘查', clock: 'petition-handling' }),
  a(3, 'clock-paused', 'handling', { reason: '召开听证会', clocks: ['petition-handling'] }),
  a(4, 'clock-resumed', 'handling', {}),
  a(5, PetitionSteps.replied, 'replied', { text: '经核查，您反映的宅基地确权问题已依法办理。' }),
  a(6, PetitionSteps.reviewRequested, 'petition-review', {}),
  a(7, PetitionSteps.reviewDecided, 'replied', { decision: 'upheld', text: '复查认为原处理意见正确。' }),
  a(8, PetitionSteps.reReviewRequested, 'petition-re-review', {}),
  a(9, PetitionSteps.reReviewDecided, 'closed', { decision: 'upheld', text: '复核维持。' }),
  a(10, PetitionSteps.closed, 'closed', {}),
];
const refusedSteps = [stepOf(refused)(1, PetitionSteps.notAccepted, 'closed', { reason: 'litigation', petitioner: '李春梅', title: '劳动报酬信访' })];

const send = async <T>(pattern: string, data: unknown, user: string): Promise<Reply<T>> => natsCommand<T>(ctx, pattern, data, await ctx.tokenFor(user));
const value = <T>(r: Reply<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problem)}`);
  return r.value;
};
const statusOf = (r: Reply<unknown>) => (r.ok ? 200 : r.problem.status);

beforeAll(async () => {
  installTemporalLogging(new JsonLogger('petitions-test', 'warn'), 'ERROR');
  ctx = await createTestContext('petitions_file');
  await runAppScript('petitions', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  [county, township, bundle, direct] = await Promise.all([
    startApp('petitions', ctx.appEnv({ PETITIONS_ORG_UNITS: '621102' })),
    startApp('petitions', ctx.appEnv({ PETITIONS_ORG_UNITS: '621102101', PETITIONS_GENERAL_QUEUE: 'false' })),
    bundleWorkflows(resolve(__dirname, 'support/record-steps.workflow.ts')),
    activitiesAsApp(ctx.appDatabaseUrl),
  ]);
  const { temporalAddress, temporalNamespace } = infraEnv();
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const queue = `${ctx.prefix}.petitions-test`;
  const worker = await Worker.create({
    ...workerTelemetry(),
    connection,
    namespace: temporalNamespace,
    taskQueue: queue,
    workflowBundle: bundle,
    dataConverter: { payloadCodecs: [codec()] },
  });
  try {
    await worker.runUntil(
      Promise.all([
        ctx.temporal.workflow.execute<typeof recordSteps>('recordSteps', {
          taskQueue: queue,
          workflowId: `${ctx.prefix}.record-${answered.caseNo}`,
          args: [{ prefix: ctx.prefix, orgUnit: '621102101', steps: answeredSteps }],
        }),
        ctx.temporal.workflow.execute<typeof recordSteps>('recordSteps', {
          taskQueue: queue,
          workflowId: `${ctx.prefix}.record-${refused.caseNo}`,
          args: [{ prefix: ctx.prefix, steps: refusedSteps }],
        }),
      ]),
    );
  } finally {
    await connection.close();
  }
}, 180_000);

afterAll(async () => {
  await direct?.ds.destroy();
  await Promise.all([county?.stop(), township?.stop()]);
  await ctx?.dispose();
});

describe('recordPetitionStep through real workers on petitions and petitions@<unit>', () => {
  it('stores each step once although every one was sent twice, and derives the file', async () => {
    const steps = await ctx.sql<{ case_id: string; n: number }>(`SELECT case_id, count(*)::int AS n FROM petitions.steps GROUP BY case_id ORDER BY n DESC`);
    expect(steps).toEqual([
      { case_id: answered.caseId, n: 10 },
      { case_id: refused.caseId, n: 1 },
    ]);
    const [row] = await ctx.sql(
      `SELECT status, channel, acceptance_decision, extension_days, extension_approved, review_decision, re_review_decision, hearings, last_seq, closed_at
         FROM petitions.petitions WHERE case_id = $1`,
      [answered.caseId],
    );
    expect(row).toEqual({
      status: 'closed',
      channel: 'letter',
      acceptance_decision: 'accepted',
      extension_days: 30,
      extension_approved: true,
      review_decision: 'upheld',
      re_review_decision: 'upheld',
      hearings: [{ at: day(3), reason: '召开听证会', resumedAt: day(4) }],
      last_seq: 10,
      closed_at: new Date(day(10)),
    });
  });

  it('renders and stores each issued document once, as a PDF', async () => {
    const docs = await ctx.sql<{ case_id: string; kind: string; seq: number; pdf: boolean }>(
      `SELECT case_id, kind, seq, substring(content from 1 for 5) = '%PDF-'::bytea AS pdf FROM petitions.documents ORDER BY case_id = $1 DESC, seq`,
      [answered.caseId],
    );
    expect(docs).toEqual([
      { case_id: answered.caseId, kind: 'acceptance-notice', seq: 1, pdf: true },
      { case_id: answered.caseId, kind: 'reply', seq: 5, pdf: true },
      { case_id: answered.caseId, kind: 'review-decision', seq: 7, pdf: true },
      { case_id: answered.caseId, kind: 're-review-decision', seq: 9, pdf: true },
      { case_id: refused.caseId, kind: 'non-acceptance-notice', seq: 1, pdf: true },
    ]);
  });

  it('a step sent many times at once is stored once; a lost document is issued again by the retry', async () => {
    const c = { caseId: randomUUID(), caseNo: '621102101-2026-000103', orgUnit: '621102101' };
    const accepted = stepOf(c)(1, PetitionSteps.accepted, 'handling', facts);
    await Promise.all(Array.from({ length: 5 }, () => direct.activities.recordPetitionStep(accepted)));
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM petitions.steps WHERE case_id = $1`, [c.caseId])).toEqual([{ n: 1 }]);
    expect(await ctx.sql(`SELECT kind FROM petitions.documents WHERE case_id = $1`, [c.caseId])).toEqual([{ kind: 'acceptance-notice' }]);
    // As if the process had crashed between storing the step and storing its document.
    await ctx.sql(`DELETE FROM petitions.documents WHERE case_id = $1`, [c.caseId]);
    await direct.activities.recordPetitionStep(accepted);
    expect(await ctx.sql(`SELECT kind FROM petitions.documents WHERE case_id = $1`, [c.caseId])).toEqual([{ kind: 'acceptance-notice' }]);
  });

  it('refuses for good a seq stored with another type, and an invalid step', async () => {
    const other = { ...answeredSteps[1]!, type: PetitionSteps.objected };
    await expect(direct.activities.recordPetitionStep(other)).rejects.toMatchObject({ type: 'ConflictingStep', nonRetryable: true });
    await expect(direct.activities.recordPetitionStep({ ...answeredSteps[0]!, caseId: 'not-a-uuid' })).rejects.toMatchObject({
      type: 'InvalidStep',
      nonRetryable: true,
    });
  });
});

describe('row-level security (the app role)', () => {
  const visible = (scope: string | null) =>
    direct.ds.transaction(async (m) => {
      if (scope !== null) await m.query(`SELECT set_config('fq.scope', $1, true)`, [scope]);
      const rows = (await m.query(
        `SELECT (SELECT count(*)::int FROM petitions.petitions WHERE case_id = ANY($1::uuid[])) AS petitions,
                (SELECT count(*)::int FROM petitions.steps WHERE case_id = ANY($1::uuid[])) AS steps,
                (SELECT count(*)::int FROM petitions.documents WHERE case_id = ANY($1::uuid[])) AS documents`,
        [[answered.caseId, refused.caseId]],
      )) as Array<{ petitions: number; steps: number; documents: number }>;
      return rows[0];
    });

  it("shows a subtree only its own petitions, their steps and documents; nothing without a scope; everything to the service's own '*'", async () => {
    expect(await visible('/621100/621102/621102101/')).toEqual({ petitions: 1, steps: 10, documents: 4 });
    expect(await visible('/621100/621102/621102102/')).toEqual({ petitions: 1, steps: 1, documents: 1 });
    expect(await visible('/621100/621102/')).toEqual({ petitions: 2, steps: 11, documents: 5 });
    expect(await visible(null)).toEqual({ petitions: 0, steps: 0, documents: 0 });
    expect(await visible('*')).toEqual({ petitions: 2, steps: 11, documents: 5 });
  });

  it("refuses to write a petition outside the transaction's subtree", async () => {
    await expect(
      direct.ds.transaction(async (m) => {
        await m.query(`SELECT set_config('fq.scope', '/621100/621102/621102101/', true)`);
        await m.query(
          `INSERT INTO petitions.petitions (case_id, case_no, org_unit, org_path, status) VALUES ($1, 'X-1', '621102102', '/621100/621102/621102102/', 'acceptance')`,
          [randomUUID()],
        );
      }),
    ).rejects.toThrow(/row-level security/);
  });
});

describe(Commands.petitions.getFile, () => {
  it("a district petition officer reads the township's petition file with its decisions and documents", async () => {
    const file = value(await send<PetitionFileView>(Commands.petitions.getFile, { id: answered.caseId }, 'petition.621102'));
    expect(file).toMatchObject({
      caseId: answered.caseId,
      caseNo: answered.caseNo,
      orgUnit: '621102101',
      channel: 'letter',
      status: 'closed',
      acceptance: { decision: 'accepted', at: day(1), by: '刘信访', reason: null },
      extension: { days: 30, reason: '需现场勘查', approved: true },
      reply: { at: day(5), text: '经核查，您反映的宅基地确权问题已依法办理。' },
      review: { requestedAt: day(6), decided: { decision: 'upheld', at: day(7) } },
      reReview: { requestedAt: day(8), decided: { decision: 'upheld', at: day(9) } },
      hearings: [{ at: day(3), reason: '召开听证会', resumedAt: day(4) }],
      closedAt: day(10),
    });
    expect(file.steps.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(file.documents.map((d) => d.kind)).toEqual(['acceptance-notice', 'reply', 'review-decision', 're-review-decision']);
  });

  it("jurisdiction: the township's clerk reads their own petition, the other town's answers as missing", async () => {
    expect(statusOf(await send(Commands.petitions.getFile, { id: answered.caseId }, 'clerk.621102101'))).toBe(200);
    expect(statusOf(await send(Commands.petitions.getFile, { id: refused.caseId }, 'clerk.621102101'))).toBe(404);
    expect(statusOf(await send(Commands.petitions.getFile, { id: refused.caseId }, 'clerk.621102102'))).toBe(200);
    expect(statusOf(await send(Commands.petitions.getFile, { id: refused.caseId }, 'leader.621100'))).toBe(200);
  });

  it('roles: a mediator, a grid worker and a resident are refused; no token is 401; an unknown or malformed id is 404', async () => {
    expect(statusOf(await send(Commands.petitions.getFile, { id: answered.caseId }, 'mediator.621102101'))).toBe(403);
    expect(statusOf(await send(Commands.petitions.getFile, { id: answered.caseId }, 'grid.621102101201'))).toBe(403);
    expect(statusOf(await send(Commands.petitions.getFile, { id: answered.caseId }, 'resident.demo'))).toBe(403);
    expect(statusOf(await natsCommand(ctx, Commands.petitions.getFile, { id: answered.caseId }))).toBe(401);
    expect(statusOf(await send(Commands.petitions.getFile, { id: randomUUID() }, 'petition.621102'))).toBe(404);
    expect(statusOf(await send(Commands.petitions.getFile, { id: "x' OR 1=1" }, 'petition.621102'))).toBe(404);
  });
});

describe(Commands.petitions.getDocument, () => {
  it('answers a stored document as base64 PDF with its Chinese filename', async () => {
    const doc = value(
      await send<PetitionDocumentFile>(Commands.petitions.getDocument, { id: refused.caseId, kind: 'non-acceptance-notice' }, 'petition.621102'),
    );
    expect(doc).toMatchObject({ kind: 'non-acceptance-notice', contentType: 'application/pdf', filename: `信访事项不予受理告知书-${refused.caseNo}.pdf` });
    const pdf = Buffer.from(doc.base64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [stored] = await ctx.sql<{ content: Buffer }>(`SELECT content FROM petitions.documents WHERE case_id = $1`, [refused.caseId]);
    expect(pdf.equals(stored!.content)).toBe(true);
  });

  it('a kind not issued is 404, an unknown kind 422 naming the kinds, outside the jurisdiction 404, a mediator 403', async () => {
    expect(statusOf(await send(Commands.petitions.getDocument, { id: refused.caseId, kind: 'reply' }, 'petition.621102'))).toBe(404);
    const unknown = await send(Commands.petitions.getDocument, { id: refused.caseId, kind: 'letter' }, 'petition.621102');
    expect(unknown.ok ? undefined : unknown.problem).toMatchObject({ status: 422, code: 'DOCUMENT_KIND_UNKNOWN', errors: [{ path: 'kind' }] });
    expect(statusOf(await send(Commands.petitions.getDocument, { id: refused.caseId, kind: 'non-acceptance-notice' }, 'clerk.621102101'))).toBe(404);
    expect(statusOf(await send(Commands.petitions.getDocument, { id: refused.caseId, kind: 'non-acceptance-notice' }, 'mediator.621102102'))).toBe(403);
  });
});

describe('deployment', () => {
  it('reports its activity workers and the org tree feed in readiness', async () => {
    const body = (await (await fetch(`${township.url}/health/ready`)).json()) as { checks: Array<{ name: string; status: string }> };
    expect(body.checks).toEqual(
      expect.arrayContaining([
        { name: 'postgres', status: 'up' },
        { name: 'temporal-workers', status: 'up' },
        { name: 'org-tree-feed', status: 'up' },
      ]),
    );
  });
});
