import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { CaseView, Page } from '@fengqiao/contracts';
import { tokenFor } from '@fengqiao/testing';
import { startPlatform, type Platform } from './platform.harness';

/**
 * Open311 GeoReport v2 at /open311/v2 (docs/open311.md) against the real stack, the demo integrator's
 * service account (client fq-integrator-621102: role `integrator`, jurisdiction 621102) as the api_key.
 * Every answer is compared, in JSON and in XML, with the specification's own examples
 * (test/fixtures/open311): the same elements in the same order. The spec's example POST registers a
 * real case through intake (channel `online`) that the township's clerk then reads; a repeated
 * submission is the same request; its token finds it. Refusals — a jurisdiction outside the
 * account's, a bad api_key, a key of an account without the role, bad input — answer in
 * Open311's error format, never a 500, and the key never appears in a log line.
 */

const FIXTURES = join(__dirname, 'fixtures', 'open311');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const API_KEY = 'fq-integrator-621102:fq-integrator-dev-secret';
const SECRET = 'fq-integrator-dev-secret';
const TOWNSHIP = '621102101';

const LISTS = new Set(['service', 'request', 'error', 'attribute', 'value']);
const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => LISTS.has(name) });

/** The element structure of a value: keys in order, lists by their first item, no values. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return '·';
}
const keysOf = (v: unknown) => Object.keys(v as object);

let p: Platform;
let clerk: string;
let cityLeader: string;

const url = (path: string, q: Record<string, string> = {}) => `/open311/v2/${path}?${new URLSearchParams({ api_key: API_KEY, ...q })}`;
async function get(path: string, q: Record<string, string> = {}) {
  const r = await p.api(url(path, q));
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}
async function post(path: string, form: string, headers: Record<string, string> = {}) {
  const r = await p.api(`/open311/v2/${path}`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}
const json = (r: { text: string }) => JSON.parse(r.text) as Record<string, unknown>[] & Record<string, unknown>;
const parsed = (r: { text: string }) => xml.parse(r.text) as Record<string, Record<string, unknown[]>>;

/** The spec's example POST body, with the platform's own service code, jurisdiction and a mainland phone number. */
function examplePost(overrides: Record<string, string | undefined> = {}, drop: string[] = ['attribute[WHISPAWN]', 'attribute[WHISDCCS]']): string {
  const form = new URLSearchParams(fixture('post-request.form'));
  form.set('api_key', API_KEY);
  form.set('jurisdiction_id', TOWNSHIP);
  form.set('service_code', 'other');
  form.set('phone', '13912345678');
  for (const k of drop) form.delete(k);
  for (const [k, v] of Object.entries(overrides))
    if (v === undefined) form.delete(k);
    else form.set(k, v);
  return form.toString();
}

