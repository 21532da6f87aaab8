import { Commands, type CaseView, type KeyPersonCaseRef, type KeyPersonListItem, type KeyPersonRecordView, type Reply } from '@fengqiao/contracts';
import { openJson, piiCipherFromEnv, sealJson, type Sealed } from '@fengqiao/pii';
import { createTestContext, natsCommand, runAppScript, startApp, type RunningApp, type TestContext } from '@fengqiao/testing';

/**
 * The person file from the register: opening a record asks intake for the cases with a party of the
 * person's ID number (its blind index travels, never the number) and shows references only.
 */
let ctx: TestContext;
let intake: RunningApp;
let keyPersons: RunningApp;
const cipher = piiCipherFromEnv(undefined);
const ID_NUMBER = '621102197505050019';

const send = async <T>(pattern: string, data: unknown, user: string): Promise<Reply<T>> => natsCommand<T>(ctx, pattern, data, await ctx.tokenFor(user));
const value = <T>(r: Reply<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problem)}`);
  return r.value;
};

beforeAll(async () => {
  ctx = await createTestContext('key_persons_file');
  await runAppScript('intake', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  await runAppScript('key-persons', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  [intake, keyPersons] = await Promise.all([startApp('intake', ctx.appEnv()), startApp('key-persons', ctx.appEnv())]);
}, 180_000);

afterAll(async () => {
  await keyPersons?.stop();
  await intake?.stop();
  await ctx?.dispose();
});

it("shows the person's cases from intake as references; intake refuses a malformed index and a role outside the register", async () => {
  const c = value(
    await send<CaseView>(
      Commands.intake.createCase,
      {
        kind: 'dispute',
        category: 'land',
        title: '宅基地纠纷',
        description: '邻里宅基地边界纠纷。',
        channel: 'walk-in',
        orgUnit: '621102101',
        parties: [{ role: 'applicant', name: '测试赵六', idNumber: ID_NUMBER }],
      },
      'clerk.621102101',
    ),
  );
  const person = value(
    await send<KeyPersonListItem>(
      Commands.keyPersons.create,
      sealJson(cipher, {
        name: '测试赵六',
        idNumber: ID_NUMBER,
        description: '宅基地纠纷当事人，多次到镇政府反映。',
        category: 'major-dispute-party',
        riskLevel: 'low',
        orgUnit: '621102101',
        reason: '纠纷久调未决',
        responsible: [{ username: 'grid.621102101201', role: 'grid-worker' }],
      }),
      'key-person.621102101',
    ),
  );
  const record = openJson<KeyPersonRecordView>(
    cipher,
    value(await send<Sealed>(Commands.keyPersons.open, { personId: person.id, purpose: '核对关联案件' }, 'key-person.621102101')),
  );
  expect(record.cases).toEqual([{ id: c.id, caseNo: c.caseNo, kind: 'dispute', status: c.status, orgUnit: '621102101', registeredAt: expect.any(String) }]);
  expect(JSON.stringify(record.cases)).not.toContain('测试赵六');

  const bad = await send<KeyPersonCaseRef[]>(Commands.intake.casesOfPerson, { idIndex: ID_NUMBER }, 'key-person.621102101');
  expect(bad.ok ? bad.value : bad.problem).toMatchObject({ status: 422 });
  const outsider = await send<KeyPersonCaseRef[]>(Commands.intake.casesOfPerson, { idIndex: 'a'.repeat(64) }, 'petition.621102');
  expect(outsider.ok ? outsider.value : outsider.problem).toMatchObject({ status: 403 });
});
