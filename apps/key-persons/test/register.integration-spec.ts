// long file: one record's story over the bus, from registration through approvals, export and removal to the purge and the scan for leaks; each step builds on the one before.
import {
  Commands,
  keyPersonWorkflowId,
  streamName,
  type KeyPersonExportView,
  type KeyPersonListItem,
  type KeyPersonOpeningView,
  type KeyPersonRecordView,
  type Page,
  type Reply,
} from '@fengqiao/contracts';
import { openJson, piiCipherFromEnv, sealJson, type Sealed } from '@fengqiao/pii';
import { CURRENT_ASSESSMENT_FORM } from '@fengqiao/rules';
import { temporalCodecFromEnv } from '@fengqiao/temporal';
import { createTestContext, natsCommand, readStream, runAppScript, startApp, waitFor, type RunningApp, type TestContext } from '@fengqiao/testing';
import { caller, harnessAsApp, type Harness } from './support/harness';

/**
 * The register over the bus against a running service (real PostgreSQL, NATS, Temporal, Keycloak):
 * sealed bodies and records, masked lists, need-to-know with every opening audited, approvals,
 * removal and purge, the approved export fetched once, and no name on the events stream.
 */
let ctx: TestContext;
let app: RunningApp;
let direct: Harness;
const cipher = piiCipherFromEnv(undefined);

const OFFICER = 'key-person.621102101';
const LEADER = 'leader.621102';
const GRID = 'grid.621102101201';
const NAME = '测试人员王五';
const ID_NUMBER = '621102198001010018';
const PHONE = '13912345678';

