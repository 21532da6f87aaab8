import type { Subscription } from 'nats';
import { Commands, withPrefix, type CaseView } from '@fengqiao/contracts';
import { startApp, waitFor, type RunningApp } from '@fengqiao/testing';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * The first attempt is done downstream but its answer never reaches the client: the gateway dies
 * after handing the request to intake, intake commits afterwards. The client's retry with the same
 * Idempotency-Key gets that case (and that step), never a second one. Made exact, not raced: intake
 * is paused (SIGSTOP) while the request reaches it, the gateway is killed (-9), then intake resumes.
 */
let p: Platform;
let gateway: RunningApp;
let clerk: string;

beforeAll(async () => {
  p = await startPlatform('lost-answer');
  gateway = p.gateway;
  clerk = await p.ctx.tokenFor('clerk.621102101');
}, 180_000);

afterAll(async () => {
  p?.intake.resume();
  await gateway?.stop();
  await p?.stop();
});

const send = (path: string, key: string, body: unknown) =>
  fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });

/** A copy of every command on `subject` (a plain subscriber beside intake's queue group). */
function watch(subject: string): { seen: () => number; stop: () => void } {
  let n = 0;
  const sub: Subscription = p.ctx.nats.subscribe(withPrefix(p.ctx.prefix, subject), { callback: () => void n++ });
  return { seen: () => n, stop: () => sub.unsubscribe() };
}

/**
 * Sends the request, lets it reach the paused intake, kills the gateway under it, resumes intake
 * and waits until `done` says the first attempt's write is there; then a new gateway on the same port.
 */
async function loseTheAnswer(subject: string, request: () => Promise<Response>, done: () => Promise<boolean>): Promise<void> {
  const commands = watch(subject);
  await p.ctx.nats.flush();
  p.intake.pause();
  try {
    const first = request().catch(() => 'dropped' as const);
    await waitFor(() => commands.seen() > 0, { what: 'the command on the bus', intervalMs: 20 });
    await gateway.kill();
    expect(await first).toBe('dropped');
  } finally {
    p.intake.resume();
    commands.stop();
  }
  await waitFor(done, { what: "the first attempt's write", timeoutMs: 30_000 });
  gateway = await startApp('gateway', p.ctx.appEnv({ LOG_LEVEL: 'info' }), { port: gateway.port });
}

it('answers a registration retried after its answer was lost with the case it made, and registers nothing twice', async () => {
  const key = `lost-${p.ctx.prefix}-register`;
  const body = sampleCase({ title: '答复丢失的登记' });
  const cases = () => p.ctx.sql<{ id: string }>(`SELECT id::text FROM intake.cases WHERE request_key = $1`, [key]);
  await loseTheAnswer(
    Commands.intake.createCase,
    () => send('/api/v1/cases', key, body),
    async () => (await cases()).length > 0,
  );

  const retried = await send('/api/v1/cases', key, body);
  expect(retried.status).toBe(201);
  const view = (await retried.json()) as CaseView;
  expect(await cases()).toEqual([{ id: view.id }]);
  // The answer is now stored: a third attempt replays it.
  const again = await send('/api/v1/cases', key, body);
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(((await again.json()) as CaseView).id).toBe(view.id);
  // The same key with another body stays a client error.
  const other = await send('/api/v1/cases', key, { ...body, title: '另一件事' });
  expect(other.status).toBe(422);
  expect(other.headers.get('content-type')).toContain('application/problem+json');
  // …and the case has its process.
  const run = await waitFor(() =>
    p.ctx.temporal.workflow
      .getHandle(view.workflowId)
      .describe()
      .catch(() => undefined),
  );
  expect(run.status.name).toBe('RUNNING');
}, 120_000);

it('answers an action retried after its answer was lost with the step it took, taken once', async () => {
  const created = await send('/api/v1/cases', `lost-${p.ctx.prefix}-for-action`, sampleCase({ title: '答复丢失的操作' }));
  expect(created.status).toBe(201);
  const c = (await created.json()) as CaseView;
  const key = `lost-${p.ctx.prefix}-reply`;
  const path = `/api/v1/cases/${c.id}/actions/reply`;
  // A reply that does not settle the case: the case stays where another reply would be taken again.
  const body = { message: '已联系双方，约定明日到中心调解', resolved: false };
  const replies = () => p.ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM intake.case_timeline WHERE case_id = $1 AND type = 'replied'`, [c.id]);
  await loseTheAnswer(
    Commands.intake.act,
    () => send(path, key, body),
    async () => (await replies())[0]!.n > 0,
  );

  const retried = await send(path, key, body);
  expect(retried.status).toBe(200);
  expect(((await retried.json()) as CaseView).allowedActions).toContain('reply');
  expect(await replies()).toEqual([{ n: 1 }]);
  // Another reply under a new key is a new step: the retry above was recognised, not refused.
  expect((await send(path, `${key}-2`, body)).status).toBe(200);
  expect(await replies()).toEqual([{ n: 2 }]);
}, 120_000);
