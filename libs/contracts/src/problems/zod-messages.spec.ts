import { z, ZodError, ZodIssueCode, type ZodIssue, type ZodTypeAny } from 'zod';
// Through the index on purpose: importing contracts is what installs the map in every process.
import {
  actionBodySchemas,
  bilingualErrorMap,
  boardQuerySchema,
  caseActionSchema,
  createCaseSchema,
  judicialConfirmationSchema,
  listCasesQuerySchema,
  monthlyReportRequestSchema,
  orgTreeInputSchema,
  reportListQuerySchema,
  routingRuleSetSchema,
  statsQuerySchema,
  unmaskPartySchema,
  zodFieldErrors,
  DISPUTE_ACTIONS,
} from '../index';

const CJK = /[\u4e00-\u9fff]/;

/** "中文 / English": Chinese before the last " / ", an English part (no Chinese) after it. */
function expectBilingual(message: string) {
  const cut = message.lastIndexOf(' / ');
  const [zh, en] = cut < 0 ? [message, ''] : [message.slice(0, cut), message.slice(cut + 3)];
  if (!CJK.test(zh) || CJK.test(en) || !/[A-Za-z]{2,}/.test(en)) {
    throw new Error(`not "中文 / English": ${JSON.stringify(message)}`);
  }
}