function expectErrors(r: { status: number; type: string; text: string }, status: number, format: 'json' | 'xml', pattern?: RegExp) {
  expect({ status: r.status, body: r.text.slice(0, 300) }).toEqual({ status, body: expect.any(String) });
  if (format === 'json') {
    expect(r.type).toMatch(/^application\/json/);
    const errors = json(r);
    expect(shape(errors)).toEqual(shape(JSON.parse(fixture('errors.json'))));
    expect(errors.every((e) => (e as { code: number }).code === status)).toBe(true);
    if (pattern) expect(errors.map((e) => (e as { description: string }).description).join('\n')).toMatch(pattern);
    // zh-CN first, English second
    expect((errors[0] as { description: string }).description).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
  } else {
    expect(r.type).toMatch(/^text\/xml/);
    expect(r.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(shape(parsed(r))).toEqual(shape(xml.parse(fixture('errors.xml'))));
    if (pattern) expect(r.text).toMatch(pattern);
  }
}

let created: { id: string; token: string };

beforeAll(async () => {
  p = await startPlatform('open311');
  [clerk, cityLeader] = await Promise.all([tokenFor(`clerk.${TOWNSHIP}`), tokenFor('leader.621100')]);
}, 240_000);

afterAll(async () => {
  await p?.stop();
});

describe('services', () => {
  it('lists the categories as services, shaped as the specification’s example, in JSON and XML', async () => {
    const j = await get('services.json');
    expect(j.status).toBe(200);
    expect(j.type).toMatch(/^application\/json; charset=utf-8/);
    const services = json(j);
    expect(shape(services)).toEqual(shape(JSON.parse(fixture('services.json'))));
    expect(services).toContainEqual(expect.objectContaining({ service_code: 'neighbour', service_name: '邻里纠纷', metadata: true, type: 'realtime' }));

    const x = await get('services.xml');
    expect(x.status).toBe(200);
    expect(x.type).toMatch(/^text\/xml; charset=utf-8/);
    expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(shape(parsed(x))).toEqual(shape(xml.parse(fixture('services.xml'))));
    expect(parsed(x)['services']!['service']!.length).toBe(services.length);
  });

  it('defines each service with its attributes (kind, severity, …), shaped as the example definition', async () => {
    const j = await get('services/other.json');
    expect(j.status).toBe(200);
    const def = JSON.parse(j.text) as { service_code: string; attributes: Record<string, unknown>[] };
    const example = JSON.parse(fixture('service-definition.json')) as { attributes: Record<string, unknown>[] };
    expect(keysOf(def)).toEqual(keysOf(example));
    expect(def.service_code).toBe('other');
    const kind = def.attributes.find((a) => a['code'] === 'kind')!;
    expect(shape(kind)).toEqual(shape(example.attributes[0]));
    expect(kind['values']).toEqual([
      { key: 'complaint', name: '投诉 / Complaint' },
      { key: 'hazard', name: expect.stringMatching(/ \/ /) },
      { key: 'consultation', name: expect.stringMatching(/ \/ /) },
    ]);
    // Attributes without a list of values have the example's elements but `values`.
    const title = def.attributes.find((a) => a['code'] === 'title')!;
    expect(keysOf(title)).toEqual(keysOf(example.attributes[0]).filter((k) => k !== 'values'));

    const x = await get('services/other.xml');
    expect(x.status).toBe(200);
    const doc = parsed(x) as unknown as { service_definition: { attributes: { attribute: Record<string, unknown>[] } } };
    const exampleXml = xml.parse(fixture('service-definition.xml')) as typeof doc;
    expect(keysOf(doc)).toEqual(keysOf(exampleXml));
    expect(shape(doc.service_definition.attributes.attribute[0])).toEqual(shape(exampleXml.service_definition.attributes.attribute[0]));
  });

  it('answers an unknown service_code 404 in the error format', async () => {
    expectErrors(await get('services/no-such-service.json'), 404, 'json', /service_code no-such-service/);
    expectErrors(await get('services/no-such-service.xml'), 404, 'xml', /no-such-service/);
  });
});

describe('POST requests: the specification’s example registers a real case', () => {
  it('answers as the example answer, with a token; the case is the township’s, channel online', async () => {
    // The example's own attributes are not in this service's definition: refused, naming one.
    expectErrors(await post('requests.json', examplePost({}, [])), 400, 'json', /WHIS/);

    const r = await post('requests.json', examplePost());
    expect({ status: r.status, body: r.text.slice(0, 500) }).toEqual({ status: 200, body: expect.any(String) });
    const answer = json(r);
    const example = JSON.parse(fixture('post-response.json')) as Record<string, unknown>[];
    // The example's elements in its order, and the token GeoReport lists among them.
    expect(keysOf(answer[0]).filter((k) => k !== 'token')).toEqual(keysOf(example[0]));
    const first = answer[0] as { service_request_id: string; token: string; service_notice: string; account_id: string };
    expect(first.service_request_id).toMatch(new RegExp(`^${TOWNSHIP}-\\d{4}-\\d{6}$`));
    expect(first.token).toMatch(/^[0-9a-f]{32}$/);
    expect(first.account_id).toBe('123456');
    expect(first.service_notice).toMatch(/首问答复期限 .* \/ .*first reply/);
    created = { id: first.service_request_id, token: first.token };

    const page = (await (await p.api(`/api/v1/cases?q=${created.id}`, { token: clerk })).json()) as Page<CaseView>;
    expect(page.items).toHaveLength(1);
    const c = page.items[0]!;
    expect(c).toMatchObject({
      caseNo: created.id,
      kind: 'complaint',
      category: 'other',
      channel: 'online',
      orgUnit: TOWNSHIP,
      title: 'A large sinkhole is destroying',
    });
    expect(c.description).toContain('A large sinkhole is destroying the street');
    expect(c.description).toContain('http://www.city.gov/media/123456.jpg');
    // The reporter is the applicant, the phone masked like every phone; the e-mail is not kept.
    expect(c.parties).toEqual([expect.objectContaining({ role: 'applicant', name: 'john smith', phone: '139****5678' })]);
    expect(JSON.stringify(c)).not.toContain('smit333');
    // The first-contact clerk answers for it, not the machine that sent it.
    expect(String(c.assignee?.id)).not.toMatch(/integrator/);
  });

  it('is idempotent: the same submission again is the same request and token; an Idempotency-Key makes its own', async () => {
    const again = json(await post('requests.json', examplePost()));
    expect(again[0]).toMatchObject({ service_request_id: created.id, token: created.token });
    const keyed = json(await post('requests.json', examplePost(), { 'idempotency-key': 'open311-e2e-1' }));
    expect((keyed[0] as { service_request_id: string }).service_request_id).not.toBe(created.id);
    const keyedAgain = json(await post('requests.json', examplePost({ description: 'changed text, same key' }), { 'idempotency-key': 'open311-e2e-1' }));
    expect(keyedAgain[0]).toEqual(keyed[0]);
  });

  it('answers in XML as the example answer does', async () => {
    const r = await post(
      'requests.xml',
      examplePost({ description: '路灯不亮，晚上行人看不清路', 'attribute[kind]': 'hazard', 'attribute[severity]': 'ordinary' }),
    );
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/xml/);
    const doc = parsed(r) as unknown as { service_requests: { request: Record<string, unknown>[] } };
    const example = xml.parse(fixture('post-response.xml')) as typeof doc;
    expect(keysOf(doc)).toEqual(keysOf(example));
    expect(keysOf(doc.service_requests.request[0]).filter((k) => k !== 'token')).toEqual(keysOf(example.service_requests.request[0]));
    expect(String(doc.service_requests.request[0]!['service_request_id'])).toMatch(new RegExp(`^${TOWNSHIP}-`));
  });
});

