import { Commands } from '@fengqiao/contracts';
import { openJson, piiCipherFromEnv, sealJson } from '@fengqiao/pii';
import { CURRENT_ASSESSMENT_FORM } from '@fengqiao/rules';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ProblemException } from '../problems/problem.exception';
import type { ServiceClient } from '../service-client/service-client';
import { KeyPersonsController } from './key-persons.controller';
import { KeyPersonWorkController } from './key-person-work.controller';

const cipher = piiCipherFromEnv(undefined);
const PERSON = '0b9f3c1e-7a4d-4c2b-9e8f-1a2b3c4d5e6f';
const req = { token: 't', requestId: 'r', headers: { 'idempotency-key': 'k1' } } as unknown as AuthenticatedRequest;

interface Sent {
  pattern: string;
  payload: Record<string, unknown>;
  key?: string;
}

function controllerWith(reply: unknown = {}) {
  const sent: Sent[] = [];
  const client = {
    request: (pattern: string, payload: Record<string, unknown>, _t: string, _r: string, key?: string) => {
      sent.push({ pattern, payload, key });
      return Promise.resolve(reply);
    },
  } as unknown as ServiceClient;
  return { c: new KeyPersonsController(client, cipher), w: new KeyPersonWorkController(client, client, cipher), sent };
}

const person = {
  name: '测试人员甲',
  idNumber: '11010519491231002X',
  phone: '13912340001',
  description: '情况说明',
  category: 'long-term-petitioner',
  riskLevel: 'medium',
  orgUnit: '621102101',
  reason: '多次上访',
  responsible: [{ username: 'grid.621102101201', role: 'grid-worker' }],
};

async function problemOf(p: Promise<unknown> | (() => unknown)) {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof ProblemException) return e.problem;
    throw e;
  }
  throw new Error('expected a problem');
}

describe('KeyPersonsController', () => {
  it('seals the whole validated body: nothing of the person in plain on the bus', async () => {
    const { c, sent } = controllerWith({ id: PERSON });
    await c.create(person, req);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.pattern).toBe(Commands.keyPersons.create);
    expect(sent[0]!.key).toBe('k1');
    expect(Object.keys(sent[0]!.payload)).toEqual(['sealed']);
    expect(JSON.stringify(sent[0]!.payload)).not.toMatch(/测试人员甲|11010519491231002X|13912340001|情况说明/);
    expect(openJson(cipher, sent[0]!.payload as { sealed: string })).toEqual(person);
  });

  it('answers 422 problem+json with field errors for a bad body, and sends nothing', async () => {
    const { c, sent } = controllerWith();
    const problem = await problemOf(() => c.create({ ...person, riskLevel: 'extreme', extra: 1 }, req));
    expect(problem).toMatchObject({ status: 422, code: 'KEY_PERSON_INVALID' });
    expect(problem.detail).toMatch(/重点人员.*\/ The key-person/);
    expect(problem.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['riskLevel', 'extra']));
    expect(sent).toEqual([]);
  });

  it('sends the person id in plain beside the sealed body of a write', async () => {
    const { c, sent } = controllerWith({ id: 'c1' });
    const contact = { kind: 'visit', at: '2026-12-01T10:00:00+08:00', place: '村委会', note: '情绪平稳' };
    await c.contact(PERSON, contact, req);
    expect(sent[0]).toMatchObject({ pattern: Commands.keyPersons.recordContact, payload: { personId: PERSON } });
    expect(openJson(cipher, sent[0]!.payload as { sealed: string })).toEqual(contact);
    await c.decideAssessment(PERSON, 'a1', { approve: true }, req);
    expect(sent[1]!.payload).toMatchObject({ personId: PERSON, assessmentId: 'a1' });
  });

  it('refuses an assessment with a missing answer before it goes on the bus', async () => {
    const { c, sent } = controllerWith();
    const answers = Object.fromEntries(CURRENT_ASSESSMENT_FORM.questions.map((q) => [q.id, q.options[0]!.id]));
    delete answers['mood'];
    const problem = await problemOf(() => c.assessment(PERSON, { formVersion: CURRENT_ASSESSMENT_FORM.version, answers }, req));
    expect(problem).toMatchObject({ status: 422, code: 'ASSESSMENT_INCOMPLETE' });
    expect(problem.errors?.map((e) => e.path)).toEqual(['answers.mood']);
    expect(sent).toEqual([]);
  });

  it('passes the purpose in plain (the service refuses and audits a missing one) and opens the sealed record', async () => {
    const record = { id: PERSON, name: '测试人员甲' };
    const { c, sent } = controllerWith(sealJson(cipher, record));
    expect(await c.open(PERSON, '走访前了解情况', req)).toEqual(record);
    expect(sent[0]).toEqual({ pattern: Commands.keyPersons.open, payload: { personId: PERSON, purpose: '走访前了解情况' }, key: undefined });
    await c.open(PERSON, undefined, req);
    expect(sent[1]!.payload).toEqual({ personId: PERSON, purpose: undefined });
  });

  it('answers 404 for an id that is no uuid', async () => {
    const { c, sent } = controllerWith();
    expect(await problemOf(() => c.open('../etc', 'x', req))).toMatchObject({ status: 404, code: 'KEY_PERSON_NOT_FOUND' });
    expect(sent).toEqual([]);
  });

  it('serves the sealed export file as CSV with a download name', async () => {
    const { w } = controllerWith(sealJson(cipher, { filename: '重点人员-621102101.csv', csv: 'id,name\n1,张三\n' }));
    const file = await w.exportFile(PERSON, req);
    const headers = file.getHeaders();
    expect(headers.type).toBe('text/csv; charset=utf-8');
    expect(headers.disposition).toMatch(/^attachment; filename="key-persons-[\w-]+\.csv"; filename\*=UTF-8''/);
    const chunks: Buffer[] = [];
    for await (const chunk of file.getStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('id,name\n1,张三\n');
  });

  it('serves the current assessment form from libs/rules', () => {
    expect(controllerWith().w.assessmentForm()).toBe(CURRENT_ASSESSMENT_FORM);
  });
});
