import { join } from 'node:path';
import { Commands, type CaseView, type Reply } from '@fengqiao/contracts';
import { createTestContext, natsCommand, runAppScript, startApp, type RunningApp, type TestContext } from '@fengqiao/testing';

/**
 * §36 of the petition regulation, as a kind's `closesMatterAfter`: once a person's case of the kind
 * holds the closing step (a re-review decided), the same person's same matter (same category) is
 * refused at registration with a 409 naming the closed case; anything else registers as before.
 */
let ctx: TestContext;
let intake: RunningApp;

const PETITIONER = '11010519491231002X';
const SOMEONE_ELSE = '110105198001010016';
const OFFICER = 'petition.621102';

const body = (o: { kind?: string; category?: string; idNumber?: string; orgUnit?: string; role?: string } = {}) => ({
  kind: o.kind ?? 'closing-matter',
  category: o.category ?? 'land',
  title: '宅基地确权信访',
  description: '信访人就宅基地确权问题再次提出信访。',
  channel: 'walk-in',
  orgUnit: o.orgUnit ?? '621102101',
  parties: [
    { role: 'applicant', name: '王建国', ...(o.idNumber === '' ? {} : { idNumber: o.idNumber ?? PETITIONER }) },
    { role: 'respondent', name: '李春梅', idNumber: SOMEONE_ELSE },
  ],
});

const register = async (b: unknown, user = OFFICER): Promise<Reply<CaseView>> =>
  natsCommand<CaseView>(ctx, Commands.intake.createCase, b, await ctx.tokenFor(user));
const registered = async (b: unknown, user = OFFICER): Promise<CaseView> => {
  const r = await register(b, user);
  if (!r.ok) throw new Error(`expected a case, got ${JSON.stringify(r.problem)}`);
  return r.value;
};
/** As the case's process records it when the re-review is decided. */
const closeMatter = (caseId: string) =>
  ctx.sql(`INSERT INTO intake.case_timeline (case_id, at, type, actor, detail, seq) VALUES ($1, now(), 'petition-re-review-decided', '刘信访', '{}', 9)`, [
    caseId,
  ]);

beforeAll(async () => {
  ctx = await createTestContext('matter_closed');
  await runAppScript('intake', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  intake = await startApp('intake', ctx.appEnv({ FQ_KIND_MODULES: join(__dirname, 'support', 'closing-matter.kind.js') }));
}, 120_000);

afterAll(async () => {
  await intake?.stop();
  await ctx?.dispose();
});

describe('a matter closed for good is not registered again (closesMatterAfter)', () => {
  let closed: CaseView;

  it('registers the same matter again while no case of it holds the closing step', async () => {
    closed = await registered(body());
    const again = await registered(body());
    expect(again.caseNo).not.toBe(closed.caseNo);
  });

  it("refuses the same person's same matter once a case of it is closed, naming that case, even to another unit's officer", async () => {
    await closeMatter(closed.id);
    const before = await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM intake.cases`);
    for (const [user, orgUnit] of [
      [OFFICER, '621102101'],
      ['clerk.621102102', '621102102'],
    ] as const) {
      const r = await register(body({ orgUnit }), user);
      expect(r.ok ? r.value : r.problem).toMatchObject({ status: 409, code: 'MATTER_CLOSED', detail: expect.stringContaining(closed.caseNo) });
      expect(r.ok ? '' : r.problem.detail).toMatch(/不再受理 \/ .*not accepted again/);
    }
    // Nothing was stored for the refused registrations.
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM intake.cases`)).toEqual(before);
  });

  it('registers another category, another person (the closed case’s respondent included), an applicant without ID number, or another kind', async () => {
    await registered(body({ category: 'labour' }));
    await registered(body({ idNumber: SOMEONE_ELSE }));
    await registered(body({ idNumber: '' }));
    await registered(body({ kind: 'complaint' }));
  });
});