describe('tokens and requests', () => {
  it('finds the request of a token, shaped as the example', async () => {
    const j = await get(`tokens/${created.token}.json`);
    expect(j.status).toBe(200);
    expect(shape(json(j))).toEqual(shape(JSON.parse(fixture('token.json'))));
    expect(json(j)[0]).toEqual({ service_request_id: created.id, token: created.token });
    const x = await get(`tokens/${created.token}.xml`);
    expect(shape(parsed(x))).toEqual(shape(xml.parse(fixture('token.xml'))));
    expect(x.text).toContain(`<service_request_id>${created.id}</service_request_id>`);
    expectErrors(await get(`tokens/${'0'.repeat(32)}.json`), 404, 'json', /token/);
  });

  it('reads one request with its status, notes, agency and expected time from its clocks, shaped as the example', async () => {
    const j = await get(`requests/${created.id}.json`);
    expect(j.status).toBe(200);
    const [one] = json(j) as unknown as Record<string, unknown>[];
    expect(shape([one])).toEqual(shape(JSON.parse(fixture('requests.json'))));
    expect(one).toMatchObject({
      service_request_id: created.id,
      status: 'open',
      status_notes: expect.stringMatching(/ \/ /),
      service_name: '其他',
      service_code: 'other',
      agency_responsible: '巉口镇',
      address: '1234 5th street',
      lat: 37.76524078,
      long: -122.4212043,
    });
    // The first-reply clock's due time (the case's clocks, as the clerk sees them).
    const c = ((await (await p.api(`/api/v1/cases?q=${created.id}`, { token: clerk })).json()) as Page<CaseView>).items[0]!;
    expect(Date.parse(String(one!['expected_datetime']))).toBe(Math.min(...c.clocks.filter((k) => k.counts).map((k) => Date.parse(k.due))));
    expect(JSON.stringify(one)).not.toMatch(/john|139/);

    const x = await get(`requests/${created.id}.xml`);
    expect(shape(parsed(x))).toEqual(shape(xml.parse(fixture('requests.xml'))));

    // The Chinese fields as extended attributes, with extensions=true.
    const ext = json(await get(`requests/${created.id}.json`, { extensions: 'true' }))[0] as { extended_attributes: Record<string, unknown> };
    expect(ext.extended_attributes).toMatchObject({
      case_no: created.id,
      kind: 'complaint',
      kind_name: '投诉 / Complaint',
      category_name: '其他',
      case_status: 'first-contact',
      warning: 'green',
      org_unit: TOWNSHIP,
      org_unit_name: '巉口镇',
    });
    expectErrors(await get(`requests/${TOWNSHIP}-2026-999999.xml`), 404, 'xml', /999999/);
  });

  it('lists requests with the specification’s filters, shaped as the example', async () => {
    const all = await get('requests.json');
    expect(all.status).toBe(200);
    const items = json(all) as unknown as { service_request_id: string; service_code: string; status: string }[];
    expect(shape(items)).toEqual(shape(JSON.parse(fixture('requests.json'))));
    expect(items.map((i) => i.service_request_id)).toContain(created.id);
    // Disputes, petitions and legal aid are never Open311 requests (the demo county has many of them).
    const x = await get('requests.xml');
    expect(shape(parsed(x))).toEqual(shape(xml.parse(fixture('requests.xml'))));

    const byIds = json(await get('requests.json', { service_request_id: `${created.id},${TOWNSHIP}-2026-999999` })) as unknown as {
      service_request_id: string;
    }[];
    expect(byIds.map((i) => i.service_request_id)).toEqual([created.id]);
    const byCode = json(await get('requests.json', { service_code: 'other', status: 'open' })) as unknown as typeof items;
    expect(byCode.length).toBeGreaterThan(0);
    expect(byCode.every((i) => i.service_code === 'other' && i.status === 'open')).toBe(true);
    expect(
      (json(await get('requests.json', { service_code: 'other', status: 'closed' })) as unknown as typeof items).map((i) => i.service_request_id),
    ).not.toContain(created.id);
    const past = json(await get('requests.json', { start_date: '2020-01-01T00:00:00+08:00', end_date: '2020-02-01T00:00:00+08:00' }));
    expect(past.map((i) => i['service_request_id'])).not.toContain(created.id);
    const window = json(
      await get('requests.json', { start_date: new Date(Date.now() - 3_600_000).toISOString(), end_date: new Date(Date.now() + 60_000).toISOString() }),
    );
    expect(window.map((i) => i['service_request_id'])).toContain(created.id);
  });
});

