import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import {
  Commands,
  EventTypes,
  eventSubject,
  LegalAidSteps,
  withPrefix,
  type EconomicStandard,
  type LegalAidDocumentFile,
  type LegalAidFileView,
  type LegalAidStepRecord,
  type Reply,
} from '@fengqiao/contracts';
import { JsonLogger } from '@fengqiao/observability';
import { buildCloudEvent } from '@fengqiao/messaging';
import { createTestContext, infraEnv, natsCommand, runAppScript, startApp, waitFor, type RunningApp, type TestContext } from '@fengqiao/testing';
import { bundleWorkflows, installTemporalLogging, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
import type { legalAidRun } from './support/legal-aid-run.workflow';
import { activitiesAsApp, type Harness } from './support/activity-harness';
import { dec, facts, newCase, parties } from './support/fixtures';

let ctx: TestContext;
let county: RunningApp;
let direct: Harness;

/** Chankou town's labour case, run through the deployment's `legal-aid@621102101` queue. */
const town = newCase('621102101');
let run: Awaited<ReturnType<typeof legalAidRun>>;

const step = (
  c: { caseId: string; caseNo: string; orgUnit: string },
  seq: number,
  type: string,
  status: string,
  detail: Record<string, unknown> = {},
): LegalAidStepRecord => ({
  ...c,
  seq,
  type,
  status,
  actor: '法援专员',
  at: dec(1 + seq),
  detail,
});

const send = async <T>(pattern: string, data: unknown, user: string): Promise<Reply<T>> => natsCommand<T>(ctx, pattern, data, await ctx.tokenFor(user));
const value = <T>(r: Reply<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problem)}`);
  return r.value;
};
const statusOf = (r: Reply<unknown>) => (r.ok ? 200 : r.problem.status);
const problemOf = (r: Reply<unknown>) => (r.ok ? undefined : r.problem);

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'fq-la-'));
  writeFileSync(join(dir, 'd.pdf'), pdf);
  return execFileSync('pdftotext', [join(dir, 'd.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

beforeAll(async () => {
  installTemporalLogging(new JsonLogger('legal-aid-test', 'warn'), 'ERROR');
  ctx = await createTestContext('legal_aid');
  await runAppScript('legal-aid', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  let bundle;
  [county, bundle, direct] = await Promise.all([
    startApp('legal-aid', ctx.appEnv({ LEGAL_AID_ORG_UNITS: '621102,621102101' })),
    bundleWorkflows(resolve(__dirname, 'support/legal-aid-run.workflow.ts')),
    activitiesAsApp(ctx.appDatabaseUrl),
  ]);
  const { temporalAddress, temporalNamespace } = infraEnv();
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const queue = `${ctx.prefix}.legal-aid-test`;
  const worker = await Worker.create({
    ...workerTelemetry(),
    connection,
    namespace: temporalNamespace,
    taskQueue: queue,
    workflowBundle: bundle,
    dataConverter: { payloadCodecs: [temporalCodecFromEnv({ NODE_ENV: 'test', TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] })] },
  });
  try {
    run = await worker.runUntil(
      ctx.temporal.workflow.execute<typeof legalAidRun>('legalAidRun', {
        taskQueue: queue,
        workflowId: `${ctx.prefix}.legal-aid-${town.caseNo}`,
        args: [
          {
            prefix: ctx.prefix,
            orgUnit: '621102101',
            application: {
              ...town,
              seq: 1,
              at: dec(2),
              actor: '李春梅',
              facts: facts('labour', 1200),
              parties: parties(['k-town-applicant'], ['k-town-employer']),
            },
            steps: [
              step(town, 1, LegalAidSteps.applied, 'legal-aid-review', { matter: 'labour', applicant: '李春梅' }),
              step(town, 2, LegalAidSteps.materialsRequested, 'awaiting-materials', { missing: ['劳动合同复印件', '工资发放记录'] }),
              step(town, 3, LegalAidSteps.materialsSupplied, 'legal-aid-review', { items: ['劳动合同复印件', '工资发放记录'] }),
              step(town, 4, LegalAidSteps.granted, 'assignment', {}),
            ],
            assign: { ...town, seq: 5, at: dec(6), actor: '法援专员' },
            after: [step(town, 5, LegalAidSteps.assigned, 'aid', { onTime: true })],
          },
        ],
      }),
    );
  } finally {
    await connection.close();
  }
}, 180_000);

afterAll(async () => {
  await direct?.ds.destroy();
  await county?.stop();
  await ctx?.dispose();
});

describe('the activities through a real worker on legal-aid@<unit>', () => {
  it('screens the application against the district standard (the closest unit with one in force) and keeps facts and keys', async () => {
    const [std] = await ctx.sql<{ id: string }>(`SELECT id FROM legal_aid.economic_standards WHERE org_unit = '621102' AND version = 1`);
    expect(run.assessment).toMatchObject({ economic: 'passed', standard: { id: std!.id, version: 1, thresholdPerHead: 1560 } });
    const [row] = await ctx.sql(
      `SELECT matter, applicant_keys, opponent_keys, facts->'household' AS household, standard_id, status FROM legal_aid.applications WHERE case_id = $1`,
      [town.caseId],
    );
    expect(row).toEqual({
      matter: 'labour',
      applicant_keys: ['k-town-applicant'],
      opponent_keys: ['k-town-employer'],
      household: { members: 2, monthlyIncome: 1200 },
      standard_id: std!.id,
      status: 'aid',
    });
  });

  it('stores each step once although each was sent twice, and answers a repeated assignment with the same provider', async () => {
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM legal_aid.steps WHERE case_id = $1`, [town.caseId])).toEqual([{ n: 5 }]);
    expect(run.again).toEqual(run.provider);
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM legal_aid.assignments WHERE case_id = $1`, [town.caseId])).toEqual([{ n: 1 }]);
    // Least load, then name: every demo provider of 安定区 and 巉口镇 with labour is free; 张明 sorts first.
    expect(run.provider).toMatchObject({
      name: '张明',
      username: 'lawyer.621102',
      reason: '专长：劳动报酬；所在单位：621102；在办 0/6',
    });
  });

  it('issues the material request, the grant and the assignment letter as PDFs', async () => {
    expect(
      await ctx.sql(`SELECT kind, seq, substring(content from 1 for 5) = '%PDF-'::bytea AS pdf FROM legal_aid.documents WHERE case_id = $1 ORDER BY seq`, [
        town.caseId,
      ]),
    ).toEqual([
      { kind: 'material-request', seq: 2, pdf: true },
      { kind: 'grant-decision', seq: 4, pdf: true },
      { kind: 'assignment-letter', seq: 5, pdf: true },
    ]);
  });
});

describe('recordApplication: which standard applies', () => {
  const apply = (c: ReturnType<typeof newCase>, at: string, seq = 1) =>
    direct.activities.recordApplication({ ...c, seq, at, actor: 'x', facts: facts('pension', 1500), parties: parties([`k-${c.caseId}`]) });

  it("before the district's standard takes effect, the province's applies; none before any", async () => {
    const early = await apply(newCase('621102102'), new Date(Date.UTC(2026, 2, 1, 4)).toISOString());
    expect(early.standard).toMatchObject({ version: 1, thresholdPerHead: 1520 });
    const [prov] = await ctx.sql<{ id: string }>(`SELECT id FROM legal_aid.economic_standards WHERE org_unit = '620000'`);
    expect(early.standard?.id).toBe(prov!.id);
    const none = await apply(newCase('621102102'), new Date(Date.UTC(2024, 5, 1, 4)).toISOString());
    expect(none.economic).toBe('no-standard');
  });

  it('a new version applies from its effective day; an application already screened keeps its version', async () => {
    const before = newCase('621102');
    expect((await apply(before, dec(9))).standard).toMatchObject({ version: 1 });
    const v2 = value(
      await send<EconomicStandard>(
        Commands.legalAid.loadStandard,
        { orgUnit: '621102', minimumLivingMonthly: 800, multiplier: 2, effectiveFrom: '2026-12-10', source: '演示数据：安定区 2026 年第二版' },
        'legal-aid.621102',
      ),
    );
    expect(v2).toMatchObject({ orgUnit: '621102', version: 2, loadedBy: 'legal-aid.621102', minimumLivingMonthly: 800 });
    expect((await apply(newCase('621102101'), dec(11))).standard).toMatchObject({ id: v2.id, version: 2, thresholdPerHead: 1600 });
    expect((await apply(newCase('621102101'), dec(9))).standard).toMatchObject({ version: 1 });
    expect((await apply(before, dec(12))).standard).toMatchObject({ version: 1 });
  });

  it("a township's own standard beats the district's", async () => {
    const own = value(
      await send<EconomicStandard>(
        Commands.legalAid.loadStandard,
        { orgUnit: '621102102', minimumLivingMonthly: 700, multiplier: 2.5, effectiveFrom: '2026-01-01', source: '演示数据：内官营镇' },
        'legal-aid.621102',
      ),
    );
    expect((await apply(newCase('621102102'), dec(11))).standard).toMatchObject({ id: own.id, thresholdPerHead: 1750 });
  });
});

describe(Commands.legalAid.getFile, () => {
  it('the district officer reads the township case: screening, material request, decision, assignment, documents', async () => {
    const file = value(await send<LegalAidFileView>(Commands.legalAid.getFile, { id: town.caseId }, 'legal-aid.621102'));
    expect(file).toMatchObject({
      caseId: town.caseId,
      caseNo: town.caseNo,
      orgUnit: '621102101',
      status: 'aid',
      matter: 'labour',
      appliedAt: dec(2),
      assessment: { economic: 'passed' },
      materialRequest: { missing: ['劳动合同复印件', '工资发放记录'], suppliedAt: dec(4) },
      decision: { granted: true, at: dec(5) },
      assignment: { providerId: run.provider.id, providerName: '张明', organisation: '安定区法律援助中心', at: dec(6) },
    });
    expect(file.documents.map((d) => d.kind)).toEqual(['material-request', 'grant-decision', 'assignment-letter']);
  });

  it('jurisdiction: the township clerk reads it, the other township answers as missing; roles outside the list are refused', async () => {
    expect(statusOf(await send(Commands.legalAid.getFile, { id: town.caseId }, 'clerk.621102101'))).toBe(200);
    expect(statusOf(await send(Commands.legalAid.getFile, { id: town.caseId }, 'clerk.621102102'))).toBe(404);
    expect(statusOf(await send(Commands.legalAid.getFile, { id: town.caseId }, 'leader.621100'))).toBe(200);
    expect(statusOf(await send(Commands.legalAid.getFile, { id: town.caseId }, 'mediator.621102101'))).toBe(403);
    expect(statusOf(await send(Commands.legalAid.getFile, { id: town.caseId }, 'resident.demo'))).toBe(403);
    expect(statusOf(await natsCommand(ctx, Commands.legalAid.getFile, { id: town.caseId }))).toBe(401);
    expect(statusOf(await send(Commands.legalAid.getFile, { id: "x' OR 1=1" }, 'legal-aid.621102'))).toBe(404);
  });
});

describe(Commands.legalAid.getDocument, () => {
  it('answers the stored PDF, whose text names the case number and every missing item', async () => {
    const doc = value(await send<LegalAidDocumentFile>(Commands.legalAid.getDocument, { id: town.caseId, kind: 'material-request' }, 'legal-aid.621102'));
    expect(doc).toMatchObject({ kind: 'material-request', contentType: 'application/pdf', filename: `补充材料通知书-${town.caseNo}.pdf` });
    const pdf = Buffer.from(doc.base64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(town.caseNo);
    expect(text).toContain('1.劳动合同复印件');
    expect(text).toContain('2.工资发放记录');
    expect(text).toContain('李春梅');
    const letter = pdfText(
      Buffer.from(
        value(await send<LegalAidDocumentFile>(Commands.legalAid.getDocument, { id: town.caseId, kind: 'assignment-letter' }, 'legal-aid.621102')).base64,
        'base64',
      ),
    );
    expect(letter).toContain('张明');
  });

  it('a kind not issued is 404, an unknown kind 422 naming the kinds, outside the jurisdiction 404', async () => {
    expect(statusOf(await send(Commands.legalAid.getDocument, { id: town.caseId, kind: 'refusal-decision' }, 'legal-aid.621102'))).toBe(404);
    expect(problemOf(await send(Commands.legalAid.getDocument, { id: town.caseId, kind: 'letter' }, 'legal-aid.621102'))).toMatchObject({
      status: 422,
      code: 'DOCUMENT_KIND_UNKNOWN',
      errors: [{ path: 'kind' }],
    });
    expect(statusOf(await send(Commands.legalAid.getDocument, { id: town.caseId, kind: 'grant-decision' }, 'clerk.621102102'))).toBe(404);
  });
});

describe('row-level security (the app role)', () => {
  it('shows a subtree only its own cases and their rows; nothing without a scope', async () => {
    const seen = (scope: string | null) =>
      direct.ds.transaction(async (m) => {
        if (scope !== null) await m.query(`SELECT set_config('fq.scope', $1, true)`, [scope]);
        const [r] = (await m.query(
          `SELECT (SELECT count(*)::int FROM legal_aid.applications WHERE case_id = $1) AS cases,
                  (SELECT count(*)::int FROM legal_aid.steps WHERE case_id = $1) AS steps,
                  (SELECT count(*)::int FROM legal_aid.assignments WHERE case_id = $1) AS assignments,
                  (SELECT count(*)::int FROM legal_aid.documents WHERE case_id = $1) AS documents`,
          [town.caseId],
        )) as Array<Record<string, number>>;
        return r;
      });
    expect(await seen('/621100/621102/621102101/')).toEqual({ cases: 1, steps: 5, assignments: 1, documents: 3 });
    expect(await seen('/621100/621102/621102102/')).toEqual({ cases: 0, steps: 0, assignments: 0, documents: 0 });
    expect(await seen(null)).toEqual({ cases: 0, steps: 0, assignments: 0, documents: 0 });
  });
});

describe('the org tree copy (the shared feed of @fengqiao/messaging)', () => {
  it("copies a unit intake announces, and a case filed at it before it arrived is then seen from the unit's subtree", async () => {
    const early = newCase('621102103');
    await direct.activities.recordLegalAidStep(step(early, 1, LegalAidSteps.applied, 'legal-aid-review'));
    expect(await ctx.sql(`SELECT org_path FROM legal_aid.applications WHERE case_id = $1`, [early.caseId])).toEqual([{ org_path: null }]);
    const data = { code: '621102103', name: '新集镇', nameEn: 'Xinji town', level: 'township', parent: '621102', path: '/621100/621102/621102103/' };
    const event = buildCloudEvent({ type: EventTypes.orgUnitUpserted, source: '/fengqiao/intake', subject: data.code, data });
    await ctx.nats.jetstream().publish(withPrefix(ctx.prefix, eventSubject(data.code, 'org-unit', 'upserted')), JSON.stringify(event));
    await waitFor(async () => (await ctx.sql(`SELECT org_path FROM legal_aid.applications WHERE case_id = $1`, [early.caseId]))[0]?.['org_path'] ?? undefined, {
      what: 'the case to follow its unit into the tree copy',
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    expect(await ctx.sql(`SELECT parent_code, path FROM legal_aid.org_units WHERE code = '621102103'`)).toEqual([{ parent_code: '621102', path: data.path }]);
  });
});

describe('deployment', () => {
  it('reports its activity workers and the org tree feed in readiness', async () => {
    const body = (await (await fetch(`${county.url}/health/ready`)).json()) as { checks: Array<{ name: string; status: string }> };
    expect(body.checks).toEqual(
      expect.arrayContaining([
        { name: 'postgres', status: 'up' },
        { name: 'temporal-workers', status: 'up' },
        { name: 'org-tree-feed', status: 'up' },
      ]),
    );
  });
});
