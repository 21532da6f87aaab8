import type {
  KeyPersonExportView,
  KeyPersonListItem,
  KeyPersonOpeningView,
  KeyPersonRecordView,
  KeyPersonTaskView,
  MissingDailyReportView,
  Page,
  SpecialPeriodView,
} from '@fengqiao/contracts';
import { CURRENT_ASSESSMENT_FORM } from '@fengqiao/rules';
import { waitFor } from '@fengqiao/testing';
import { startPlatform, type Platform } from './platform.harness';
import { answers, beijingDay, call as callAs, distinctivePerson, KP, registration } from './support/key-persons';

/**
 * The key-person register through the public API on the real stack (gateway, the key-persons
 * service, the orchestrator hosting keyPersonSupervision, intake for the person file): an officer puts
 * a person on the register, the record is opened for a purpose and the opening listed, the grid worker
 * sees and records the contact, an assessment is approved by the leader, a special period asks for
 * daily reports, a bulk export waits for approval and is fetched once, and removal archives the person.
 */
let p: Platform;
const call = <T>(path: string, user: string, body?: unknown) => callAs<T>(p, path, user, body);

const person = distinctivePerson('慕容守谦');
const second = distinctivePerson('欧阳怀瑾');
let created: KeyPersonListItem;
let other: KeyPersonListItem;
let period: SpecialPeriodView;
const base = '/api/v1/key-persons';