describe('jurisdiction', () => {
  let outside: string;
  beforeAll(async () => {
    // A complaint of the city's own unit: above the integrator's district.
    const r = await p.api('/api/v1/cases', {
      method: 'POST',
      token: cityLeader,
      body: JSON.stringify({
        kind: 'complaint',
        category: 'other',
        title: '市级投诉',
        description: '市直单位办事效率投诉',
        channel: 'hotline',
        orgUnit: '621100',
        parties: [{ role: 'applicant', name: '赵六' }],
      }),
    });
    expect(r.status).toBe(201);
    outside = ((await r.json()) as CaseView).caseNo;
  });

  it('refuses a jurisdiction_id outside the account’s with 403, an unknown one with 404', async () => {
    expectErrors(await get('requests.json', { jurisdiction_id: '621100' }), 403, 'json', /辖区|jurisdiction/);
    expectErrors(await post('requests.xml', examplePost({ jurisdiction_id: '621100' })), 403, 'xml');
    expectErrors(await get('services.json', { jurisdiction_id: '629999' }), 404, 'json', /jurisdiction_id 629999|No such org unit/);
    expectErrors(await get('services.json', { jurisdiction_id: 'city.gov' }), 404, 'json', /city\.gov/);
  });

  it('shows the words and place only of its own submissions: a walk-in complaint in its jurisdiction lists without them', async () => {
    const text = { title: '王建国投诉邻居占道', description: '王建国（东川村三社）投诉邻居李春梅长期占道堆放杂物', location: { address: '东川村三社12号' } };
    const body = { kind: 'complaint', category: 'other', channel: 'walk-in', orgUnit: TOWNSHIP, parties: [{ role: 'applicant', name: '王建国' }], ...text };
    const r = await p.api('/api/v1/cases', { method: 'POST', token: clerk, body: JSON.stringify(body) });
    expect(r.status).toBe(201);
    const walkIn = ((await r.json()) as CaseView).caseNo;
    const [listed] = json(await get('requests.json', { service_request_id: walkIn, extensions: 'true' })) as unknown as Record<string, unknown>[];
    expect(listed).toMatchObject({ service_request_id: walkIn, status: 'open', service_code: 'other', description: '', address: '' });
    expect(JSON.stringify(listed)).not.toMatch(/王建国|李春梅|东川村三社/);
    expect(String((json(await get(`requests/${created.id}.json`))[0] as Record<string, unknown>)['description'])).not.toBe('');
  });

  it('never shows a request outside it', async () => {
    expectErrors(await get(`requests/${outside}.json`), 404, 'json');
    const listed = json(await get('requests.json', { service_request_id: outside }));
    expect(listed).toEqual([]);
    const inTownship = json(await get('requests.json', { jurisdiction_id: TOWNSHIP })) as unknown as { service_request_id: string }[];
    expect(inTownship.map((i) => i.service_request_id)).toContain(created.id);
  });
});

