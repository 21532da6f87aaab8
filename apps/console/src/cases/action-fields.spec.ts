import { z, ZodObject, type ZodTypeAny } from 'zod';
import { DEPARTMENTS, FEEDBACK_CHANNELS, GENERIC_OUTCOMES, OUTCOMES } from '@fengqiao/contracts';
import { caseKindModules, kindModule } from '@fengqiao/rules';
import { actionFields, actionLabel, bodyOf, fieldLabel, fieldsOf, hasOwnForm, initialValues, valuesOf, type FieldSpec } from './action-fields';

const NOW = Date.parse('2026-11-21T02:00:00Z'); // 10:00 in Beijing
const widgets = (fields: FieldSpec[]) => Object.fromEntries(fields.map((f) => [f.key, f.widget]));
// An action with the console's own form (legal aid's application) is tested with that form.
const declared = caseKindModules().flatMap((m) =>
  Object.entries(m.actions)
    .filter(([action]) => !hasOwnForm(m.kind, action))
    .map(([action, spec]) => [m.kind, action, spec] as const),
);

describe("action forms derived from the kinds' declarations", () => {
  it('covers the dispute and the generic kinds', () => {
    const kinds = new Set(declared.map(([k]) => k));
    expect(kinds.has('dispute')).toBe(true);
    expect(kinds.has('consultation')).toBe(true);
    expect(declared.length).toBeGreaterThanOrEqual(14);
  });

  it.each(declared)('%s %s: a field for every body key, each one the form can show and name', (_kind, _action, spec) => {
    const fields = fieldsOf(spec.schema);
    const shape = (spec.schema as ZodObject<Record<string, ZodTypeAny>>).shape;
    expect(fields.map((f) => f.key)).toEqual(Object.keys(shape));
    expect(fields.filter((f) => f.widget === 'unsupported')).toEqual([]);
    // Labels come from the dictionary, not the raw key.
    expect(fields.filter((f) => fieldLabel(_action, f.key, 'zh') === f.key || fieldLabel(_action, f.key, 'en') === f.key).map((f) => f.key)).toEqual([]);
  });

  it.each(declared)('%s %s: the declared example round-trips through form values to the same, valid body', (_kind, _action, spec) => {
    const fields = fieldsOf(spec.schema);
    const body = bodyOf(fields, valuesOf(fields, spec.example), NOW);
    expect(body).toEqual(spec.example);
    expect(spec.schema.safeParse(body).success).toBe(true);
  });

  it("reads the dispute's widgets from the schemas, reference data by field name", () => {
    expect(widgets(actionFields('dispute', 'reply'))).toEqual({ message: 'text', resolved: 'switch' });
    expect(widgets(actionFields('dispute', 'assign'))).toEqual({ mediatorId: 'mediator' });
    expect(widgets(actionFields('dispute', 'session'))).toEqual({ at: 'now', summary: 'text', participants: 'text-list' });
    expect(widgets(actionFields('dispute', 'escalate'))).toEqual({ reason: 'text', departments: 'departments', leadOrgUnit: 'centre' });
    expect(widgets(actionFields('dispute', 'report-in'))).toEqual({ department: 'own-department' });
    expect(widgets(actionFields('dispute', 'dept-result'))).toEqual({ department: 'own-department', summary: 'text' });
    expect(widgets(actionFields('dispute', 'conclude'))).toEqual({ outcome: 'select', summary: 'text', agreement: 'text' });
    expect(widgets(actionFields('dispute', 'rate'))).toEqual({ score: 'rate', comment: 'text' });

    const [departments] = actionFields('dispute', 'escalate').filter((f) => f.key === 'departments');
    expect(departments).toMatchObject({ widget: 'departments', options: [...DEPARTMENTS], optional: false });
    expect(actionFields('dispute', 'conclude')[0]).toMatchObject({ widget: 'select', options: [...OUTCOMES], optional: false });
    expect(actionFields('dispute', 'conclude')[2]).toMatchObject({ widget: 'text', max: 20000, optional: true });
    expect(actionFields('dispute', 'feedback')[1]).toMatchObject({ widget: 'select', options: [...FEEDBACK_CHANNELS] });
    expect(actionFields('dispute', 'rate')).toMatchObject([
      { widget: 'rate', max: 5 },
      { widget: 'text', max: 1000, optional: true },
    ]);
    expect(actionFields('dispute', 'session')[2]).toMatchObject({ optional: true, defaultValue: [] });
  });

  it('offers the generic conclude its own outcomes, with no console change per kind', () => {
    for (const kind of ['consultation', 'complaint', 'hazard']) {
      expect(actionFields(kind, 'conclude')).toMatchObject([
        { key: 'outcome', widget: 'select', options: [...GENERIC_OUTCOMES] },
        { key: 'summary', widget: 'text' },
      ]);
    }
    expect(actionFields('nobody-declared-this', 'conclude')).toEqual([]);
    expect(actionFields('dispute', 'no-such-action')).toEqual([]);
  });

  it('reads kinds nobody has declared yet: numbers, enum lists, short texts, datetimes, refinements', () => {
    const schema = z
      .object({
        count: z.number().int().min(0).max(10),
        score: z.number().min(0).max(100),
        tags: z.array(z.enum(['a', 'b'])).optional(),
        ref: z.string().trim().max(100).optional(),
        due: z.string().datetime({ offset: true }),
        note: z
          .string()
          .refine((s) => s !== 'x')
          .optional(),
      })
      .strict()
      .refine(() => true);
    expect(fieldsOf(schema)).toEqual([
      { key: 'count', optional: false, widget: 'number', min: 0, max: 10, int: true },
      { key: 'score', optional: false, widget: 'number', min: 0, max: 100, int: false },
      { key: 'tags', optional: true, widget: 'select-list', options: ['a', 'b'] },
      { key: 'ref', optional: true, widget: 'text', max: 100 },
      { key: 'due', optional: false, widget: 'now' },
      { key: 'note', optional: true, widget: 'text' },
    ]);
    // Lists of longer texts one a line (they may hold commas), legal aid's roster and dates by name and pattern.
    expect(
      fieldsOf(
        z.object({
          reasons: z.array(z.string().trim().min(1).max(200)).min(1),
          providerId: z.string().uuid().optional(),
          filedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date'),
          endedOn: z.string().date('a day that exists'),
        }),
      ),
    ).toEqual([
      { key: 'reasons', optional: false, widget: 'lines' },
      { key: 'providerId', optional: true, widget: 'provider' },
      { key: 'filedOn', optional: false, widget: 'date' },
      { key: 'endedOn', optional: false, widget: 'date' },
    ]);
    expect(fieldsOf(z.object({ blob: z.record(z.string()) }))).toEqual([{ key: 'blob', optional: false, widget: 'unsupported', type: 'ZodRecord' }]);
    expect(fieldsOf(z.string())).toEqual([]);
  });

  it('builds bodies generically: trimmed, empty optionals left out, empty required sent for the API to name, now in Beijing time', () => {
    const session = actionFields('dispute', 'session');
    expect(bodyOf(session, { summary: '  第一次调解  ', participants: '王建国，李春梅, 张三、' }, NOW)).toEqual({
      at: '2026-11-21T10:00:00+08:00',
      summary: '第一次调解',
      participants: ['王建国', '李春梅', '张三'],
    });
    expect(bodyOf(session, { summary: 'x', participants: '  ' }, NOW)).toEqual({ at: '2026-11-21T10:00:00+08:00', summary: 'x' });
    expect(bodyOf(actionFields('dispute', 'reply'), { message: '   ' })).toEqual({ message: '', resolved: false });
    const lines = fieldsOf(z.object({ missing: z.array(z.string().max(200)), on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }));
    expect(bodyOf(lines, { missing: '近三个月工资条，劳动合同\n\n 户口簿复印件 ', on: ' 2026-12-05 ' })).toEqual({
      missing: ['近三个月工资条，劳动合同', '户口簿复印件'],
      on: '2026-12-05',
    });
    expect(valuesOf(lines, { missing: ['a，b', 'c'] })).toEqual({ missing: 'a，b\nc' });
    expect(initialValues(lines, { department: null, now: NOW })).toEqual({ on: '2026-11-21' });
    expect(bodyOf(actionFields('dispute', 'assign'), { mediatorId: undefined })).toEqual({});
    expect(bodyOf(actionFields('dispute', 'rate'), { score: 4, comment: ' ' })).toEqual({ score: 4 });
    expect(bodyOf(actionFields('dispute', 'conclude'), { summary: 's', agreement: '' })).toEqual({ summary: 's' });
    expect(
      bodyOf(actionFields('dispute', 'escalate'), {
        reason: ' 涉及多个部门 ',
        departments: [{ department: 'public-security', orgUnit: '621102101' }, {}, { department: 'housing' }],
        leadOrgUnit: '621102101',
      }),
    ).toEqual({ reason: '涉及多个部门', departments: [{ department: 'public-security', orgUnit: '621102101' }, 'housing'], leadOrgUnit: '621102101' });
  });

  it("starts forms from the schema: defaults, switches off, full stars, one department row, the officer's own department", () => {
    expect(initialValues(actionFields('dispute', 'reply'), { department: null })).toEqual({ resolved: false });
    expect(initialValues(actionFields('dispute', 'rate'), { department: null })).toEqual({ score: 5 });
    expect(initialValues(actionFields('dispute', 'session'), { department: null })).toEqual({ participants: '' });
    expect(initialValues(actionFields('dispute', 'escalate'), { department: null })).toEqual({ departments: [{}] });
    const reportIn = actionFields('dispute', 'report-in');
    const start = initialValues(reportIn, { department: 'housing' });
    expect(start).toEqual({ department: 'housing' });
    expect(bodyOf(reportIn, start)).toEqual({ department: 'housing' });
  });

  it('names fields from the dictionary, per action where one differs, else by key', () => {
    expect(fieldLabel('reply', 'resolved', 'zh')).toBe('当场化解');
    expect(fieldLabel('return-visit', 'resolved', 'zh')).toBe('问题已解决');
    expect(fieldLabel('session', 'participants', 'zh')).toBe('参加人员（逗号分隔）');
    expect(fieldLabel('assign', 'mediatorId', 'zh')).toBe('指定调解员（可选，留空由中心分派）');
    expect(fieldLabel('session', 'summary', 'en')).toBe('Summary');
    expect(fieldLabel('inspect', 'unheardOf', 'zh')).toBe('unheardOf');
  });

  it('names actions as their kind declares them, in the current language', () => {
    expect(actionLabel('dispute', 'escalate', 'zh')).toBe(kindModule('dispute')!.actions['escalate']!.label.zh);
    expect(actionLabel('dispute', 'escalate', 'en')).toBe('Escalate to joint handling');
    expect(actionLabel('hazard', 'conclude', 'zh')).toBe('办结');
    expect(actionLabel('hazard', 'no-such-action', 'zh')).toBe('no-such-action');
  });
});
