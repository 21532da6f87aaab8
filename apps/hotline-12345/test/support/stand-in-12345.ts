import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in 12345 centre on loopback, speaking the reference format of docs/hotline-12345.md and
 * nothing else: it signs the orders it dispatches and verifies the signature of every push it takes,
 * written here from the document (not from the adapter's code). `failing` makes it answer 503 (an
 * outage); it records each push it acknowledged, and every push it saw.
 */
export interface StandInPush {
  pushId: string;
  orderNo: string;
  caseNo: string;
  seq: number;
  type: string;
  at: string;
  [field: string]: unknown;
}

export interface StandIn12345 {
  url: string;
  /** Pushes acknowledged (2xx), in the order they arrived. */
  acknowledged: StandInPush[];
  /** Every push that reached it, acknowledged or refused (a failing centre still sees them). */
  seen: StandInPush[];
  /** Pushes whose signature did not verify (there should be none). */
  badSignatures: number;
  failing: boolean;
  /** Dispatches an order to the adapter, signed as the document says (or with `sign: false`, unsigned). */
  dispatch(
    adapterUrl: string,
    order: unknown,
    o?: { sign?: boolean; secret?: string; timestamp?: number },
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

const sign = (secret: string, ts: number, body: string) => `v1=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startStandIn12345(o: { centre: string; secret: string }): Promise<StandIn12345> {
  const state = { acknowledged: [] as StandInPush[], seen: [] as StandInPush[], badSignatures: 0, failing: false };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const ts = Number(req.headers['x-hotline-timestamp']);
      const given = String(req.headers['x-hotline-signature'] ?? '');
      const expected = sign(o.secret, ts, body);
      const valid =
        req.headers['x-hotline-centre'] === o.centre &&
        Math.abs(Date.now() / 1000 - ts) <= 300 &&
        given.length === expected.length &&
        timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      if (!valid) {
        state.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      const push = JSON.parse(body) as StandInPush;
      state.seen.push(push);
      if (standIn.failing) {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"BUSY"}');
        return;
      }
      // A repeat of an acknowledged push (same pushId) is acknowledged again and not recorded twice.
      if (!state.acknowledged.some((p) => p.pushId === push.pushId)) state.acknowledged.push(push);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":"OK"}');
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const standIn: StandIn12345 = {
    url: `http://127.0.0.1:${port}/push`,
    get acknowledged() {
      return state.acknowledged;
    },
    get seen() {
      return state.seen;
    },
    get badSignatures() {
      return state.badSignatures;
    },
    failing: false,
    async dispatch(adapterUrl, order, d = {}) {
      const body = JSON.stringify(order);
      const ts = d.timestamp ?? Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (d.sign !== false) {
        headers['x-hotline-centre'] = o.centre;
        headers['x-hotline-timestamp'] = String(ts);
        headers['x-hotline-signature'] = sign(d.secret ?? o.secret, ts, body);
      }
      const res = await fetch(`${adapterUrl}/hotline/v1/orders`, { method: 'POST', headers, body });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
  return standIn;
}