function issuesOf(schema: ZodTypeAny, input: unknown): ZodIssue[] {
  const r = schema.safeParse(input);
  if (r.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return r.error.issues;
}

const junk: unknown[] = [undefined, null, 'text', 42, true, [], {}, { unexpected: 1 }];
const long = (n: number) => 'x'.repeat(n);

/** Bad inputs of every kind for the schemas the services and the console validate with. */
const cases: Array<[string, ZodTypeAny, unknown]> = [
  ['createCase: empty', createCaseSchema, {}],
  [
    'createCase: wrong everything',
    createCaseSchema,
    {
      kind: 'x',
      category: 5,
      severity: 'huge',
      title: '',
      description: long(10001),
      channel: 7,
      orgUnit: '12',
      occurredAt: '2024-01-01',
      location: { address: 5, gridCode: long(41), lat: 'north', lng: 500, extra: 1 },
      parties: [{ role: 'respondent', name: 'n', idNumber: long(19), phone: 5 }],
      extra: true,
    },
  ],
  ['createCase: parties not a list', createCaseSchema, { parties: 'x', location: 'here' }],
  ['createCase: too many parties', createCaseSchema, { parties: Array.from({ length: 51 }, () => ({ role: 'applicant', name: 'n' })) }],
  ['createCase: lat below range', createCaseSchema, { location: { lat: -91, lng: -181 } }],
  [
    'listCases: every parameter wrong',
    listCasesQuerySchema,
    {
      orgUnit: 'abc',
      kind: 'x',
      status: 'y',
      warning: 'blue',
      open: 'maybe',
      registeredFrom: 'yesterday',
      q: long(201),
      idNumber: long(201),
      page: 'abc',
      pageSize: '1000',
      extra: '1',
    },
  ],
  ['listCases: fractional and zero page', listCasesQuerySchema, { page: '1.5', pageSize: '0' }],
  ['unmaskParty', unmaskPartySchema, { id: 'nope', party: '-1', reason: '', sourceIp: long(65) }],
  ['unmaskParty: party too big', unmaskPartySchema, { party: 50 }],
  ['reply', actionBodySchemas.reply, { message: 5, resolved: 'yes' }],
  ['assign', actionBodySchemas.assign, { mediatorId: 'x' }],
  ['session', actionBodySchemas.session, { at: 'now', summary: '', participants: ['', ...Array.from({ length: 51 }, () => 'p')] }],
  ['escalate: none', actionBodySchemas.escalate, { reason: 'r', departments: [] }],
  ['escalate: bad items', actionBodySchemas.escalate, { reason: 'r', departments: ['nope', { department: 'court', orgUnit: '1' }, 5], leadOrgUnit: 'x' }],
  ['escalate: twice', actionBodySchemas.escalate, { reason: 'r', departments: ['court', 'court'] }],
  ['escalate: too many', actionBodySchemas.escalate, { reason: 'r', departments: Array.from({ length: 12 }, () => 'court') }],
  ['report-in', actionBodySchemas['report-in'], { department: 'x' }],
  ['dept-result', actionBodySchemas['dept-result'], { department: 5, summary: long(5001) }],
  ['conclude', actionBodySchemas.conclude, { outcome: 'win', summary: 's', agreement: '' }],
  ['feedback', actionBodySchemas.feedback, { message: 'm', channel: 'fax' }],
  ['rate: fraction', actionBodySchemas.rate, { score: 2.5, comment: long(1001) }],
  ['rate: zero', actionBodySchemas.rate, { score: 0 }],
  ['rate: six', actionBodySchemas.rate, { score: 6 }],
  ['rate: text', actionBodySchemas.rate, { score: '5', comment: 5 }],
  ['return-visit', actionBodySchemas['return-visit'], {}],
  ['caseAction', caseActionSchema, { id: 'x', action: 'fly' }],
  ['judicialConfirmation', judicialConfirmationSchema, { id: 'x', result: 'maybe', court: '', decidedAt: 5, reference: long(101) }],
  ['board', boardQuerySchema, { orgUnit: 'x' }],
  ['stats', statsQuerySchema, { orgUnit: 'x', kind: 'y', from: 'soon', to: 5 }],
  ['stats: window backwards', statsQuerySchema, { from: '2026-02-01', to: '2026-01-01' }],
  ['monthly report', monthlyReportRequestSchema, { month: '2026-13-01', orgUnit: 5 }],
  ['report list', reportListQuerySchema, { month: 'x', page: 'none', pageSize: '101' }],
  ['org tree: empty', orgTreeInputSchema, { units: [] }],
  ['org tree: bad unit', orgTreeInputSchema, { units: [{ code: 'x', name: '', nameEn: long(101), level: 'planet', parent: 5 }, 'unit'] }],
  ['routing rules: empty', routingRuleSetSchema, { rules: [] }],
  [
    'routing rules: bad rule',
    routingRuleSetSchema,
    {
      note: long(501),
      rules: [
        {
          category: '',
          severity: 'x',
          tier: 'y',
          team: 'z',
          periods: { firstReply: { amount: -1, unit: 'weeks' }, extra: 1 },
          yellowAt: 0,
          onMediationOverdue: 'panic',
          escalationDepartments: [],
        },
      ],
    },
  ],
  ...(
    [
      createCaseSchema,
      listCasesQuerySchema,
      unmaskPartySchema,
      caseActionSchema,
      judicialConfirmationSchema,
      statsQuerySchema,
      orgTreeInputSchema,
      routingRuleSetSchema,
    ] as ZodTypeAny[]
  )
    .concat(DISPUTE_ACTIONS.map((a) => actionBodySchemas[a]))
    .flatMap((schema, i) =>
      junk
        .filter((input) => !schema.safeParse(input).success)
        .map((input): [string, ZodTypeAny, unknown] => [`schema #${i}: ${JSON.stringify(input)}`, schema, input]),
    ),
];

describe('bilingual zod messages', () => {
  it('are installed by importing contracts', () => {
    expect(z.getErrorMap()).toBe(bilingualErrorMap);
  });

  it.each(cases)('%s: every message is "中文 / English"', (_name, schema, input) => {
    const issues = issuesOf(schema, input);
    for (const issue of issues) expectBilingual(issue.message);
    // What the API and the console show (unknown fields get their own message there).
    if (issues.length) for (const e of zodFieldErrors(new ZodError(issues))) expectBilingual(e.message);
  });

  it('covers the issue kinds users meet through the real schemas', () => {
    const codes = new Set(cases.flatMap(([, schema, input]) => issuesOf(schema, input).map((i) => i.code)));
    expect([...codes].sort()).toEqual(
      expect.arrayContaining(['custom', 'invalid_enum_value', 'invalid_string', 'invalid_type', 'invalid_union', 'too_big', 'too_small', 'unrecognized_keys']),
    );
  });

  it('keeps a message a schema spells out itself', () => {
    const [issue] = issuesOf(actionBodySchemas.reply, { message: long(2001), resolved: true });
    expect(issue.message).toBe('不能超过 2000 个字符 / message must be at most 2000 characters');
  });

  it('names the allowed values of an enum in both languages', () => {
    const [issue] = issuesOf(actionBodySchemas.feedback, { message: 'm', channel: 'fax' });
    expect(issue.message).toBe(
      "取值应为 phone | sms | in-person | letter | online，收到 'fax' / must be one of phone, sms, in-person, letter, online, received 'fax'",
    );
  });

  it("gives a union's message from the one branch that fits the value's type", () => {
    const issues = issuesOf(actionBodySchemas.escalate, { reason: 'r', departments: ['nope', { department: 'court', orgUnit: '1' }, 5] });
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['departments.0', expect.stringMatching(/^未知部门 \/ department must be one of /)],
      ['departments.1.orgUnit', '应为 6、9 或 12 位行政区划代码 / must be a 6, 9 or 12 digit division code'],
      ['departments.2', '不符合任何允许的格式 / does not match any allowed form'],
    ]);
    // A fitting branch failing below the union's own path: the message says where.
    const nested = issuesOf(actionBodySchemas.escalate, { reason: 'r', departments: [{ department: 'court', orgUnit: 5 }] });
    expect(nested.map((i) => [i.path.join('.'), i.message])).toEqual([['departments.0', 'orgUnit: 应为文本，实际为数字 / expected string, received number']]);
  });

  it('says required for a missing value, not zod\'s "Required"', () => {
    const issues = issuesOf(z.object({ a: z.number() }), {});
    expect(issues.map((i) => i.message)).toEqual(['必填 / required']);
  });

  // One schema per ZodIssueCode (and per variant of the bigger ones): none may fall back to zod's English.
  const byCode: Array<[string, () => ZodIssue[]]> = [
    ['invalid_type', () => issuesOf(z.string(), 5)],
    ['invalid_type (NaN)', () => issuesOf(z.coerce.number(), 'abc')],
    ['invalid_type (integer)', () => issuesOf(z.bigint(), 1.5)],
    ['invalid_literal', () => issuesOf(z.literal('a'), 'b')],
    [
      'custom',
      () =>
        issuesOf(
          z.string().refine(() => false),
          'x',
        ),
    ],
    ['invalid_union', () => issuesOf(z.union([z.string(), z.number()]), true)],
    ['invalid_union_discriminator', () => issuesOf(z.discriminatedUnion('t', [z.object({ t: z.literal('a') }), z.object({ t: z.literal('b') })]), { t: 'c' })],
    ['invalid_enum_value', () => issuesOf(z.enum(['a', 'b']), 'c')],
    ['invalid_enum_value (native)', () => issuesOf(z.nativeEnum({ A: 1, B: 2 }), 3)],
    ['unrecognized_keys', () => issuesOf(z.object({}).strict(), { x: 1 })],
    [
      'invalid_arguments',
      () =>
        thrown(() =>
          z
            .function()
            .args(z.string())
            .implement((s) => s)(5 as never),
        ),
    ],
    [
      'invalid_return_type',
      () =>
        thrown(() =>
          z
            .function()
            .returns(z.string())
            .implement(() => 5 as never)(),
        ),
    ],
    ['invalid_date', () => issuesOf(z.date(), new Date('x'))],
    ...['email', 'url', 'uuid', 'cuid', 'cuid2', 'ulid', 'nanoid', 'emoji', 'base64', 'base64url', 'jwt', 'date', 'time', 'duration'].map(
      (f): [string, () => ZodIssue[]] => [`invalid_string (${f})`, () => issuesOf((z.string() as unknown as Record<string, () => ZodTypeAny>)[f](), '!')],
    ),
    ['invalid_string (datetime)', () => issuesOf(z.string().datetime(), '!')],
    ['invalid_string (ip)', () => issuesOf(z.string().ip(), '!')],
    ['invalid_string (cidr)', () => issuesOf(z.string().cidr(), '!')],
    ['invalid_string (regex)', () => issuesOf(z.string().regex(/^a$/), 'b')],
    ['invalid_string (includes)', () => issuesOf(z.string().includes('a'), 'b')],
    ['invalid_string (startsWith)', () => issuesOf(z.string().startsWith('a'), 'b')],
    ['invalid_string (endsWith)', () => issuesOf(z.string().endsWith('a'), 'b')],
    ['too_small (empty string)', () => issuesOf(z.string().min(1), '')],
    ['too_small (string)', () => issuesOf(z.string().min(3), 'ab')],
    ['too_small (exact string)', () => issuesOf(z.string().length(3), 'ab')],
    ['too_small (array)', () => issuesOf(z.array(z.string()).min(2), [])],
    ['too_small (exact array)', () => issuesOf(z.array(z.string()).length(2), [])],
    ['too_small (set)', () => issuesOf(z.set(z.string()).min(1), new Set())],
    ['too_small (number)', () => issuesOf(z.number().min(1), 0)],
    ['too_small (positive)', () => issuesOf(z.number().positive(), 0)],
    ['too_small (bigint)', () => issuesOf(z.bigint().min(1n), 0n)],
    ['too_small (date)', () => issuesOf(z.date().min(new Date('2026-01-01')), new Date('2025-01-01'))],
    ['too_big (string)', () => issuesOf(z.string().max(1), 'ab')],
    ['too_big (exact string)', () => issuesOf(z.string().length(1), 'ab')],
    ['too_big (array)', () => issuesOf(z.array(z.string()).max(0), ['a'])],
    ['too_big (set)', () => issuesOf(z.set(z.string()).max(0), new Set(['a']))],
    ['too_big (number)', () => issuesOf(z.number().max(1), 2)],
    ['too_big (lt)', () => issuesOf(z.number().lt(1), 1)],
    ['too_big (bigint)', () => issuesOf(z.bigint().max(1n), 2n)],
    ['too_big (date)', () => issuesOf(z.date().max(new Date('2025-01-01')), new Date('2026-01-01'))],
    [
      'invalid_intersection_types',
      () =>
        issuesOf(
          z.intersection(
            z.string().transform(() => 'a'),
            z.string().transform(() => 'b'),
          ),
          'x',
        ),
    ],
    ['not_multiple_of', () => issuesOf(z.number().multipleOf(5), 7)],
    ['not_finite', () => issuesOf(z.number().finite(), Infinity)],
  ];

  it.each(byCode)('%s', (_name, issues) => {
    const found = issues();
    expect(found.length).toBeGreaterThan(0);
    for (const issue of found) expectBilingual(issue.message);
  });

  it('has a case for every ZodIssueCode', () => {
    const codes = new Set(byCode.flatMap(([, issues]) => issues().map((i) => i.code)));
    expect([...codes].sort()).toEqual(Object.values(ZodIssueCode).sort());
  });
});

function thrown(call: () => unknown): ZodIssue[] {
  try {
    call();
  } catch (e) {
    if (e instanceof ZodError) return e.issues;
    throw e;
  }
  throw new Error('expected a ZodError');
}