const tasksOf = async (user: string) => {
  const r = await call<KeyPersonTaskView[]>(`${base}/tasks`, user);
  if (r.status !== 200) throw new Error(`tasks answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
};

beforeAll(async () => {
  p = await startPlatform('key_persons', { keyPersons: true });
}, 240_000);

afterAll(async () => {
  await p?.stop();
});

describe('the register', () => {
  it('serves the categories and the current assessment form', async () => {
    const cats = await call<Array<{ code: string; name: string }>>(`${base}/categories`, KP.officer);
    expect(cats.status).toBe(200);
    expect(cats.body.map((c) => c.code)).toEqual(expect.arrayContaining(['long-term-petitioner', 'community-correction', 'other']));
    const form = await call<typeof CURRENT_ASSESSMENT_FORM>(`${base}/assessment-form`, KP.grid);
    expect(form).toMatchObject({ status: 200, body: CURRENT_ASSESSMENT_FORM });
  });

  it('an officer registers a person with responsible persons; the answer is masked', async () => {
    const r = await call<KeyPersonListItem>(base, KP.officer, registration(person));
    expect(r.status).toBe(201);
    created = r.body;
    expect(created).toMatchObject({ category: 'long-term-petitioner', riskLevel: 'medium', orgUnit: '621102101', status: 'active' });
    expect(created.responsible).toEqual(
      expect.arrayContaining([
        { username: KP.grid, role: 'grid-worker' },
        { username: KP.police, role: 'police' },
      ]),
    );
    expect(created.nameMasked.startsWith('慕')).toBe(true);
    expect(JSON.stringify(created)).not.toMatch(new RegExp(`${person.name}|${person.idNumber}|${person.phone}`));

    const o = await call<KeyPersonListItem>(base, KP.officer, registration(second, { riskLevel: 'low', responsible: [{ username: KP.clerk, role: 'cadre' }] }));
    expect(o.status).toBe(201);
    other = o.body;
  });

  it('refuses a bad registration with problem+json (422), a second one of the same ID number (409), and a grid worker (403)', async () => {
    const bad = await call<unknown>(base, KP.officer, { ...registration(person), riskLevel: 'extreme', responsible: [] });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['riskLevel', 'responsible']));
    expect(bad.body.detail).toMatch(/ \/ /); // zh / en

    const unknownCategory = await call<unknown>(base, KP.officer, registration(distinctivePerson('司徒未名'), { category: 'no-such-category' }));
    expect(unknownCategory).toMatchObject({ status: 422, body: { code: 'UNKNOWN_CATEGORY' } });

    const duplicate = await call<unknown>(base, KP.officer, registration({ ...person, name: '慕容重复' }));
    expect(duplicate).toMatchObject({ status: 409, body: { code: 'DUPLICATE_PERSON' } });

    expect((await call<unknown>(base, KP.grid, registration(distinctivePerson('司徒未名')))).status).toBe(403);
  });

  it('lists the register masked', async () => {
    const r = await call<Page<KeyPersonListItem>>(`${base}?orgUnit=621102101&pageSize=50`, KP.officer);
    expect(r.status).toBe(200);
    expect(r.body.items.map((i) => i.id)).toEqual(expect.arrayContaining([created.id, other.id]));
    const text = JSON.stringify(r.body);
    for (const v of [person.name, person.idNumber, person.phone, person.address, second.name]) expect(text).not.toContain(v);
    const high = await call<Page<KeyPersonListItem>>(`${base}?riskLevel=high`, KP.officer);
    expect(high.body.items.map((i) => i.id)).not.toContain(created.id);
    expect((await call<unknown>(`${base}?riskLevel=extreme`, KP.officer)).status).toBe(422);
    expect((await call<unknown>(base, KP.grid)).status).toBe(403);
  });

  it('opens the full record for a stated purpose, and the opening is listed', async () => {
    const r = await call<KeyPersonRecordView>(`${base}/${created.id}?purpose=${encodeURIComponent('走访前了解基本情况')}`, KP.officer);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: created.id,
      name: person.name,
      idNumber: person.idNumber,
      phone: person.phone,
      address: person.address,
      description: person.description,
      registeredBy: KP.officer,
      status: 'active',
    });
    expect(r.body.measures).toEqual([expect.objectContaining({ kind: 'help', text: '协调村委会帮助解决宅基地确权' })]);
    expect(r.body.riskHistory).toEqual([expect.objectContaining({ from: null, to: 'medium', reason: '近三个月多次越级上访' })]);

    const openings = await call<KeyPersonOpeningView[]>(`${base}/${created.id}/openings`, KP.officer);
    expect(openings.status).toBe(200);
    expect(openings.body[0]).toMatchObject({ actor: KP.officer, purpose: '走访前了解基本情况', result: 'allowed' });
    expect(openings.body[0]!.fields.length).toBeGreaterThan(0);
  });
});

describe('supervision', () => {
  it("the responsible grid worker's task list shows the contact due", async () => {
    const tasks = await waitFor(
      async () => {
        const t = await tasksOf(KP.grid);
        return t.some((x) => x.personId === created.id && x.obligation === 'contact') && t;
      },
      { what: 'the contact task', timeoutMs: 30_000 },
    );
    const contact = tasks.find((x) => x.personId === created.id && x.obligation === 'contact')!;
    expect(contact).toMatchObject({ riskLevel: 'medium', orgUnit: '621102101', colour: 'green', bucket: expect.stringMatching(/^(week|later)$/) });
    expect(contact.nameMasked).not.toBe(person.name);
    // Not the grid worker's person: not on their list; and not the clerk's either.
    expect(tasks.some((x) => x.personId === other.id)).toBe(false);
    expect((await tasksOf(KP.clerk)).some((x) => x.personId === created.id)).toBe(false);
  });

  it('records a contact (never dated in the future) and re-plans the next one', async () => {
    const before = (await tasksOf(KP.grid)).find((x) => x.personId === created.id && x.obligation === 'contact')!;
    const future = await call<unknown>(`${base}/${created.id}/contacts`, KP.grid, {
      kind: 'visit',
      at: new Date(Date.now() + 3_600_000).toISOString(),
      note: '上门走访',
    });
    expect(future).toMatchObject({ status: 422, body: { code: 'CONTACT_IN_FUTURE' } });
    expect(future.body.errors?.[0]?.path).toBe('at');
    expect((await call<unknown>(`${base}/${created.id}/contacts`, KP.grid, { kind: 'teleport', at: new Date().toISOString(), note: 'x' })).status).toBe(422);

    const done = await call<{ id: string; kind: string; at: string }>(`${base}/${created.id}/contacts`, KP.grid, {
      kind: 'visit',
      // After the registration (the next contact is counted from it, later than before) and not
      // after the server's clock: the request itself may come within a millisecond of the registration.
      at: new Date(Date.parse(created.registeredAt) + 1).toISOString(),
      place: '东川村委会',
      note: '情绪平稳，诉求正在协调',
    });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ id: expect.any(String), kind: 'visit' });
    await waitFor(
      async () => {
        const t = (await tasksOf(KP.grid)).find((x) => x.personId === created.id && x.obligation === 'contact');
        return !!t && Date.parse(t.dueAt) > Date.parse(before.dueAt);
      },
      { what: 'the next contact re-planned', timeoutMs: 30_000 },
    );
    // The clerk is neither responsible nor an officer: the person does not exist for them.
    const clerk = await call<unknown>(`${base}/${created.id}/contacts`, KP.clerk, { kind: 'phone', at: new Date().toISOString(), note: '电话' });
    expect(clerk).toMatchObject({ status: 404, body: { code: 'KEY_PERSON_NOT_FOUND' } });
  });

  let assessmentId: string;
  it('refuses an assessment with a missing answer (422) and takes a complete one', async () => {
    const missing = await call<unknown>(`${base}/${created.id}/assessments`, KP.officer, {
      formVersion: CURRENT_ASSESSMENT_FORM.version,
      answers: answers({ leaveOut: 'mood' }),
    });
    expect(missing).toMatchObject({ status: 422, body: { code: 'ASSESSMENT_INCOMPLETE' } });
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'answers.mood' })]);

    const r = await call<{ id: string; score: number; proposedLevel: string; status: string }>(`${base}/${created.id}/assessments`, KP.officer, {
      formVersion: CURRENT_ASSESSMENT_FORM.version,
      answers: answers(),
      note: '近期情绪激动',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ proposedLevel: 'high', status: 'proposed' });
    assessmentId = r.body.id;
  });

  it('the officer cannot approve it; the leader does, and the risk history shows it', async () => {
    const byOfficer = await call<unknown>(`${base}/${created.id}/assessments/${assessmentId}/decision`, KP.officer, { approve: true });
    expect([403, 404]).toContain(byOfficer.status);
    const r = await call<KeyPersonListItem>(`${base}/${created.id}/assessments/${assessmentId}/decision`, KP.leader, { approve: true, comment: '同意' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: created.id, riskLevel: 'high' });
    const again = await call<unknown>(`${base}/${created.id}/assessments/${assessmentId}/decision`, KP.leader, { approve: true });
    expect(again).toMatchObject({ status: 409, body: { code: 'ALREADY_DECIDED' } });

    const record = await call<KeyPersonRecordView>(`${base}/${created.id}?purpose=${encodeURIComponent('审核风险变化')}`, KP.leader);
    expect(record.status).toBe(200);
    expect(record.body.riskHistory.at(-1)).toMatchObject({ from: 'medium', to: 'high', assessmentId, by: KP.leader });
    expect(record.body.assessments).toEqual([expect.objectContaining({ id: assessmentId, status: 'approved', decidedLevel: 'high', decidedBy: KP.leader })]);
    expect(record.body.contacts).toEqual([expect.objectContaining({ kind: 'visit', place: '东川村委会', by: KP.grid })]);
  });
});

describe('special periods', () => {
  const today = beijingDay(0);

  it('a leader declares one; only leaders may', async () => {
    const body = { orgUnit: '621102101', name: '元旦安保（测试）', startsOn: today, endsOn: beijingDay(1) };
    expect((await call<unknown>(`${base}/special-periods`, KP.officer, body)).status).toBe(403);
    expect((await call<unknown>(`${base}/special-periods`, KP.leader, { ...body, endsOn: beijingDay(-1) })).status).toBe(422);
    // 121 days: each day is an obligation every supervision workflow plans, so a period is bounded (120 days).
    const tooLong = await call<{ errors: Array<{ path: string; message: string }> }>(`${base}/special-periods`, KP.leader, {
      ...body,
      endsOn: beijingDay(120),
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ path: 'endsOn', message: expect.stringContaining('特殊时期最长 120 天') })]);
    const r = await call<SpecialPeriodView>(`${base}/special-periods`, KP.leader, body);
    expect(r.status).toBe(201);
    period = r.body;
    expect(period).toMatchObject({ orgUnit: '621102101', startsOn: today, declaredBy: KP.leader });
    expect(period.persons).toBeGreaterThanOrEqual(2);
    const list = await call<SpecialPeriodView[]>(`${base}/special-periods`, KP.officer);
    expect(list.body.map((x) => x.id)).toContain(period.id);
  });

  it("the grid worker's tasks show today's report; they report it, and the missing list no longer names the person", async () => {
    await waitFor(
      async () =>
        (await tasksOf(KP.grid)).some((t) => t.personId === created.id && t.obligation === 'daily-report' && t.periodId === period.id && t.day === today),
      { what: "today's daily report on the task list", timeoutMs: 30_000 },
    );
    const outside = await call<unknown>(`${base}/${created.id}/daily-reports`, KP.grid, {
      periodId: period.id,
      day: beijingDay(5),
      status: 'stable',
      note: '平稳',
    });
    expect(outside).toMatchObject({ status: 422, body: { code: 'NO_SPECIAL_PERIOD_DAY' } });

    const before = await call<MissingDailyReportView>(`${base}/special-periods/${period.id}/missing?day=${today}`, KP.leader);
    expect(before.status).toBe(200);
    expect(before.body.missing.map((m) => m.personId)).toEqual(expect.arrayContaining([created.id, other.id]));

    const r = await call<{ id: string }>(`${base}/${created.id}/daily-reports`, KP.grid, {
      periodId: period.id,
      day: today,
      status: 'stable',
      note: '在家，情绪平稳',
    });
    expect(r.status).toBe(201);

    const after = await call<MissingDailyReportView>(`${base}/special-periods/${period.id}/missing?day=${today}`, KP.leader);
    expect(after.body).toMatchObject({ periodId: period.id, day: today });
    expect(after.body.missing.map((m) => m.personId)).not.toContain(created.id);
    expect(after.body.missing.map((m) => m.personId)).toContain(other.id);
    expect(JSON.stringify(after.body)).not.toContain(second.name);
    expect((await call<unknown>(`${base}/special-periods/${period.id}/missing?day=${today}`, KP.officer)).status).toBe(403);
    await waitFor(async () => !(await tasksOf(KP.grid)).some((t) => t.personId === created.id && t.obligation === 'daily-report' && t.day === today), {
      what: "today's report off the task list",
      timeoutMs: 30_000,
    });
  });
});

describe('bulk export', () => {
  let exp: KeyPersonExportView;

  it('is refused until a leader approves it, then fetched once as CSV', async () => {
    const r = await call<KeyPersonExportView>(`${base}/exports`, KP.officer, { orgUnit: '621102101', purpose: '元旦安保摸排名单' });
    expect(r.status).toBe(201);
    exp = r.body;
    expect(exp).toMatchObject({ orgUnit: '621102101', status: 'requested', requestedBy: KP.officer });

    const early = await call<unknown>(`${base}/exports/${exp.id}/file`, KP.officer);
    expect(early).toMatchObject({ status: 409, body: { code: 'EXPORT_NOT_APPROVED' } });
    expect((await call<unknown>(`${base}/exports/${exp.id}/decision`, KP.officer, { approve: true })).status).toBe(403);

    const decided = await call<KeyPersonExportView>(`${base}/exports/${exp.id}/decision`, KP.leader, { approve: true });
    expect(decided).toMatchObject({ status: 200, body: { id: exp.id, status: 'approved', decidedBy: KP.leader } });

    const file = await call<string>(`${base}/exports/${exp.id}/file`, KP.officer);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/csv');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"/);
    expect(typeof file.body).toBe('string');
    expect(file.body).toContain(person.name);
    expect(file.body).toContain(second.name);

    const twice = await call<unknown>(`${base}/exports/${exp.id}/file`, KP.officer);
    expect(twice).toMatchObject({ status: 409, body: { code: 'EXPORT_ALREADY_FETCHED' } });
    const listed = await call<KeyPersonExportView[]>(`${base}/exports`, KP.officer);
    expect(listed.body.find((x) => x.id === exp.id)).toMatchObject({ status: 'downloaded' });
  });

  it('a leader cannot approve their own request', async () => {
    const r = await call<KeyPersonExportView>(`${base}/exports`, KP.leader, { orgUnit: '621102101', purpose: '自批测试' });
    expect(r.status).toBe(201);
    const self = await call<unknown>(`${base}/exports/${r.body.id}/decision`, KP.leader, { approve: true });
    expect(self).toMatchObject({ status: 403, body: { code: 'SELF_APPROVAL' } });
  });
});

describe('removal', () => {
  it('is requested by the officer, approved by the leader, and the person is archived', async () => {
    const r = await call<KeyPersonListItem>(`${base}/${created.id}/removal`, KP.officer, { reason: '诉求已解决，稳定满一年' });
    expect(r).toMatchObject({ status: 200, body: { id: created.id, status: 'removal-requested' } });
    expect((await call<unknown>(`${base}/${created.id}/removal`, KP.officer, { reason: '重复申请' })).status).toBe(409);
    expect((await call<unknown>(`${base}/${created.id}/removal/decision`, KP.officer, { approve: true })).status).toBe(403);

    const decided = await call<KeyPersonListItem>(`${base}/${created.id}/removal/decision`, KP.leader, { approve: true, comment: '同意撤销列管' });
    expect(decided).toMatchObject({ status: 200, body: { id: created.id, status: 'archived' } });

    const archived = await call<Page<KeyPersonListItem>>(`${base}?status=archived`, KP.officer);
    expect(archived.body.items.map((i) => i.id)).toContain(created.id);
    const late = await call<unknown>(`${base}/${created.id}/contacts`, KP.grid, { kind: 'phone', at: new Date().toISOString(), note: '电话回访' });
    expect(late).toMatchObject({ status: 409, body: { code: 'NOT_ACTIVE' } });
    await waitFor(async () => !(await tasksOf(KP.grid)).some((t) => t.personId === created.id), {
      what: 'the archived person off the task list',
      timeoutMs: 30_000,
    });
  });
});
