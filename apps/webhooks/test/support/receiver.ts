import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WEBHOOK_DELIVERY_ID_HEADER, WEBHOOK_EVENT_ID_HEADER, WEBHOOK_SIGNATURE_HEADER } from '@fengqiao/contracts';
import { verifySignature } from '../../src/delivery/signature';

/** What the receiver does with the next request on a path: fail with a status, hang past the sender's timeout, or acknowledge. */
export type Behaviour = { status: number } | 'hang' | 'ok';

export interface Received {
  path: string;
  eventId: string;
  deliveryId: string;
  body: string;
  /** The signature checked with the path's secret when the request arrived. */
  signatureValid: boolean;
  /** The status the receiver answered (null: it hung up without answering). */
  answered: number | null;
}

/**
 * A webhook receiver on loopback: per path a script of behaviours (then `fallback`), a record of
 * every request, and each signature verified as it arrives with the secret the test registers.
 */
export class Receiver {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, Behaviour[]>();
  private readonly fallbacks = new Map<string, Behaviour>();
  private readonly secrets = new Map<string, string>();
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((ok) => this.server.close(ok));
  }

  /** The path's secret (from the subscription's creation), its script, and what it does after. */
  on(path: string, o: { secret?: string; script?: Behaviour[]; fallback?: Behaviour }): void {
    if (o.secret) this.secrets.set(path, o.secret);
    if (o.script) this.scripts.set(path, [...o.script]);
    if (o.fallback) this.fallbacks.set(path, o.fallback);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Event ids the receiver acknowledged (answered 2xx), with how often. */
  acknowledged(path: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.at(path)) if (r.answered !== null && r.answered < 300) out.set(r.eventId, (out.get(r.eventId) ?? 0) + 1);
    return out;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const secret = this.secrets.get(path);
    const entry: Received = {
      path,
      eventId: String(req.headers[WEBHOOK_EVENT_ID_HEADER.toLowerCase()] ?? ''),
      deliveryId: String(req.headers[WEBHOOK_DELIVERY_ID_HEADER.toLowerCase()] ?? ''),
      body,
      signatureValid: !!secret && verifySignature(secret, body, req.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string | undefined),
      answered: null,
    };
    this.received.push(entry);
    const behaviour = this.scripts.get(path)?.shift() ?? this.fallbacks.get(path) ?? 'ok';
    if (behaviour === 'hang') return; // the sender times out; the socket is destroyed at stop()
    entry.answered = behaviour === 'ok' ? 204 : behaviour.status;
    res.writeHead(entry.answered).end();
  }
}
