import { randomUUID } from 'node:crypto';
import { EventTypes, type WebhookDeliveryView, type WebhookSubscriptionCreated, type WebhookSubscriptionView } from '@fengqiao/contracts';
import { clientToken, keycloakAdmin, sampleCase, startApp, startPlatform, waitFor, type Platform, type RunningApp } from '@fengqiao/testing';
import { Receiver } from './support/receiver';
import { serviceAccount, type ServiceAccount } from './support/service-accounts';

/**
 * Webhooks end to end (docs/webhooks.md): the demo integrator subscribes through the gateway, cases
 * are registered through the gateway, and a receiver on loopback fails (5xx, a hang past the
 * timeout), recovers and verifies every signature. Real PostgreSQL, NATS JetStream and Keycloak.
 */
jest.setTimeout(240_000);

const PAUSE_AFTER = 4;
const INTEGRATOR = { id: 'fq-integrator-621102', secret: 'fq-integrator-dev-secret' };
const PII = ['王建国', '李春梅', '13812345678', '11010519491231002X', 'clerk.621102101', 'clerk.621102102'];

let p: Platform;
let receiver: Receiver;
let integrator: string;
/** The webhooks service after the crash test restarted it. */
let restarted: RunningApp | undefined;
const ENV: Record<string, string> = {
  WEBHOOKS_ALLOW_LOOPBACK_HTTP: 'true',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_PAUSE_AFTER: String(PAUSE_AFTER),
  // An owner is read from Keycloak at every fan-out and attempt: a change counts for the very next event,
  // however quickly the test makes it (with a cache it counts only once the kept answer expires).
  WEBHOOKS_OWNER_CACHE_MS: '0',
};
/** The directory reader and an integrator whose org unit the test changes (throwaway Keycloak clients). */
let reader: ServiceAccount;
let mover: ServiceAccount;

type Answer<T> = { status: number; contentType: string | null; body: T & { code?: string; detail?: string; title?: string } };

async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<Answer<T>> {
  const res = await p.api(path, { method, token, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), body: (text ? JSON.parse(text) : {}) as Answer<T>['body'] };
}

const subscribe = (body: Record<string, unknown>, token = integrator) =>
  call<WebhookSubscriptionCreated>('POST', '/api/v1/webhooks/subscriptions', token, body);
const subscription = (id: string) => call<WebhookSubscriptionView>('GET', `/api/v1/webhooks/subscriptions/${id}`, integrator);
const deliveries = async (id: string) =>
  (await call<{ items: WebhookDeliveryView[] }>('GET', `/api/v1/webhooks/subscriptions/${id}/deliveries`, integrator)).body.items;

