import { randomBytes } from 'node:crypto';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { startPrivateNats, waitFor, type PrivateNats } from '@fengqiao/testing';
import { CommandFailed, natsConnectionOptions, PrefixedNatsClient, PrefixedNatsServer, PROGRESS_HEADER, type CommandFailure } from '../src';

/**
 * The gateway's command against a real nats-server of the test's own (it is killed here): an answer,
 * or a failure as soon as the transport can tell which — nobody serves it, the service died under it
 * (its beats stopped), the bus dropped — and a slow service that beats is waited for.
 */
let nats: PrivateNats;
let spy: NatsConnection;
let beats = 0;
const prefix = `t${randomBytes(4).toString('hex')}`;
const O = { timeoutMs: 30_000, silenceMs: 1_500 };
const servers: PrefixedNatsServer[] = [];
let client: PrefixedNatsClient;

/** A service with one handler, `fq.test.<name>`, that answers what `handle` returns. */
async function serve(name: string, handle: (data: unknown) => Promise<unknown>): Promise<PrefixedNatsServer> {
  const server = new PrefixedNatsServer({ servers: nats.url, subjectPrefix: prefix, name: `fq-test-${name}` });
  server.addHandler(`fq.test.${name}`, (data: unknown) => handle(data));
  await new Promise<void>((ok, fail) => void server.listen((e?: unknown) => (e ? fail(e) : ok())));
  // Its subscription has reached nats-server before the test sends a command.
  await server.unwrap<NatsConnection>().flush();
  servers.push(server);
  return server;
}

const command = (name: string, payload: unknown = {}) => {
  const h = natsHeaders();
  h.set('x-request-id', 'r-1');
  return client.command<unknown>(`fq.test.${name}`, payload, h, O);
};

async function failureOf(p: Promise<unknown>): Promise<CommandFailure> {
  const e = await p.then(
    (v) => new Error(`answered ${JSON.stringify(v)}`),
    (x: unknown) => x,
  );
  if (!(e instanceof CommandFailed)) throw e;
  return e.reason;
}

/** A promise the test settles: a handler that works until then. */
function gate() {
  let open!: (v: unknown) => void;
  const p = new Promise((ok) => (open = ok));
  return { p, open };
}

beforeAll(async () => {
  nats = await startPrivateNats();
  // Beats go to the client's reply inboxes: a plain subscriber sees a copy of each.
  spy = await connect(natsConnectionOptions(nats.url, 'fq-test-spy'));
  spy.subscribe('_INBOX.>', { callback: (_e, m) => void (m.headers?.has(PROGRESS_HEADER) && beats++) });
  await spy.flush();
  client = new PrefixedNatsClient({ servers: nats.url, subjectPrefix: prefix, name: 'fq-test-client' });
  await client.connect();
}, 60_000);

afterAll(async () => {
  await client?.close();
  await Promise.all(servers.map((s) => s.close()));
  await spy?.close();
  await nats?.stop();
});

it('answers with the service value, headers and payload reaching it', async () => {
  await serve('echo', async (data) => ({ ok: true, value: data }));
  await expect(command('echo', { n: 1 })).resolves.toEqual({ ok: true, value: { n: 1 } });
});

it('fails at once with no-responders when nobody serves the command', async () => {
  const started = Date.now();
  expect(await failureOf(command('nobody'))).toBe('no-responders');
  expect(Date.now() - started).toBeLessThan(O.silenceMs);
});

it('waits for a slow service that beats, well past the silence limit', async () => {
  const g = gate();
  await serve('slow', async () => {
    await g.p;
    return 'done';
  });
  const before = beats;
  const answer = command('slow');
  // Three beats a second apart: twice the silence limit.
  await waitFor(() => beats - before >= 3, { what: 'three beats', timeoutMs: 20_000, intervalMs: 20 });
  g.open(undefined);
  await expect(answer).resolves.toBe('done');
});

it('fails with silent when the service that took the command dies under it, long before the timeout', async () => {
  const server = await serve('dies', () => new Promise(() => undefined));
  const before = beats;
  const started = Date.now();
  const answer = failureOf(command('dies'));
  await waitFor(() => beats > before, { what: 'the first beat', timeoutMs: 20_000, intervalMs: 20 });
  // Its connection gone with the handler still running: as a killed process, it never answers.
  await server.close();
  expect(await answer).toBe('silent');
  expect(Date.now() - started).toBeLessThan(O.timeoutMs / 2);
});

it('fails with disconnected at once while the bus is down, and answers again once it is back', async () => {
  const g = gate();
  await serve('held', () => g.p);
  const before = beats;
  const inFlight = failureOf(command('held'));
  await waitFor(() => beats > before, { what: 'the first beat', timeoutMs: 20_000, intervalMs: 20 });
  await nats.kill();
  expect(await inFlight).toBe('disconnected');
  expect(await failureOf(command('echo'))).toBe('disconnected');
  g.open(undefined);
  await nats.restart();
  // Both sides reconnect by themselves and the service subscribes again.
  await waitFor(() => command('echo', { n: 2 }).catch(() => undefined), { what: 'an answer after the restart', timeoutMs: 20_000, intervalMs: 200 });
  await expect(command('echo', { n: 3 })).resolves.toEqual({ ok: true, value: { n: 3 } });
});
