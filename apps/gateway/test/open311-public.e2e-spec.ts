import type { CaseView } from '@fengqiao/contracts';
import { tokenFor } from '@fengqiao/testing';
import { startPlatform, type Platform } from './platform.harness';

/**
 * Open311's public reads (docs/open311.md): GeoReport v2 asks an api_key of POST only, so every GET
 * answers without one — read as the platform's public reader, and intake answers the public view:
 * the requests of the `jurisdiction_id` unit that came in through a public channel (an integrator's
 * app, `online`), with service, status, notes, agency and dates but no words, no place, no person.
 * A walk-in complaint of the same unit is not listed. A POST without the key, a bad key on a GET and
 * a public list that names no jurisdiction are refused in Open311's error format.
 */

const API_KEY = 'fq-integrator-621102:fq-integrator-dev-secret';
const TOWNSHIP = '621102101';
const OTHER_TOWNSHIP = '621102102';
const REPORT = '巉口镇东街路面塌陷，王建国家门口积水';
const ADDRESS = '东街 12 号';

let p: Platform;
let created: { id: string; token: string };
let walkIn: string;

type Item = Record<string, unknown> & { service_request_id: string };
async function get(path: string, q: Record<string, string> = {}) {
  const r = await p.api(`/open311/v2/${path}?${new URLSearchParams(q)}`);
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}
const items = (r: { text: string }) => JSON.parse(r.text) as Item[];
const errorsOf = (r: { text: string }) => (JSON.parse(r.text) as { code: number; description: string }[]).map((e) => `${e.code} ${e.description}`).join('\n');

beforeAll(async () => {
  p = await startPlatform('open311-public');
  const form = new URLSearchParams({
    api_key: API_KEY,
    jurisdiction_id: TOWNSHIP,
    service_code: 'other',
    description: REPORT,
    address_string: ADDRESS,
    lat: '35.55',
    long: '104.61',
    first_name: '建国',
    last_name: '王',
    phone: '13912345678',
  });
  const r = await p.api('/open311/v2/requests.json', {
    method: 'POST',
    body: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect({ status: r.status, body: (await r.clone().text()).slice(0, 300) }).toEqual({ status: 200, body: expect.any(String) });
  const [answer] = (await r.json()) as { service_request_id: string; token: string }[];
  created = { id: answer!.service_request_id, token: answer!.token };

  const clerk = await tokenFor(`clerk.${TOWNSHIP}`);
  const body = {
    kind: 'complaint',
    category: 'other',
    channel: 'walk-in',
    orgUnit: TOWNSHIP,
    title: '李春梅投诉邻居',
    description: '李春梅投诉邻居占道',
    parties: [{ role: 'applicant', name: '李春梅' }],
  };
  const w = await p.api('/api/v1/cases', { method: 'POST', token: clerk, body: JSON.stringify(body) });
  expect(w.status).toBe(201);
  walkIn = ((await w.json()) as CaseView).caseNo;
}, 240_000);

afterAll(async () => {
  await p?.stop();
});

describe('GET without api_key', () => {
  it('lists the services and defines one, in JSON and XML, as with a key', async () => {
    const anonymous = await get('services.json');
    expect(anonymous.status).toBe(200);
    expect(items(anonymous)).toEqual(items(await get('services.json', { api_key: API_KEY })));
    expect((await get('services.xml')).text).toContain('<service_code>other</service_code>');
    expect(JSON.parse((await get('services/other.json')).text)).toMatchObject({ service_code: 'other' });
  });

  it('lists the unit’s requests of a public channel with status, notes, agency and dates — no words, place or person', async () => {
    const r = await get('requests.json', { jurisdiction_id: TOWNSHIP, extensions: 'true' });
    expect(r.status).toBe(200);
    const listed = items(r);
    const mine = listed.find((i) => i.service_request_id === created.id);
    expect(mine).toMatchObject({
      status: 'open',
      service_code: 'other',
      service_name: '其他',
      agency_responsible: '巉口镇',
      status_notes: expect.stringMatching(/[\u4e00-\u9fff].* \/ [A-Za-z]/),
      description: '',
      address: '',
      lat: null,
      long: null,
      requested_datetime: expect.any(String),
      expected_datetime: expect.any(String),
      extended_attributes: expect.objectContaining({ title: '', grid_code: '', kind: 'complaint' }),
    });
    // Only the Open311 kinds, never the walk-in complaint of the same unit, nobody's words.
    expect(listed.map((i) => (i['extended_attributes'] as { kind: string }).kind).every((k) => ['complaint', 'hazard', 'consultation'].includes(k))).toBe(true);
    expect(listed.map((i) => i.service_request_id)).not.toContain(walkIn);
    expect(r.text).not.toMatch(/王建国|李春梅|东街|13912345678/);

    const xml = await get('requests.xml', { jurisdiction_id: TOWNSHIP });
    expect(xml.text).toContain(`<service_request_id>${created.id}</service_request_id>`);
    expect(xml.text).not.toMatch(/王建国|东街/);
  });

  it('reads one request and finds a token within the unit, and nothing of another unit or channel', async () => {
    const [one] = items(await get(`requests/${created.id}.json`, { jurisdiction_id: TOWNSHIP }));
    expect(one).toMatchObject({ service_request_id: created.id, description: '', address: '', lat: null });
    // The same request with the key shows the integrator its own words, as before.
    const [keyed] = items(await get(`requests/${created.id}.json`, { api_key: API_KEY }));
    expect(keyed).toMatchObject({ description: REPORT, address: ADDRESS });
    expect(items(await get(`tokens/${created.token}.json`, { jurisdiction_id: TOWNSHIP }))).toEqual([{ service_request_id: created.id, token: created.token }]);

    for (const [path, q] of [
      [`requests/${walkIn}.json`, { jurisdiction_id: TOWNSHIP }],
      [`requests/${created.id}.json`, { jurisdiction_id: OTHER_TOWNSHIP }],
      [`tokens/${created.token}.json`, { jurisdiction_id: OTHER_TOWNSHIP }],
    ] as const) {
      const r = await get(path, q);
      expect({ path, q, status: r.status }).toEqual({ path, q, status: 404 });
    }
  });

  it('refuses a list or a read that names no jurisdiction_id (400), an unknown one (404)', async () => {
    for (const path of ['requests.json', `requests/${created.id}.json`, `tokens/${created.token}.json`]) {
      const r = await get(path);
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
      expect(errorsOf(r)).toMatch(/jurisdiction_id/);
    }
    const unknown = await get('requests.json', { jurisdiction_id: '629999' });
    expect(unknown.status).toBe(404);
  });
});

describe('what still needs the key', () => {
  it('refuses a POST without api_key (403), in the error format', async () => {
    const form = new URLSearchParams({ jurisdiction_id: TOWNSHIP, service_code: 'other', description: 'x', address_string: ADDRESS });
    const r = await p.api('/open311/v2/requests.json', {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(403);
    expect(errorsOf({ text: await r.text() })).toMatch(/^403 .*api_key/);
  });

  it('never writes the public reader’s secret to a log line', () => {
    expect(p.gateway.output.join('\n')).not.toContain('fq-services-dev-secret');
  });

  it('refuses a bad api_key on a GET (403) instead of answering the public view', async () => {
    for (const format of ['json', 'xml']) {
      const r = await get(`requests.${format}`, { api_key: 'fq-integrator-621102:not-the-secret', jurisdiction_id: TOWNSHIP });
      expect({ format, status: r.status }).toEqual({ format, status: 403 });
      expect(r.text).toMatch(/api_key/);
    }
  });
});