const send = async <T>(pattern: string, data: unknown, user: string): Promise<Reply<T>> => natsCommand<T>(ctx, pattern, data, await ctx.tokenFor(user));
const value = <T>(r: Reply<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problem)}`);
  return r.value;
};
const problemOf = (r: Reply<unknown>) => (r.ok ? undefined : r.problem);
const sealed = (body: unknown) => sealJson(cipher, body);

const createBody = {
  name: NAME,
  idNumber: ID_NUMBER,
  phone: PHONE,
  gender: 'male',
  address: '测试村一组 9 号',
  description: '因征地补偿问题多次上访，情绪激动。',
  category: 'long-term-petitioner',
  riskLevel: 'medium',
  orgUnit: '621102101',
  reason: '村委会报告，经研判列管',
  responsible: [
    { username: GRID, role: 'grid-worker' },
    { username: 'clerk.621102101', role: 'cadre' },
  ],
  measures: [{ kind: 'help', text: '协调落实低保政策' }],
};

const openings = async (personId: string) =>
  ctx.sql<{ result: string; reason: string | null; detail: { fields?: string[] } | null; actor_name: string }>(
    `SELECT result, reason, detail, actor_name FROM audit.entries WHERE action = 'key-person.open' AND subject_id = $1 ORDER BY seq`,
    [personId],
  );

let personId: string;

beforeAll(async () => {
  ctx = await createTestContext('key_persons');
  await runAppScript('key-persons', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  [app, direct] = await Promise.all([startApp('key-persons', ctx.appEnv()), harnessAsApp(ctx.appDatabaseUrl)]);
}, 180_000);

afterAll(async () => {
  await direct?.ds.destroy();
  await app?.stop();
  await ctx?.dispose();
});

describe('the seeded register', () => {
  it('holds six invented persons, encrypted at rest, each with a supervision run started at service start', async () => {
    const rows = await ctx.sql<{ id: string; name_enc: string; description_enc: string }>(`SELECT id, name_enc, description_enc FROM key_persons.persons`);
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      expect(r.name_enc).toMatch(/^v1\./);
      expect(r.description_enc).toMatch(/^v1\./);
      const d = await ctx.temporal.workflow.getHandle(keyPersonWorkflowId(r.id, ctx.prefix)).describe();
      expect(d.status.name).toBe('RUNNING');
      expect(d.taskQueue).toBe(`${ctx.prefix}.orchestrator`);
    }
    const cats = value(await send<Array<{ code: string }>>(Commands.keyPersons.listCategories, {}, GRID));
    expect(cats.map((c) => c.code)).toEqual(expect.arrayContaining(['long-term-petitioner', 'mental-illness-care', 'other']));
  });
});

describe('create, list, open', () => {
  it('refuses an unsealed body and a bad one; creates from a sealed body and starts the run', async () => {
    expect(problemOf(await send(Commands.keyPersons.create, createBody, OFFICER))).toMatchObject({ status: 422, code: 'NOT_SEALED' });
    expect(problemOf(await send(Commands.keyPersons.create, sealed({ ...createBody, idNumber: '621102198001010011' }), OFFICER))).toMatchObject({
      status: 422,
      errors: [expect.objectContaining({ path: 'idNumber' })],
    });
    expect(problemOf(await send(Commands.keyPersons.create, sealed({ ...createBody, category: 'astrologer' }), OFFICER))).toMatchObject({
      status: 422,
      code: 'UNKNOWN_CATEGORY',
    });
    expect(problemOf(await send(Commands.keyPersons.create, sealed({ ...createBody, orgUnit: '621102102' }), OFFICER))).toMatchObject({ status: 403 });
    expect(problemOf(await send(Commands.keyPersons.create, sealed(createBody), GRID))).toMatchObject({ status: 403 });
    const item = value(await send<KeyPersonListItem>(Commands.keyPersons.create, sealed(createBody), OFFICER));
    personId = item.id;
    expect(item).toMatchObject({ nameMasked: '测*****', category: 'long-term-petitioner', riskLevel: 'medium', status: 'active', orgUnit: '621102101' });
    expect(JSON.stringify(item)).not.toContain(NAME);
    const [row] = await ctx.sql<Record<string, string | null>>(`SELECT * FROM key_persons.persons WHERE id = $1`, [personId]);
    for (const text of [NAME, ID_NUMBER, PHONE, createBody.address, createBody.description]) expect(JSON.stringify(row)).not.toContain(text);
    expect(problemOf(await send(Commands.keyPersons.create, sealed(createBody), OFFICER))).toMatchObject({ status: 409, code: 'DUPLICATE_PERSON' });
    const run = await ctx.temporal.workflow.getHandle(keyPersonWorkflowId(personId, ctx.prefix)).describe();
    expect(run.status.name).toBe('RUNNING');
  });

  it('lists the register masked, within the jurisdiction only', async () => {
    const page = value(await send<Page<KeyPersonListItem>>(Commands.keyPersons.list, { query: { orgUnit: '621102101' } }, OFFICER));
    expect(page.items.map((p) => p.id)).toContain(personId);
    expect(page.items.every((p) => p.orgUnit.startsWith('621102101'))).toBe(true);
    expect(JSON.stringify(page)).not.toContain(NAME);
    const mine = value(await send<Page<KeyPersonListItem>>(Commands.keyPersons.list, {}, OFFICER));
    expect(mine.items.some((p) => p.orgUnit === '621102102')).toBe(false);
    const district = value(await send<Page<KeyPersonListItem>>(Commands.keyPersons.list, { query: { pageSize: 50 } }, LEADER));
    expect(district.total).toBe(7);
    expect(problemOf(await send(Commands.keyPersons.list, {}, GRID))).toMatchObject({ status: 403 });
  });

  it('opening needs a purpose (refusal audited); with one the sealed record comes back and the opening is audited with its fields', async () => {
    expect(problemOf(await send(Commands.keyPersons.open, { personId }, OFFICER))).toMatchObject({ status: 422, code: 'PURPOSE_REQUIRED' });
    const reply = value(await send<Sealed>(Commands.keyPersons.open, { personId, purpose: '季度走访前了解情况' }, OFFICER));
    expect(JSON.stringify(reply)).not.toContain(NAME);
    const record = openJson<KeyPersonRecordView>(cipher, reply);
    expect(record).toMatchObject({ id: personId, name: NAME, idNumber: ID_NUMBER, phone: PHONE, description: createBody.description });
    expect(record.measures).toEqual([expect.objectContaining({ kind: 'help', text: '协调落实低保政策' })]);
    expect(record.riskHistory).toEqual([expect.objectContaining({ from: null, to: 'medium', reason: createBody.reason })]);
    const audit = await openings(personId);
    expect(audit.map((a) => a.result)).toEqual(['denied', 'allowed']);
    expect(audit[1]).toMatchObject({ reason: '季度走访前了解情况', actor_name: OFFICER });
    expect(audit[1]!.detail?.fields).toEqual(expect.arrayContaining(['name', 'idNumber', 'phone', 'contacts']));
    expect(JSON.stringify(audit)).not.toContain(NAME);
  });

  it('a record outside the need-to-know answers 404, audited denied; a responsible grid worker opens it; an admin reads none', async () => {
    const [other] = await ctx.sql<{ id: string }>(`SELECT id FROM key_persons.persons WHERE org_unit = '621102102' LIMIT 1`);
    expect(problemOf(await send(Commands.keyPersons.open, { personId: other!.id, purpose: '查看' }, OFFICER))).toMatchObject({
      status: 404,
      code: 'KEY_PERSON_NOT_FOUND',
    });
    expect((await openings(other!.id)).map((a) => a.result)).toEqual(['denied']);
    expect(value(await send<Sealed>(Commands.keyPersons.open, { personId, purpose: '入户走访' }, GRID)).sealed).toMatch(/^v1\./);
    // Not responsible, same township, no register role: refused.
    expect(problemOf(await send(Commands.keyPersons.open, { personId, purpose: '查看' }, 'mediator.621102101'))).toMatchObject({ status: 404 });
    const admin = await direct.service.open(caller('admin', ['admin'], '621100'), { personId, purpose: '运维' });
    expect(problemOf(admin)).toMatchObject({ status: 404 });
    const list = value(await send<KeyPersonOpeningView[]>(Commands.keyPersons.listOpenings, { personId }, OFFICER));
    expect(list.map((o) => o.result)).toEqual(['denied', 'denied', 'allowed', 'allowed', 'denied']);
    expect(list[0]).toMatchObject({ actor: 'admin', result: 'denied', purpose: '运维' });
  });
});

describe('supervision work on a record', () => {
  it('refuses a contact dated in the future; records one now and signals the run', async () => {
    const future = new Date(Date.now() + 60 * 60_000).toISOString();
    expect(problemOf(await send(Commands.keyPersons.recordContact, { personId, ...sealed({ kind: 'visit', at: future, note: '走访' }) }, GRID))).toMatchObject({
      status: 422,
      code: 'CONTACT_IN_FUTURE',
    });
    const done = value(
      await send<{ id: string }>(
        Commands.keyPersons.recordContact,
        { personId, ...sealed({ kind: 'visit', at: new Date().toISOString(), place: '家中', note: '情绪平稳' }) },
        GRID,
      ),
    );
    expect(done.id).toBeDefined();
    expect(await ctx.sql(`SELECT 1 FROM key_persons.contacts WHERE id = $1 AND note_enc LIKE 'v1.%'`, [done.id])).toHaveLength(1);
  });

  it('assessment: incomplete refused; complete proposes a level; the submitter cannot approve; the leader does and the history grows', async () => {
    const answers = Object.fromEntries(CURRENT_ASSESSMENT_FORM.questions.map((q) => [q.id, q.options[q.options.length - 1]!.id]));
    const [firstQ] = CURRENT_ASSESSMENT_FORM.questions;
    const partial = { ...answers };
    delete partial[firstQ!.id];
    expect(
      problemOf(
        await send(Commands.keyPersons.submitAssessment, { personId, ...sealed({ formVersion: CURRENT_ASSESSMENT_FORM.version, answers: partial }) }, OFFICER),
      ),
    ).toMatchObject({
      status: 422,
      code: 'ASSESSMENT_INCOMPLETE',
      errors: [expect.objectContaining({ path: `answers.${firstQ!.id}` })],
    });
    const mine = value(
      await send<{ id: string; proposedLevel: string }>(
        Commands.keyPersons.submitAssessment,
        { personId, ...sealed({ formVersion: CURRENT_ASSESSMENT_FORM.version, answers, note: '评估说明' }) },
        LEADER,
      ),
    );
    expect(
      problemOf(await send(Commands.keyPersons.decideAssessment, { personId, assessmentId: mine.id, ...sealed({ approve: true }) }, LEADER)),
    ).toMatchObject({
      status: 403,
      code: 'SELF_APPROVAL',
    });
    const a = value(
      await send<{ id: string; proposedLevel: string; status: string }>(
        Commands.keyPersons.submitAssessment,
        { personId, ...sealed({ formVersion: CURRENT_ASSESSMENT_FORM.version, answers }) },
        OFFICER,
      ),
    );
    expect(a.status).toBe('proposed');
    const decided = value(
      await send<KeyPersonListItem>(Commands.keyPersons.decideAssessment, { personId, assessmentId: a.id, ...sealed({ approve: true }) }, LEADER),
    );
    expect(decided.riskLevel).toBe(a.proposedLevel);
    const record = openJson<KeyPersonRecordView>(cipher, value(await send<Sealed>(Commands.keyPersons.open, { personId, purpose: '审批后核对' }, LEADER)));
    expect(record.riskHistory.map((r) => r.assessmentId)).toEqual([null, a.id]);
    expect(record.assessments.find((x) => x.id === a.id)).toMatchObject({ status: 'approved', decidedBy: LEADER });
  });

  it('a risk change needs a keeper and a reason; a summary, a measure and new responsible persons are recorded', async () => {
    expect(problemOf(await send(Commands.keyPersons.changeRisk, { personId, ...sealed({ riskLevel: 'high', reason: '近期情绪波动' }) }, GRID))).toMatchObject({
      status: 403,
    });
    expect(problemOf(await send(Commands.keyPersons.changeRisk, { personId, ...sealed({ riskLevel: 'high' }) }, OFFICER))).toMatchObject({ status: 422 });
    expect(
      value(await send<KeyPersonListItem>(Commands.keyPersons.changeRisk, { personId, ...sealed({ riskLevel: 'high', reason: '近期情绪波动' }) }, OFFICER))
        .riskLevel,
    ).toBe('high');
    value(await send(Commands.keyPersons.addSummary, { personId, ...sealed({ year: 2026, text: '全年总体稳定' }) }, GRID));
    value(await send(Commands.keyPersons.addMeasure, { personId, ...sealed({ kind: 'control', text: '重要节点专人盯守' }) }, OFFICER));
    const item = value(
      await send<KeyPersonListItem>(
        Commands.keyPersons.setResponsible,
        {
          personId,
          ...sealed({ responsible: [...createBody.responsible, { username: 'dept.public-security.621102101', role: 'police' }], reason: '增加民警包保' }),
        },
        OFFICER,
      ),
    );
    expect(item.responsible.map((r) => r.role).sort()).toEqual(['cadre', 'grid-worker', 'police']);
  });
});

describe('activities', () => {
  it('are idempotent and the leader sees a red warning; the task list is bucketed', async () => {
    const due = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const ref = { personId, orgUnit: '621102101', obligation: 'contact' as const, key: 'contact', dueAt: due };
    await direct.activities.planObligation(ref);
    await direct.activities.planObligation(ref);
    await direct.activities.raiseWarning({ ...ref, colour: 'yellow', at: due });
    await direct.activities.raiseWarning({ ...ref, colour: 'red', at: new Date().toISOString() });
    await direct.activities.raiseWarning({ ...ref, colour: 'red', at: new Date().toISOString() });
    expect(await ctx.sql(`SELECT 1 FROM key_persons.obligations WHERE person_id = $1`, [personId])).toHaveLength(1);
    expect(await ctx.sql(`SELECT colour FROM key_persons.warnings WHERE person_id = $1 ORDER BY colour`, [personId])).toEqual([
      { colour: 'red' },
      { colour: 'yellow' },
    ]);
    const red = value(await send<Array<{ personId: string; nameMasked: string }>>(Commands.keyPersons.listWarnings, { query: { colour: 'red' } }, LEADER));
    expect(red).toEqual([expect.objectContaining({ personId, nameMasked: '测*****' })]);
    const tasks = value(await send<Array<{ personId: string; bucket: string }>>(Commands.keyPersons.myTasks, {}, GRID));
    expect(tasks).toEqual([expect.objectContaining({ personId, bucket: 'overdue' })]);
    await direct.activities.obligationMet({ ...ref, metAt: new Date().toISOString() });
    await direct.activities.obligationMet({ ...ref, metAt: new Date().toISOString() });
    expect(await ctx.sql(`SELECT state, on_time FROM key_persons.obligations WHERE person_id = $1`, [personId])).toEqual([{ state: 'met', on_time: false }]);
  });
});

describe('special periods', () => {
  it('a leader declares one; the missing list shrinks as reports arrive; a day outside is refused', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(
      problemOf(await send(Commands.keyPersons.declareSpecialPeriod, { orgUnit: '621102101', name: '国庆', startsOn: today, endsOn: today }, OFFICER)),
    ).toMatchObject({
      status: 403,
    });
    const period = value(
      await send<{ id: string; persons: number }>(
        Commands.keyPersons.declareSpecialPeriod,
        { orgUnit: '621102101', name: '国庆', startsOn: today, endsOn: today },
        LEADER,
      ),
    );
    expect(period.persons).toBe(5);
    const before = value(await send<{ missing: unknown[] }>(Commands.keyPersons.missingDailyReports, { periodId: period.id, query: { day: today } }, LEADER));
    expect(before.missing).toHaveLength(5);
    value(
      await send(Commands.keyPersons.recordDailyReport, { personId, ...sealed({ periodId: period.id, day: today, status: 'stable', note: '在家' }) }, GRID),
    );
    const after = value(
      await send<{ missing: Array<{ personId: string }> }>(Commands.keyPersons.missingDailyReports, { periodId: period.id, query: { day: today } }, LEADER),
    );
    expect(after.missing.map((x) => x.personId)).not.toContain(personId);
    expect(
      problemOf(
        await send(
          Commands.keyPersons.recordDailyReport,
          { personId, ...sealed({ periodId: period.id, day: '2000-01-01', status: 'stable', note: 'x' }) },
          GRID,
        ),
      ),
    ).toMatchObject({
      status: 422,
      code: 'NO_SPECIAL_PERIOD_DAY',
    });
  });
});

describe('export', () => {
  it('is refused before a leader approves (not the requester), then fetched once as a sealed CSV', async () => {
    const e = value(await send<KeyPersonExportView>(Commands.keyPersons.requestExport, { orgUnit: '621102101', purpose: '年度核查' }, OFFICER));
    expect(problemOf(await send(Commands.keyPersons.getExportFile, { exportId: e.id }, OFFICER))).toMatchObject({ status: 409, code: 'EXPORT_NOT_APPROVED' });
    expect(problemOf(await send(Commands.keyPersons.decideExport, { exportId: e.id, approve: true }, OFFICER))).toMatchObject({ status: 403 });
    expect(value(await send<KeyPersonExportView>(Commands.keyPersons.decideExport, { exportId: e.id, approve: true }, LEADER)).status).toBe('approved');
    expect(problemOf(await send(Commands.keyPersons.getExportFile, { exportId: e.id }, LEADER))).toMatchObject({ status: 404 });
    const file = value(await send<Sealed>(Commands.keyPersons.getExportFile, { exportId: e.id }, OFFICER));
    expect(file.sealed).not.toContain(NAME);
    const csv = openJson<string>(cipher, file);
    expect(csv).toContain(NAME);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + 5);
    expect(problemOf(await send(Commands.keyPersons.getExportFile, { exportId: e.id }, OFFICER))).toMatchObject({
      status: 409,
      code: 'EXPORT_ALREADY_FETCHED',
    });
    const steps = await ctx.sql<{ action: string; result: string }>(`SELECT action, result FROM audit.entries WHERE subject_id = $1 ORDER BY seq`, [e.id]);
    expect(steps.map((s) => `${s.action}:${s.result}`)).toEqual([
      'key-person.export-request:allowed',
      'key-person.export-file:denied',
      'key-person.export-decision:allowed',
      'key-person.export-file:denied',
      'key-person.export-file:allowed',
      'key-person.export-file:denied',
    ]);
  });
});

describe('removal and purge', () => {
  it('removal is requested, approved by a leader (archived, the run told), and the purge after retention deletes the personal data', async () => {
    value(await send(Commands.keyPersons.requestRemoval, { personId, ...sealed({ reason: '情况稳定，申请撤销列管' }) }, OFFICER));
    expect(problemOf(await send(Commands.keyPersons.decideRemoval, { personId, ...sealed({ approve: true }) }, OFFICER))).toMatchObject({ status: 403 });
    const archived = value(await send<KeyPersonListItem>(Commands.keyPersons.decideRemoval, { personId, ...sealed({ approve: true }) }, LEADER));
    expect(archived.status).toBe('archived');
    expect(
      problemOf(await send(Commands.keyPersons.recordContact, { personId, ...sealed({ kind: 'phone', at: new Date().toISOString(), note: 'x' }) }, GRID)),
    ).toMatchObject({
      status: 409,
      code: 'NOT_ACTIVE',
    });
    expect(await direct.activities.purgeArchivedKeyPersons({ asOf: new Date().toISOString() })).toEqual({ purged: 0 });
    const later = new Date(Date.now() + 1096 * 86_400_000).toISOString();
    expect(await direct.activities.purgeArchivedKeyPersons({ asOf: later })).toEqual({ purged: 1 });
    expect(await direct.activities.purgeArchivedKeyPersons({ asOf: later })).toEqual({ purged: 0 });
    const [row] = await ctx.sql<Record<string, unknown>>(`SELECT * FROM key_persons.persons WHERE id = $1`, [personId]);
    expect(row).toMatchObject({
      name_enc: null,
      id_number_enc: null,
      phone_enc: null,
      description_enc: null,
      org_unit: '621102101',
      category: 'long-term-petitioner',
    });
    expect(row!['purged_at']).not.toBeNull();
    expect(await ctx.sql(`SELECT 1 FROM key_persons.contacts WHERE person_id = $1`, [personId])).toHaveLength(0);
  });
});

describe('the supervision run', () => {
  it('was started with ids, unit, level and times only, and told of every step (signals per the design)', async () => {
    const history = await ctx.temporal.workflow.getHandle(keyPersonWorkflowId(personId, ctx.prefix)).fetchHistory();
    const events = history.events ?? [];
    const signals = events.flatMap((e) =>
      e.workflowExecutionSignaledEventAttributes?.signalName ? [e.workflowExecutionSignaledEventAttributes.signalName] : [],
    );
    expect(new Set(signals)).toEqual(
      new Set([
        'keyPersonContactRecorded',
        'keyPersonRiskChanged',
        'keyPersonSummaryRecorded',
        'keyPersonAssessmentApproved',
        'keyPersonSpecialPeriodDeclared',
        'keyPersonDailyReportRecorded',
        'keyPersonRemoved',
      ]),
    );
    const codec = temporalCodecFromEnv({ NODE_ENV: 'test', TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] });
    const payloads = await codec.decode(
      events.flatMap((e) => [
        ...(e.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
        ...(e.workflowExecutionSignaledEventAttributes?.input?.payloads ?? []),
      ]),
    );
    const texts = payloads.map((p) => new TextDecoder().decode(p.data ?? new Uint8Array()));
    expect(JSON.parse(texts[0]!)).toMatchObject({ personId, orgUnit: '621102101', riskLevel: 'medium', queuePrefix: ctx.prefix });
    for (const t of texts) for (const secret of [NAME, ID_NUMBER, PHONE, createBody.description]) expect(t).not.toContain(secret);
  });
});

describe('never leak', () => {
  it('no event on the stream names the person, their ID number or phone', async () => {
    const subject = `${ctx.prefix}.fq.evt.*.key-person.*`;
    const all = await waitFor(async () => {
      const jsm = await ctx.nats.jetstreamManager();
      const info = await jsm.streams.info(streamName(ctx.prefix), { subjects_filter: subject });
      const subjects = Object.keys(info.state.subjects ?? {});
      return subjects.some((s) => s.endsWith('.removed')) ? subjects : undefined;
    });
    let seen = 0;
    for (const s of all) {
      for (const msg of await readStream(ctx.nats, streamName(ctx.prefix), s)) {
        const text = new TextDecoder().decode(msg.data);
        seen++;
        for (const secret of [NAME, ID_NUMBER, PHONE, '示例甲']) expect(text).not.toContain(secret);
      }
    }
    expect(seen).toBeGreaterThanOrEqual(4);
  });
});
