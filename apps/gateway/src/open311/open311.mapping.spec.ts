import type { CategoryView, ServiceRequestView } from '@fengqiao/contracts';
import { caseFromRequest, Open311Error, personName, requestsFilter, requestToken, statusNotes, toRequest } from './open311.mapping';
import { splitFormat, toXml } from './open311.format';
import { Open311Filter } from './open311.filter';
import { ProblemException } from '../problems/problem.exception';
import { GatewayFailures } from '../gateway.failures';

const OTHER = { code: 'other', name: '其他', nameEn: 'Other' } as CategoryView;
const NOW = new Date('2026-12-07T04:00:00Z');
const at = { lat: '35.58', long: '104.62' };

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof Open311Error ? { status: e.status, text: e.descriptions.join(' ') } : e;
  }
  return undefined;
};

describe('caseFromRequest', () => {
  it('registers a complaint of the service, channel online, the reporter as applicant', () => {
    expect(caseFromRequest({ ...at, description: '路灯不亮', first_name: '建国', last_name: '王', phone: '13912345678' }, OTHER, '621102101')).toEqual({
      kind: 'complaint',
      category: 'other',
      title: '路灯不亮',
      description: '路灯不亮',
      channel: 'online',
      orgUnit: '621102101',
      location: { lat: 35.58, lng: 104.62 },
      parties: [{ role: 'applicant', name: '王建国', phone: '13912345678' }],
    });
  });

  it('takes the attributes of the service definition and refuses any other', () => {
    const c = caseFromRequest(
      {
        address_string: '东川村',
        'attribute[kind]': 'hazard',
        'attribute[severity]': 'major',
        'attribute[title]': '井盖缺失',
        'attribute[grid_code]': '621102101201-03',
      },
      OTHER,
      '621102101',
    );
    expect(c).toMatchObject({ kind: 'hazard', severity: 'major', title: '井盖缺失', location: { address: '东川村', gridCode: '621102101201-03' } });
    expect(refusal(() => caseFromRequest({ ...at, 'attribute[WHISPAWN]': '1' }, OTHER, '621102'))).toMatchObject({
      status: 400,
      text: expect.stringMatching(/WHISPAWN/),
    });
    expect(refusal(() => caseFromRequest({ ...at, 'attribute[kind]': 'petition' }, OTHER, '621102'))).toMatchObject({ status: 400 });
  });

  it.each([
    ['no location', {}, /location/],
    ['lat without long', { lat: '35' }, /lat and long/],
    ['a latitude out of range', { lat: '91', long: '0' }, /lat/],
    ['a repeated parameter', { ...at, description: ['a', 'b'] }, /once/],
    ['a NUL', { ...at, description: 'a\u0000' }, /U\+0000/],
    ['a media_url that is not http', { ...at, media_url: 'javascript:alert(1)' }, /media_url/],
    ['a long description', { ...at, description: 'x'.repeat(4001) }, /4000/],
  ])('refuses %s with 400', (_l, params, pattern) => {
    expect(refusal(() => caseFromRequest(params, OTHER, '621102'))).toMatchObject({ status: 400, text: expect.stringMatching(pattern) });
  });

  it('names people in their own order, and a report without a name anonymous', () => {
    expect(personName('john', 'smith')).toBe('john smith');
    expect(personName('建国', '王')).toBe('王建国');
    expect(personName()).toBe('匿名 / anonymous');
  });
});

describe('requestToken', () => {
  it('is the submission on its China date without the api_key, or the client’s Idempotency-Key', () => {
    const t = requestToken({ service_code: 'other', api_key: 'a:b' }, undefined, NOW);
    expect(t).toMatch(/^[0-9a-f]{32}$/);
    expect(requestToken({ api_key: 'c:d', service_code: 'other' }, undefined, NOW)).toBe(t);
    expect(requestToken({ service_code: 'other' }, undefined, new Date('2026-12-08T04:00:00Z'))).not.toBe(t);
    expect(requestToken({ service_code: 'neighbour' }, undefined, NOW)).not.toBe(t);
    expect(requestToken({ service_code: 'neighbour' }, 'k1', NOW)).toBe(requestToken({ service_code: 'other' }, 'k1', NOW));
  });
});