describe('api_key', () => {
  // Without a key a GET is a public read (open311-public.e2e-spec.ts); a key that is sent is checked.
  it.each([
    ['a wrong secret', 'fq-integrator-621102:not-the-secret'],
    ['an unknown client', 'no-such-client:whatever'],
    ['not client:secret', 'just-a-key'],
    // A real service account, but not an integrator's: its own roles decide.
    ['an account without the integrator role', 'fq-services:fq-services-dev-secret'],
  ])('refuses %s with 403 in both formats', async (_label, key) => {
    for (const format of ['json', 'xml'] as const) {
      const r = await p.api(`/open311/v2/services.${format}?${new URLSearchParams({ api_key: key })}`);
      expectErrors({ status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() }, 403, format, /api_key|角色|role/);
    }
    expectErrors(await post('requests.json', examplePost({ api_key: key })), 403, 'json');
  });

  it('never writes the key to a log line', () => {
    expect(p.gateway.output.join('\n')).not.toContain(SECRET);
    expect(p.intake.output.join('\n')).not.toContain(SECRET);
  });
});

describe('bad input: 400 or 404 in the error format, never a 500', () => {
  it.each([
    ['no service_code', () => post('requests.json', examplePost({ service_code: undefined })), 400, /service_code/],
    ['an unknown service_code', () => post('requests.json', examplePost({ service_code: 'potholes' })), 404, /potholes/],
    ['no location', () => post('requests.json', examplePost({ lat: undefined, long: undefined, address_string: undefined })), 400, /location|位置/],
    ['a latitude out of range', () => post('requests.json', examplePost({ lat: '123.4' })), 400, /lat/],
    ['a bad phone number', () => post('requests.json', examplePost({ phone: '111111111' })), 400, /phone/],
    ['an unknown kind', () => post('requests.json', examplePost({ 'attribute[kind]': 'dispute' })), 400, /attribute\[kind\]/],
    ['a bad occurred_at', () => post('requests.json', examplePost({ 'attribute[occurred_at]': 'yesterday' })), 400, /occurred_at/],
    ['a description over 4000 characters', () => post('requests.json', examplePost({ description: '长'.repeat(4001) })), 400, /description/],
    ['a NUL character', () => post('requests.json', examplePost({ description: 'a\u0000b' })), 400, /U\+0000/],
    [
      'a body that is not a form',
      () =>
        p
          .api('/open311/v2/requests.json', { method: 'POST', body: '{"broken', headers: { 'content-type': 'application/json' } })
          .then(async (r) => ({ status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() })),
      400,
      /body|请求体/,
    ],
    ['a bad start_date', () => get('requests.json', { start_date: '2026-13-01' }), 400, /start_date/],
    ['a range over 90 days', () => get('requests.json', { start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' }), 400, /90/],
    ['a bad status', () => get('requests.json', { status: 'pending' }), 400, /status/],
    // Not a format: answered in XML, the specification's required one.
    ['an unknown format', () => get('services.csv'), 400, /json.*xml/, 'xml'],
    ['an unknown resource', () => get('widgets.json'), 404, /widgets/],
    [
      'a method the resource does not take',
      () =>
        p
          .api(url('services.json'), { method: 'DELETE' })
          .then(async (r) => ({ status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() })),
      405,
      /GET, HEAD/,
    ],
  ] as const)('%s', async (_label, call, status, pattern, format: 'json' | 'xml' = 'json') => {
    expectErrors(await call(), status, format, pattern);
  });
});