async function registerCase(clerk: string, orgUnit: string): Promise<string> {
  const res = await p.api('/api/v1/cases', {
    method: 'POST',
    token: await p.ctx.tokenFor(clerk),
    body: JSON.stringify(sampleCase(orgUnit === '621102101' ? {} : { orgUnit, location: { address: '锦屏村' } })),
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The case ids of the events a path acknowledged. */
const caseIdsAcked = (path: string) =>
  new Set(
    receiver
      .at(path)
      .filter((r) => r.answered !== null && r.answered < 300)
      .map((r) => (JSON.parse(r.body) as { data: { caseId: string } }).data.caseId),
  );

beforeAll(async () => {
  receiver = new Receiver();
  await receiver.start();
  const admin = keycloakAdmin();
  reader = await serviceAccount(admin, { label: 'wh-directory', clientRoles: { 'realm-management': ['view-users'] } });
  mover = await serviceAccount(admin, { label: 'wh-mover', realmRoles: ['integrator'], orgUnit: '621102' });
  ENV['WEBHOOKS_DIRECTORY_CLIENT_ID'] = reader.clientId;
  ENV['WEBHOOKS_DIRECTORY_CLIENT_SECRET'] = reader.secret;
  p = await startPlatform('webhooks', {
    webhooks: true,
    env: ENV,
  });
  integrator = await clientToken(INTEGRATOR.id, INTEGRATOR.secret);
});

afterAll(async () => {
  await restarted?.stop();
  await p?.stop();
  await receiver?.stop();
  await mover?.remove();
  await reader?.remove();
});

describe('subscribing', () => {
  it('refuses a unit outside the integrator’s jurisdiction with a bilingual problem', async () => {
    for (const orgUnit of ['621100', '621101']) {
      const r = await subscribe({ url: `${receiver.url}/x`, eventTypes: [EventTypes.caseRegistered], orgUnit });
      expect(r.status).toBe(403);
      expect(r.contentType).toContain('application/problem+json');
      expect(r.body.code).toBe('OUTSIDE_JURISDICTION');
      expect(r.body.detail).toBe('该单位不在您的辖区内 / The org unit is outside your jurisdiction');
    }
  });

  it('refuses plain http off loopback, an unknown event type, and anyone but an integrator', async () => {
    const http = await subscribe({ url: 'http://hooks.example.cn/x', eventTypes: [EventTypes.caseRegistered] });
    expect(http.status).toBe(422);
    expect(http.body.code).toBe('NOT_HTTPS');
    const metadata = await subscribe({ url: 'https://169.254.169.254/latest', eventTypes: [EventTypes.caseRegistered] });
    expect(metadata.status).toBe(422);
    expect(metadata.body.code).toBe('PRIVATE_ADDRESS');
    // Not in the catalogue, and the key-person register's (need-to-know, never an integrator's).
    for (const type of ['cn.fengqiao.case.invented.v1', EventTypes.keyPersonRegistered]) {
      const unknown = await subscribe({ url: `${receiver.url}/x`, eventTypes: [type] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('UNKNOWN_EVENT_TYPE');
    }
    const clerk = await subscribe({ url: `${receiver.url}/x`, eventTypes: [EventTypes.caseRegistered] }, await p.ctx.tokenFor('leader.621102'));
    expect(clerk.status).toBe(403);
    expect(clerk.contentType).toContain('application/problem+json');
  });

  it('shows the secret once, and a subscription that is not yours is not found', async () => {
    const r = await subscribe({ url: `${receiver.url}/once`, eventTypes: [EventTypes.caseRegistered] });
    expect(r.status).toBe(201);
    expect(r.body.secret).toMatch(/^whsec_/);
    expect(r.body.orgUnit).toBe('621102');
    const again = await subscription(r.body.id);
    expect(again.status).toBe(200);
    expect(again.body).not.toHaveProperty('secret');
    expect((await call('DELETE', `/api/v1/webhooks/subscriptions/${r.body.id}`, integrator)).status).toBe(200);
    expect((await subscription(r.body.id)).status).toBe(404);
    expect((await subscription(randomUUID())).status).toBe(404);
  });
});

describe('delivering', () => {
  let main: WebhookSubscriptionCreated;
  let town: WebhookSubscriptionCreated;
  const chankou: string[] = [];
  let neiguanying: string;

  beforeAll(async () => {
    main = (await subscribe({ url: `${receiver.url}/main`, eventTypes: [EventTypes.caseRegistered] })).body;
    // Neiguanying town's subtree: allowed once the service's copy of the org tree holds the town.
    town = await waitFor(
      async () => {
        const r = await subscribe({ url: `${receiver.url}/town`, eventTypes: [EventTypes.caseRegistered], orgUnit: '621102102' });
        return r.status === 201 ? r.body : undefined;
      },
      { timeoutMs: 30_000, what: 'the org tree copy to hold 621102102' },
    );
    // Two 5xx, a hang past the 1 s timeout, a 503, then acknowledged: 4 failures in a row pause the subscription, so none more.
    receiver.on('/main', { secret: main.secret, script: [{ status: 500 }, { status: 502 }, 'hang'], fallback: 'ok' });
    receiver.on('/town', { secret: town.secret, fallback: 'ok' });
    for (let i = 0; i < 5; i++) chankou.push(await registerCase('clerk.621102101', '621102101'));
    neiguanying = await registerCase('clerk.621102102', '621102102');
  });

  it('delivers every event of its subtree after failures and a timeout, each acknowledged once, every signature valid', async () => {
    await waitFor(() => [...chankou, neiguanying].every((id) => caseIdsAcked('/main').has(id)), { timeoutMs: 90_000, what: 'every case at /main' });
    const log = await waitFor(
      async () => {
        const items = await deliveries(main.id);
        return items.length === 6 && items.every((d) => d.state === 'delivered') ? items : undefined;
      },
      { what: 'six delivered deliveries in the log' },
    );
    const acked = receiver.acknowledged('/main');
    expect(acked.size).toBe(6);
    expect([...acked.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(log.map((d) => d.eventId))).toEqual(new Set(acked.keys()));
    expect(receiver.at('/main').every((r) => r.signatureValid)).toBe(true);
    // The failures are in the log, attempt by attempt.
    const attempts = log.flatMap((d) => d.attempts);
    expect(attempts.filter((a) => !a.ok).map((a) => a.statusCode)).toEqual(expect.arrayContaining([500, 502, null]));
    expect(attempts.some((a) => a.error?.startsWith('timeout'))).toBe(true);
    expect(attempts.filter((a) => a.ok)).toHaveLength(6);
    expect((await subscription(main.id)).body).toMatchObject({ status: 'active', consecutiveFailures: 0 });
  });

  it('delivers to a township subscription only its own township’s events', async () => {
    await waitFor(() => caseIdsAcked('/town').has(neiguanying), { timeoutMs: 60_000, what: 'the Neiguanying case at /town' });
    await waitFor(async () => (await deliveries(town.id)).every((d) => d.state === 'delivered') || undefined, { what: 'town delivered' });
    expect(await deliveries(town.id)).toHaveLength(1);
    expect([...caseIdsAcked('/town')]).toEqual([neiguanying]);
  });

  it('sends no personal data: the personal fields removed and named, no name, phone, ID number or username in any body', async () => {
    for (const r of receiver.received.filter((x) => x.path === '/main' || x.path === '/town')) {
      for (const secret of PII) expect(r.body).not.toContain(secret);
      const event = JSON.parse(r.body) as { type: string; data: Record<string, unknown>; fqredacted?: string[] };
      expect(event.type).toBe(EventTypes.caseRegistered);
      expect(event.data).not.toHaveProperty('registeredBy');
      expect(event.data).not.toHaveProperty('title');
      expect(event.fqredacted).toEqual(expect.arrayContaining(['registeredBy', 'title']));
      expect(event.data).toHaveProperty('caseId');
    }
  });

  it('redelivers a delivery on request: a new delivery of the same event, signed', async () => {
    const [first] = await deliveries(town.id);
    const before = receiver.at('/town').length;
    const r = await call<WebhookDeliveryView>('POST', `/api/v1/webhooks/subscriptions/${town.id}/deliveries/${first!.id}/redeliver`, integrator);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ eventId: first!.eventId, redeliveryOf: first!.id });
    const again = await waitFor(
      () =>
        receiver
          .at('/town')
          .slice(before)
          .find((x) => x.deliveryId === r.body.id),
      { what: 'the redelivery' },
    );
    expect(again.eventId).toBe(first!.eventId);
    expect(again.signatureValid).toBe(true);
    const missing = await call('POST', `/api/v1/webhooks/subscriptions/${town.id}/deliveries/${randomUUID()}/redeliver`, integrator);
    expect(missing.status).toBe(404);
  });
});

describe('pausing after repeated failures', () => {
  it('pauses after N failed attempts, holds what comes meanwhile, and on resume delivers everything once', async () => {
    const sub = (await subscribe({ url: `${receiver.url}/down`, eventTypes: [EventTypes.caseRegistered], orgUnit: '621102101' })).body;
    receiver.on('/down', { secret: sub.secret, fallback: { status: 503 } });
    const first = await registerCase('clerk.621102101', '621102101');
    const paused = await waitFor(
      async () => {
        const s = (await subscription(sub.id)).body;
        return s.status === 'paused' ? s : undefined;
      },
      { timeoutMs: 60_000, what: 'the subscription paused' },
    );
    expect(paused).toMatchObject({ pausedReason: 'failures', consecutiveFailures: PAUSE_AFTER });
    expect(receiver.at('/down')).toHaveLength(PAUSE_AFTER);
    // Held meanwhile: the next event is logged, not sent.
    const second = await registerCase('clerk.621102101', '621102101');
    await waitFor(async () => (await deliveries(sub.id)).filter((d) => d.state === 'held').length === 2 || undefined, { what: 'two held deliveries' });
    expect(receiver.at('/down')).toHaveLength(PAUSE_AFTER);
    // A redelivery of a paused subscription is refused.
    const held = await deliveries(sub.id);
    const refused = await call('POST', `/api/v1/webhooks/subscriptions/${sub.id}/deliveries/${held[0]!.id}/redeliver`, integrator);
    expect(refused.status).toBe(409);
    receiver.on('/down', { fallback: 'ok' });
    const resumed = await call<WebhookSubscriptionView>('POST', `/api/v1/webhooks/subscriptions/${sub.id}/resume`, integrator);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'active', consecutiveFailures: 0 });
    await waitFor(() => caseIdsAcked('/down').has(first) && caseIdsAcked('/down').has(second), { timeoutMs: 60_000, what: 'both cases at /down' });
    await waitFor(async () => (await deliveries(sub.id)).every((d) => d.state === 'delivered') || undefined, { what: 'all delivered' });
    expect([...receiver.acknowledged('/down').values()]).toEqual([1, 1]);
    expect(receiver.at('/down').every((r) => r.signatureValid)).toBe(true);
    expect((await call('POST', `/api/v1/webhooks/subscriptions/${sub.id}/resume`, integrator)).status).toBe(409);
  });

  it('pauses and resumes on request', async () => {
    const sub = (await subscribe({ url: `${receiver.url}/manual`, eventTypes: [EventTypes.caseRegistered] })).body;
    const paused = await call<WebhookSubscriptionView>('POST', `/api/v1/webhooks/subscriptions/${sub.id}/pause`, integrator);
    expect(paused.body).toMatchObject({ status: 'paused', pausedReason: 'requested' });
    const list = await call<{ items: WebhookSubscriptionView[] }>('GET', '/api/v1/webhooks/subscriptions', integrator);
    expect(list.body.items.find((s) => s.id === sub.id)?.status).toBe('paused');
    expect((await call('POST', `/api/v1/webhooks/subscriptions/${sub.id}/resume`, integrator)).body).toMatchObject({ status: 'active' });
  });
});

describe('the owner as Keycloak has it now', () => {
  it('pauses, with the reason in the API, a subscription whose owner moved out of its unit, and sends it nothing more', async () => {
    const token = () => clientToken(mover.clientId, mover.secret);
    const sub = (await subscribe({ url: `${receiver.url}/moved`, eventTypes: [EventTypes.caseRegistered], orgUnit: '621102101' }, await token())).body;
    receiver.on('/moved', { secret: sub.secret, fallback: 'ok' });
    const before = await registerCase('clerk.621102101', '621102101');
    await waitFor(() => caseIdsAcked('/moved').has(before) || undefined, { timeoutMs: 60_000, what: 'the case at /moved' });

    await mover.moveTo('621101');
    const after = await registerCase('clerk.621102101', '621102101');
    const moved = await token();
    const paused = await waitFor(
      async () => {
        const s = await call<WebhookSubscriptionView>('GET', `/api/v1/webhooks/subscriptions/${sub.id}`, moved);
        return s.body.status === 'paused' ? s.body : undefined;
      },
      { timeoutMs: 60_000, what: 'the subscription paused for its owner' },
    );
    expect(paused.pausedReason).toBe('owner-outside-jurisdiction');
    const log = await call<{ items: WebhookDeliveryView[] }>('GET', `/api/v1/webhooks/subscriptions/${sub.id}/deliveries`, moved);
    expect(log.body.items.map((d) => d.state)).toEqual(['delivered']);
    expect(caseIdsAcked('/moved').has(after)).toBe(false);
    // Its owner cannot resume it from where it is now.
    const resume = await call('POST', `/api/v1/webhooks/subscriptions/${sub.id}/resume`, moved);
    expect(resume.status).toBe(403);
    expect(resume.body.code).toBe('OUTSIDE_JURISDICTION');
  });
});

describe('a crash of the webhooks service', () => {
  it('loses no event and sends none twice: killed mid-attempt, events arriving while it is down, all delivered once after its restart', async () => {
    const sub = (await subscribe({ url: `${receiver.url}/crash`, eventTypes: [EventTypes.caseRegistered], orgUnit: '621102101' })).body;
    // The first request hangs: the service is killed while it waits for the answer.
    receiver.on('/crash', { secret: sub.secret, script: ['hang'], fallback: 'ok' });
    const cases = [await registerCase('clerk.621102101', '621102101')];
    await waitFor(() => receiver.at('/crash').length === 1 || undefined, { what: 'the attempt in flight' });
    await p.webhooks!.kill();
    for (let i = 0; i < 3; i++) cases.push(await registerCase('clerk.621102101', '621102101'));
    restarted = await startApp('webhooks', p.ctx.appEnv({ LOG_LEVEL: 'info', ...ENV }));
    await waitFor(() => cases.every((id) => caseIdsAcked('/crash').has(id)), { timeoutMs: 60_000, what: 'every case at /crash' });
    await waitFor(
      async () => {
        const items = await deliveries(sub.id);
        return (items.length === 4 && items.every((d) => d.state === 'delivered')) || undefined;
      },
      { what: 'four delivered deliveries' },
    );
    const acked = receiver.acknowledged('/crash');
    expect(acked.size).toBe(4);
    expect([...acked.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.at('/crash').every((r) => r.signatureValid)).toBe(true);
  });
});