describe('requestsFilter', () => {
  it('takes the last 90 days without dates, and ids over everything else', () => {
    expect(requestsFilter({}, NOW)).toEqual({ from: '2026-09-08T04:00:00.000Z', to: NOW.toISOString() });
    expect(requestsFilter({ service_request_id: 'a, b', status: 'open' }, NOW)).toEqual({ caseNos: ['a', 'b'] });
    expect(requestsFilter({ service_code: 'other,neighbour', status: 'open,closed' }, NOW)).toMatchObject({ categories: ['other', 'neighbour'] });
    expect(requestsFilter({ status: 'closed' }, NOW)).toMatchObject({ open: false });
  });

  it.each([
    [{ start_date: '2026-01-01' }, /start_date/],
    [{ start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' }, /90/],
    [{ start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }, /after/],
    [{ status: 'pending' }, /status/],
  ])('refuses %p', (params, pattern) => {
    expect(refusal(() => requestsFilter(params, NOW))).toMatchObject({ status: 400, text: expect.stringMatching(pattern) });
  });
});

const request = (o: Partial<ServiceRequestView> = {}): ServiceRequestView => ({
  id: 'id',
  caseNo: '621102101-2026-000001',
  kind: 'complaint',
  category: 'other',
  status: 'first-contact',
  warning: 'green',
  title: 't',
  description: 'd',
  orgUnit: '621102101',
  orgUnitName: { zh: '巉口镇', en: 'Chankou' },
  location: { address: '东川村', lat: 35.5, lng: 104.6 },
  clocks: [
    { due: '2026-12-10T01:00:00.000Z', counts: true },
    { due: '2026-12-08T01:00:00.000Z', counts: false },
    { due: '2026-12-09T01:00:00.000Z', counts: true },
  ] as ServiceRequestView['clocks'],
  lastStep: { type: 'replied', at: '2026-12-07T01:00:00.000Z' },
  createdAt: '2026-12-07T00:00:00.000Z',
  updatedAt: '2026-12-07T01:00:00.000Z',
  ...o,
});

describe('toRequest', () => {
  it('is open until closed, with the next due time of the clocks that colour the case', () => {
    const r = toRequest(request(), new Map([['other', OTHER]]), false);
    expect(r).toMatchObject({
      status: 'open',
      status_notes: '首次答复当事人 / The first reply to the party',
      agency_responsible: '巉口镇',
      expected_datetime: '2026-12-09T01:00:00.000Z',
    });
    expect(r).not.toHaveProperty('extended_attributes');
    expect(toRequest(request({ status: 'closed', lastStep: null }), new Map(), true)).toMatchObject({
      status: 'closed',
      expected_datetime: null,
      extended_attributes: { case_no: '621102101-2026-000001' },
    });
  });

  it('tells a step in the event catalogue’s words, never the staff’s text', () => {
    const at = '2026-12-07T01:00:00.000Z';
    expect(statusNotes(request({ lastStep: { type: 'registered', at } }))).toBe(
      '登记新案件（含分流规则），启动办理流程 / A case registered (with its routing rule); its process starts',
    );
    expect(statusNotes(request({ lastStep: { type: 'feedback-recorded', at } }))).toBe('向当事人反馈结果 / The result fed back to the party');
    // A timeline entry the catalogue does not describe: where the case stands.
    expect(statusNotes(request({ lastStep: { type: 'merge-received', at } }))).toBe('办理中 / In progress');
    expect(statusNotes(request({ status: 'closed', lastStep: { type: 'merged', at } }))).toBe('结案 / Closed');
    expect(statusNotes(request({ status: 'closed', lastStep: null }))).toBe('结案 / Closed');
  });
});

describe('formats', () => {
  it('takes the format from the extension, XML without one', () => {
    expect(splitFormat('requests.json')).toEqual({ name: 'requests', format: 'json', known: true });
    expect(splitFormat('621102101-2026-000001.xml')).toEqual({ name: '621102101-2026-000001', format: 'xml', known: true });
    expect(splitFormat('services')).toEqual({ name: 'services', format: 'xml', known: true });
    expect(splitFormat('services.csv').known).toBe(false);
  });

  it('writes the specification’s XML, escaping text', () => {
    expect(toXml('errors', 'error', [{ code: 400, description: 'a < b & 中' }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<errors>\n  <error>\n    <code>400</code>\n    <description>a &lt; b &amp; 中</description>\n  </error>\n</errors>\n',
    );
  });
});

describe('Open311Filter', () => {
  const filter = new Open311Filter();
  it('turns the platform’s problems into Open311 errors: 401 → 403, a field 400 naming the parameter, 503 with Retry-After', () => {
    expect(filter.translate(new ProblemException(GatewayFailures.problem('TOKEN_INVALID')))).toMatchObject({ status: 403 });
    const invalid = filter.translate(
      new ProblemException({
        type: 'x',
        title: 't',
        status: 422,
        detail: '案件信息不完整或有误 / The case has invalid fields',
        errors: [{ path: 'parties[0].phone', message: '手机号有误 / bad phone' }],
      }),
    );
    expect(invalid).toEqual({
      status: 400,
      errors: [
        { code: 400, description: '案件信息不完整或有误 / The case has invalid fields' },
        { code: 400, description: 'phone: 手机号有误 / bad phone' },
      ],
    });
    expect(filter.translate(new ProblemException(GatewayFailures.problem('SERVICE_UNREACHABLE')))).toMatchObject({ status: 503, retryAfter: 2 });
    expect(filter.translate(new Error('boom'))).toMatchObject({ status: 500, errors: [{ description: '请稍后重试 / Please retry later' }] });
  });
});
