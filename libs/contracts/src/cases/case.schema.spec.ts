import { createCaseSchema, listCasesQuerySchema, withoutEmptyParams } from './case.schema';
import { zodFieldErrors } from '../problems/zod-errors';

/** The request of docs/api.md's `POST /api/v1/cases` example, filled in. */
const exampleCase = () => ({
  kind: 'dispute',
  category: 'neighbour',
  severity: 'ordinary',
  title: '邻里因排水沟堵塞发生争执',
  description: '东川村两户村民因排水沟堵塞、雨水倒灌发生争执。',
  channel: 'walk-in',
  orgUnit: '620102001',
  occurredAt: '2026-11-20T09:30:00+08:00',
  location: { address: '东川村三社', gridCode: '620102001001-03', lat: 35.6, lng: 104.6 },
  parties: [
    { role: 'applicant', name: '张三', idNumber: '620102199001011234', phone: '13812345678' },
    { role: 'respondent', name: '李四' },
  ],
});

const errorsOf = (body: unknown) => {
  const r = createCaseSchema.safeParse(body);
  if (r.success) throw new Error('expected the body to be rejected');
  return zodFieldErrors(r.error);
};

const pathsOf = (body: unknown) => errorsOf(body).map((e) => e.path);

const without = (body: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(body).filter(([k]) => !keys.includes(k)));

describe('createCaseSchema', () => {
  it('successful-parse of the docs/api.md example shape, unchanged', () => {
    const r = createCaseSchema.safeParse(exampleCase());
    expect(r.success).toBe(true);
    expect(r.success && r.data).toEqual(exampleCase());
  });

  it('successful-parse without the optional fields (severity, occurredAt, location, idNumber, phone)', () => {
    const rest = without(exampleCase(), 'severity', 'occurredAt', 'location');
    expect(Object.keys(rest)).not.toContain('severity');
    const r = createCaseSchema.safeParse({ ...rest, parties: [{ role: 'applicant', name: '张三' }] });
    expect(r.success).toBe(true);
  });

  it('successful-parse trims text fields', () => {
    const r = createCaseSchema.safeParse({ ...exampleCase(), title: '  排水沟  ' });
    expect(r.success && r.data.title).toBe('排水沟');
  });

  it('failing-parse without an applicant, reported at path "parties"', () => {
    const errors = errorsOf({ ...exampleCase(), parties: [{ role: 'respondent', name: '李四' }] });
    expect(errors).toEqual([{ path: 'parties', message: expect.stringContaining('applicant') }]);
  });

  it('failing-parse with no parties at all, reported at path "parties"', () => {
    const rest = without(exampleCase(), 'parties');
    expect(pathsOf(rest)).toEqual(['parties']);
    expect(pathsOf({ ...rest, parties: [] })).toEqual(['parties']);
  });

  it('successful-parse with a 200-character title, failing-parse with 201', () => {
    expect(createCaseSchema.safeParse({ ...exampleCase(), title: '题'.repeat(200) }).success).toBe(true);
    const errors = errorsOf({ ...exampleCase(), title: '题'.repeat(201) });
    expect(errors).toEqual([{ path: 'title', message: expect.stringContaining('200') }]);
  });

  it('failing-parse with an empty (whitespace-only) title', () => {
    expect(pathsOf({ ...exampleCase(), title: '   ' })).toEqual(['title']);
  });

  it('failing-parse with an unknown top-level field (strict)', () => {
    const errors = errorsOf({ ...exampleCase(), priority: 'high' });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('priority');
    expect(errors[0]?.message).toContain('unknown field');
  });

  it('failing-parse with an unknown field inside a party, reported at that field', () => {
    const body = exampleCase();
    const parties = [{ ...body.parties[0], email: 'a@b.cn' }, body.parties[1]];
    expect(pathsOf({ ...body, parties })).toEqual(['parties[0].email']);
  });

  it.each(['62010', '6201020011', '62010200100a', '620102001001001', ' 620102001', 620102001])(
    'failing-parse with org unit %p (not a 6, 9 or 12 digit code)',
    (orgUnit) => {
      expect(pathsOf({ ...exampleCase(), orgUnit })).toEqual(['orgUnit']);
    },
  );

  it.each(['620102', '620102001', '620102001001'])('successful-parse with org unit %p', (orgUnit) => {
    expect(createCaseSchema.safeParse({ ...exampleCase(), orgUnit }).success).toBe(true);
  });

  it.each(['2026-11-20T09:30:00', '2026-11-20 09:30:00+08:00', '2026-11-20'])('failing-parse with occurredAt %p (no offset or not ISO 8601)', (occurredAt) => {
    expect(errorsOf({ ...exampleCase(), occurredAt })).toEqual([{ path: 'occurredAt', message: expect.stringContaining('offset') }]);
  });

  it.each(['2026-11-20T01:30:00Z', '2026-11-20T09:30:00.123+08:00'])('successful-parse with occurredAt %p', (occurredAt) => {
    expect(createCaseSchema.safeParse({ ...exampleCase(), occurredAt }).success).toBe(true);
  });

  it('failing-parse with an unknown kind, channel and severity, each at its own path', () => {
    const errors = errorsOf({ ...exampleCase(), kind: 'lawsuit', channel: 'fax', severity: 'urgent' });
    expect(errors.map((e) => e.path).sort()).toEqual(['channel', 'kind', 'severity']);
    expect(errors.find((e) => e.path === 'kind')?.message).toContain('dispute');
  });

  it('failing-parse reports nested party fields in the API path form', () => {
    const body = exampleCase();
    const parties = [body.parties[0], { role: 'witness', name: '' }];
    expect(pathsOf({ ...body, parties }).sort()).toEqual(['parties[1].name', 'parties[1].role']);
  });

  it('failing-parse with an out-of-range latitude, reported at location.lat', () => {
    expect(pathsOf({ ...exampleCase(), location: { lat: 91 } })).toEqual(['location.lat']);
  });

  it('failing-parse with a non-object body, reported at "(body)"', () => {
    expect(pathsOf('not a case')).toEqual(['(body)']);
    expect(pathsOf(null)).toEqual(['(body)']);
  });
});

describe('listCasesQuerySchema', () => {
  it('successful-parse fills page defaults and coerces query strings', () => {
    expect(listCasesQuerySchema.parse({})).toEqual({ page: 1, pageSize: 20 });
    expect(listCasesQuerySchema.parse({ page: '3', pageSize: '50', orgUnit: '621102' })).toEqual({ page: 3, pageSize: 50, orgUnit: '621102' });
  });

  it('failing-parse with pageSize above 200 or page 0', () => {
    expect(listCasesQuerySchema.safeParse({ pageSize: '201' }).success).toBe(false);
    expect(listCasesQuerySchema.safeParse({ page: '0' }).success).toBe(false);
  });
});

describe('withoutEmptyParams', () => {
  it('drops empty parameters (a form\'s "not given") and keeps everything else', () => {
    expect(withoutEmptyParams({ orgUnit: '', team: 'labour', page: 0, open: 'false' })).toEqual({ team: 'labour', page: 0, open: 'false' });
    expect(withoutEmptyParams(undefined)).toEqual({});
  });
});
