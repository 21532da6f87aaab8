import { Controller, Get, Inject, Injectable, Logger, Param, Req, Res, type LoggerService, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { connect, type NatsConnection } from 'nats';
import { natsConnectionOptions } from '@fengqiao/messaging';
import { Commands, withPrefix, type LiveCaseEvent } from '@fengqiao/contracts';
import { CASE_READER_ROLES, Roles } from '@fengqiao/auth';
import { mayActOnUnit } from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { INTAKE_CLIENT } from '../service-client/service-clients';
import type { ServiceClient } from '../service-client/service-client';

/** What a browser learns of a change: enough to refetch the case through the API, nothing more. */
/** A case event as the streams see it: the public LiveCaseEvent plus the path the subtree filter needs (not sent). */
export interface RelayedCaseEvent extends LiveCaseEvent {
  orgPath: string | null;
}

type Listener = (e: RelayedCaseEvent) => void;

/**
 * One core-NATS subscription to the case events of FQ_EVENTS (`fq.evt.*.case.>`), fanned out
 * to every open event stream of this gateway.
 */
@Injectable()
export class LiveEvents implements OnApplicationShutdown {
  /** Each open stream's listener and the function that ends it. */
  private readonly streams = new Map<Listener, () => void>();
  private nc: NatsConnection | null = null;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly logger: Pick<LoggerService, 'error'> = new Logger(LiveEvents.name),
  ) {}

  async start(): Promise<void> {
    this.nc = await connect(natsConnectionOptions(this.config.NATS_URL, 'fq-gateway-live'));
    const sub = this.nc.subscribe(withPrefix(this.config.FQ_PREFIX, 'fq.evt.*.case.>'));
    void (async () => {
      for await (const m of sub) {
        const e = parseCaseEvent(m.string());
        if (e) this.dispatch(e);
      }
    })();
  }

  /**
   * Hands an event to every stream. One stream's failure is its own: that stream is ended (its
   * client reconnects and reloads), the others and the subscription go on.
   */
  dispatch(e: RelayedCaseEvent): void {
    for (const [listener, close] of [...this.streams]) {
      try {
        listener(e);
      } catch (err) {
        this.logger.error(
          `live event listener failed (case ${e.caseId}), stream ended: ${err instanceof Error ? err.message : String(err)}`,
          err instanceof Error ? err.stack : undefined,
        );
        this.streams.delete(listener);
        try {
          close();
        } catch {
          // The connection is already gone: nothing left to end.
        }
      }
    }
  }

  /** Adds a stream; `close` ends it (gateway shutdown, or its listener failed). Returns the remover. */
  add(listener: Listener, close: () => void): () => void {
    this.streams.set(listener, close);
    return () => void this.streams.delete(listener);
  }

  async onApplicationShutdown() {
    for (const close of [...this.streams.values()]) close();
    await this.nc?.drain().catch(() => undefined);
  }
}

export const liveEventsProvider: Provider = {
  provide: LiveEvents,
  inject: [GATEWAY_CONFIG],
  useFactory: async (c: GatewayConfig) => {
    const live = new LiveEvents(c);
    await live.start();
    return live;
  },
};

export function parseCaseEvent(raw: string): RelayedCaseEvent | null {
  try {
    const ev = JSON.parse(raw) as { type?: unknown; time?: unknown; data?: Record<string, unknown> };
    const d = ev.data ?? {};
    if (typeof d['caseId'] !== 'string') return null;
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const type = str(d['type']) ?? str(ev.type)?.replace(/^cn\.fengqiao\.case\.|\.v\d+$/g, '') ?? 'changed';
    return {
      caseId: d['caseId'],
      caseNo: str(d['caseNo']) ?? '',
      type,
      status: str(d['status']),
      warning: str(d['warning']),
      at: str(d['at']) ?? str(ev.time),
      orgPath: str(d['orgPath']),
    };
  } catch {
    return null;
  }
}

/**
 * EventSource cannot send headers: on the event routes only, `?access_token=` becomes the
 * bearer token (then leaves the URL, so it is neither logged nor echoed in a problem).
 */
