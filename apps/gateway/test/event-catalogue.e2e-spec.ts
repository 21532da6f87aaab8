import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NatsConnection } from 'nats';
import {
  eventDefinition,
  EventTypes,
  caseEventType,
  streamName,
  type BoundaryGeometry,
  type CaseView,
  type CloudEvent,
  type OrgUnitDetailView,
} from '@fengqiao/contracts';
import { waitFor } from '@fengqiao/testing';
import { buildAsyncApiDocument } from '../src/asyncapi/asyncapi.document';
import { sampleCase, standInToken, startPlatform, type Platform } from './platform.harness';
import { call, distinctivePerson, KP, registration } from './support/key-persons';

/**
 * The event catalogue against what the services really publish: the platform walks cases, a field
 * report, a check-in, the org tree and the key-person register through the public API, then every
 * CloudEvent on the test's JetStream stream (the seeded demo county's included) must be a catalogue
 * type on its catalogue subject, from its catalogue source, with data its schema accepts. The
 * gateway serves the AsyncAPI document of the same catalogue without a token.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };
const TOWN = '621102101';
const VILLAGE = '621102101201';
const GRID = `${VILLAGE}-01`;
const WORKER = 'grid.621102101201';

beforeAll(async () => {
  // The orchestrator loads the workflow bundle `nx build orchestrator` wrote, as an image does, instead of bundling at start.
  const bundle = resolve(__dirname, '../../../dist/orchestrator/workflow-bundle.js');
  p = await startPlatform('event-catalogue', { mediation: [[TOWN]], keyPersons: true, env: existsSync(bundle) ? { WORKFLOW_BUNDLE: bundle } : {} });
  admin = await standInToken('admin', null);
}, 240_000);

afterAll(async () => {
  await admin?.remove().catch(() => undefined);
  await p?.stop();
});

interface Seen {
  subject: string;
  event: CloudEvent<Record<string, unknown>>;
}

/** Every message the stream holds now, in order (an ordered consumer over all its subjects). */
async function readAll(nats: NatsConnection, stream: string): Promise<Seen[]> {
  const count = (await (await nats.jetstreamManager()).streams.info(stream)).state.messages;
  const consumer = await nats.jetstream().consumers.get(stream);
  const out: Seen[] = [];
  while (out.length < count) {
    const before = out.length;
    for await (const m of await consumer.fetch({ max_messages: count - out.length, expires: 2000 })) {
      out.push({ subject: m.subject, event: m.json<CloudEvent<Record<string, unknown>>>() });
    }
    if (out.length === before) break;
  }
  return out;
}

const centre = (b: BoundaryGeometry) => {
  const ring = (b.type === 'Polygon' ? b.coordinates[0] : b.coordinates[0]![0])!.slice(0, -1);
  return { lng: ring.reduce((s, q) => s + q[0], 0) / ring.length, lat: ring.reduce((s, q) => s + q[1], 0) / ring.length };
};