export function tokenFromQuery(req: Request, _res: Response, next: NextFunction) {
  const url = new URL(req.originalUrl ?? req.url, 'http://gateway.invalid');
  const token = url.searchParams.get('access_token');
  if (token && !req.headers.authorization) req.headers.authorization = `Bearer ${token}`;
  if (token) {
    url.searchParams.delete('access_token');
    const clean = url.pathname + (url.search || '');
    req.originalUrl = clean;
    req.url = req.url.replace(/([?&])access_token=[^&]*&?/, '$1').replace(/[?&]$/, '');
  }
  next();
}

/** Seconds until the token's `exp` (already validated by the guard); the stream ends then, and the browser reconnects with a fresh one. */
function secondsLeft(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
    return typeof payload.exp === 'number' ? payload.exp - Date.now() / 1000 : 300;
  } catch {
    return 300;
  }
}

/** Whether the response has closed (client gone) since this call; a stream set up after an await asks before it starts. */
export function closeWatch(res: Pick<Response, 'once' | 'destroyed' | 'writableEnded'>): () => boolean {
  let closed = res.destroyed || res.writableEnded;
  res.once('close', () => {
    closed = true;
  });
  return () => closed;
}

const STAFF_READERS = CASE_READER_ROLES.filter((r) => r !== Roles.resident);

/** The answer of both streams: it stays open (a comment every 20 s) until the client or the token's expiry ends it. */
const EVENT_STREAM = {
  status: 200,
  description: 'server-sent events: `case` events with the changed case, `: ping` comments',
  content: { 'text/event-stream': { schema: { type: 'string' } } },
};

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1')
export class LiveController {
  constructor(
    @Inject(INTAKE_CLIENT) private readonly intake: ServiceClient,
    @Inject(LiveEvents) private readonly live: LiveEvents,
  ) {}

  @Get('cases/:id/events')
  @RolesAllowed(...CASE_READER_ROLES)
  @ApiOperation({ summary: '案件实时变化（SSE）/ Live changes of one case (server-sent events `case`); 404 unless you may read the case' })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'access_token', required: false, description: 'the bearer token, for EventSource (which cannot send headers)' })
  @ApiResponse(EVENT_STREAM)
  async caseEvents(@Param('id') id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    // Watched from now: a client that leaves during the check below must not get a stream (and listener) nobody closes.
    const gone = closeWatch(res);
    // The case must be readable by the caller (jurisdiction, a resident's own case): 404/403 otherwise.
    await this.intake.request(Commands.intake.getCase, { id }, req.token, req.requestId);
    if (gone()) return;
    this.stream(req, res, (e) => e.caseId === id);
  }

  @Get('events')
  @RolesAllowed(...STAFF_READERS)
  @ApiOperation({ summary: '辖区案件实时变化（SSE）/ Live changes of the cases of your subtree (server-sent events `case`)' })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'access_token', required: false, description: 'the bearer token, for EventSource (which cannot send headers)' })
  @ApiResponse(EVENT_STREAM)
  events(@Req() req: AuthenticatedRequest, @Res() res: Response): void {
    // The jurisdiction rule (libs/rules) on each event's materialised path: an admin's stream has every unit.
    this.stream(req, res, (e) => !!e.orgPath && mayActOnUnit(req.caller, { path: e.orgPath }));
  }

  private stream(req: AuthenticatedRequest, res: Response, keep: (e: RelayedCaseEvent) => boolean) {
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('connection', 'keep-alive');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write('retry: 5000\n: connected\n\n');
    const end = () => {
      clearInterval(ping);
      clearTimeout(expiry);
      remove();
      res.end();
    };
    const ping = setInterval(() => res.write(': ping\n\n'), 20_000);
    const expiry = setTimeout(end, Math.max(1, secondsLeft(req.token)) * 1000);
    const remove = this.live.add((e) => {
      if (!keep(e)) return;
      const { orgPath: _internal, ...data } = e;
      res.write(`event: case\nid: ${e.caseId}:${e.type}:${e.at ?? ''}\ndata: ${JSON.stringify(data)}\n\n`);
    }, end);
    // The response's 'close' (not the request's) is the one that means the connection went away.
    res.on('close', () => {
      clearInterval(ping);
      clearTimeout(expiry);
      remove();
    });
  }
}