async function ok<T>(path: string, user: string | { token: string }, body?: unknown, method?: string): Promise<T> {
  const token = typeof user === 'string' ? await p.ctx.tokenFor(user) : user.token;
  const res = await p.api(path, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    token,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method ?? 'POST'} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

const routed = (id: string) =>
  waitFor(
    async () => {
      const c = await ok<CaseView>(`/api/v1/cases/${id}`, 'clerk.621102101');
      return c.allowedActions.length > 0 && c;
    },
    { what: 'case routed', timeoutMs: 30_000 },
  );

describe('the AsyncAPI document', () => {
  it('is served at /api/v1/asyncapi.json without a token: the catalogue as the unit tests check it', async () => {
    const res = await p.api('/api/v1/asyncapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(buildAsyncApiDocument())));
  });
});

describe('every event the services publish is in the catalogue', () => {
  it('walks cases, a field report, a check-in, the org tree and a key person, then checks every event on the stream', async () => {
    // A dispute resolved at first contact: registered, routed, replied, feedback, rated, closed.
    const first = await ok<CaseView>('/api/v1/cases', 'resident.demo', sampleCase({ parties: [{ role: 'applicant', name: '居民本人' }] }));
    await routed(first.id);
    await ok(`/api/v1/cases/${first.id}/actions/reply`, 'clerk.621102101', { message: '已当场答复并化解', resolved: true });
    await ok(`/api/v1/cases/${first.id}/actions/feedback`, 'clerk.621102101', { message: '电话告知处理结果', channel: 'phone' });
    await ok(`/api/v1/cases/${first.id}/actions/rate`, 'resident.demo', { score: 5, comment: '满意' });
    // One to mediation: assigned, a session.
    const second = await ok<CaseView>('/api/v1/cases', 'clerk.621102101', sampleCase());
    await routed(second.id);
    await ok(`/api/v1/cases/${second.id}/actions/assign`, 'clerk.621102101', {});
    await ok(`/api/v1/cases/${second.id}/actions/session`, 'mediator.621102101', {
      at: '2026-11-24T09:00:00+08:00',
      summary: '双方到场，初步沟通',
      participants: ['王建国', '李春梅'],
    });

    // A resident's field report the grid worker settles: recorded, handled, verified.
    const grid = await ok<OrgUnitDetailView>(`/api/v1/org-units/${GRID}`, admin);
    const inGrid = centre(grid.boundary!);
    const report = await ok<{ id: string }>('/api/v1/field-reports', 'resident.demo', {
      kind: 'hazard',
      category: 'other',
      text: '村道旁电线杆倾斜',
      position: inGrid,
    });
    await ok(`/api/v1/field-reports/${report.id}/settle`, WORKER, { result: '已处理' });
    // The grid worker's check-in.
    await ok('/api/v1/check-ins', WORKER, { position: inGrid });
    // The org tree: a unit renamed and its grid workers (org-unit.upserted, check-in.roster).
    const village = await ok<OrgUnitDetailView>(`/api/v1/org-units/${VILLAGE}`, admin);
    await ok(
      '/api/v1/org-units',
      admin,
      {
        units: [
          {
            code: village.code,
            name: `${village.name}（更名）`,
            nameEn: village.nameEn,
            level: village.level,
            parent: village.parent,
            workers: [{ name: '网格员', phone: '13800138013', username: WORKER }],
          },
        ],
      },
      'PUT',
    );
    // A key person put on the register, and a contact made: registered, obligation planned and met.
    const person = await call<{ id: string; registeredAt: string }>(p, '/api/v1/key-persons', KP.officer, registration(distinctivePerson('目录测试')));
    expect(person.status).toBe(201);
    await waitFor(
      async () => (await call<Array<{ personId: string }>>(p, '/api/v1/key-persons/tasks', KP.grid)).body.some((t) => t.personId === person.body.id),
      {
        what: 'the contact task',
        timeoutMs: 30_000,
      },
    );
    const contact = await call(p, `/api/v1/key-persons/${person.body.id}/contacts`, KP.grid, {
      kind: 'visit',
      at: new Date(Date.parse(person.body.registeredAt) + 1).toISOString(),
      place: '东川村委会',
      note: '情绪平稳',
    });
    expect(contact.status).toBe(201);

    // What this walk must have published; the stream may hold more (the seeded county's events).
    const expected = [
      EventTypes.caseRegistered,
      ...(['routed', 'replied', 'feedback-recorded', 'rated', 'closed', 'assigned', 'session-recorded'] as const).map(caseEventType),
      EventTypes.fieldReportRecorded,
      EventTypes.fieldReportHandled,
      EventTypes.fieldReportVerified,
      EventTypes.checkInRecorded,
      EventTypes.checkInRoster,
      EventTypes.orgUnitUpserted,
      EventTypes.keyPersonRegistered,
      EventTypes.keyPersonObligationPlanned,
      EventTypes.keyPersonObligationMet,
    ];
    const stream = streamName(p.ctx.prefix);
    const seen = await waitFor(
      async () => {
        const all = await readAll(p.ctx.nats, stream);
        const types = new Set(all.map((s) => s.event.type));
        return expected.every((t) => types.has(t)) && all;
      },
      { what: 'every expected event on the stream', timeoutMs: 60_000 },
    );

    const problems: string[] = [];
    for (const { subject, event } of seen) {
      const d = eventDefinition(event.type);
      if (!d) {
        problems.push(`${event.type} on ${subject}: not in the catalogue`);
        continue;
      }
      // `<prefix>.fq.evt.<orgUnit>.<aggregate>.<event>`; an org unit or grid code is one token.
      const tokens = subject.slice(p.ctx.prefix.length + 1).split('.');
      if (tokens.length !== 5 || tokens[0] !== 'fq' || tokens[1] !== 'evt' || tokens[3] !== d.aggregate || tokens[4] !== d.event) {
        problems.push(`${event.type} on ${subject}: the catalogue says fq.evt.{orgUnit}.${d.aggregate}.${d.event}`);
      }
      if (event.specversion !== '1.0' || event.source !== d.source || event.datacontenttype !== 'application/json' || !event.id || !event.time) {
        problems.push(`${event.type} on ${subject}: envelope ${JSON.stringify({ ...event, data: undefined })}`);
      }
      const parsed = d.data.safeParse(event.data);
      if (!parsed.success) problems.push(`${event.type} on ${subject}: ${JSON.stringify(parsed.error.issues)} in ${JSON.stringify(event.data)}`);
    }
    expect(problems).toEqual([]);
    // Reported for the reader: which catalogue types this walk covered.
    expect(new Set(seen.map((s) => s.event.type)).size).toBeGreaterThanOrEqual(expected.length);
  });
});
