import { randomUUID } from 'node:crypto';
import { ClientNats, ServerNats, type MsPattern, type NatsOptions } from '@nestjs/microservices';
import {
  createInbox,
  Empty,
  headers as natsHeaders,
  JSONCodec,
  type ConnectionOptions,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from 'nats';
import { withPrefix } from '@fengqiao/contracts';
import { inSpan, injectTraceContext, SpanKind } from '@fengqiao/observability';
import { natsServerOptions } from './nats-url';

type NatsTransportOptions = Required<NatsOptions>['options'] & { subjectPrefix?: string };

const RECONNECT = { maxReconnectAttempts: -1, reconnectTimeWait: 500, reconnectJitter: 250 } satisfies ConnectionOptions;

/**
 * Every connection of the platform keeps trying to reconnect for as long as the bus is down (the
 * library's default gives up after ten tries, about 20 s, and leaves the process deaf for good).
 */
export function natsConnectionOptions(natsUrl: string, name: string): ConnectionOptions {
  return { ...natsServerOptions(natsUrl), name, ...RECONNECT };
}

/** Nest's options with NATS_URL's servers and credentials split as nats.js takes them (natsServerOptions). */
function withServers(options: NatsTransportOptions): NatsTransportOptions {
  const servers = options.servers;
  return typeof servers === 'string' ? { ...options, ...natsServerOptions(servers) } : options;
}

/** A caller that sets this header on a command gets a beat on the reply subject while the service works on it. */
export const PROGRESS_HEADER = 'fq-progress';
export const PROGRESS_INTERVAL_MS = 1_000;
/** A service keeps beating no longer than this for one command (a handler that never answers). */
const MAX_PROGRESS_MS = 10 * 60_000;

/**
 * Nest's NATS server, subscribing to `<prefix>.<pattern>` so that several isolated
 * deployments (and parallel test files) can share one NATS server. Handlers are still
 * looked up by their unprefixed pattern. A command that asks for it gets progress beats until its
 * answer: the caller tells a service that died under its command from a slow one.
 */
export class PrefixedNatsServer extends ServerNats {
  private readonly subjectPrefix: string | undefined;
  private readonly beats = new WeakMap<Msg, NodeJS.Timeout>();

  constructor(options: NatsTransportOptions) {
    super({ ...RECONNECT, ...withServers(options) });
    this.subjectPrefix = options.subjectPrefix;
  }

  override bindEvents(client: NatsConnection): void {
    const defaultQueue = this.getOptionsProp(this as never, 'queue' as never) as string | undefined;
    const subscriptions = (this as unknown as { subscriptions: Subscription[] }).subscriptions;
    for (const [channel, handlerRef] of this.messageHandlers) {
      const queue = (handlerRef.extras?.['queue'] as string | undefined) ?? defaultQueue;
      subscriptions.push(
        client.subscribe(withPrefix(this.subjectPrefix, channel), {
          queue,
          callback: this.getMessageHandler(channel).bind(this),
        }),
      );
    }
  }

  override async handleMessage(channel: string, natsMsg: Msg): Promise<unknown> {
    if (natsMsg.reply && natsMsg.headers?.has(PROGRESS_HEADER)) {
      const beat = () => {
        const h = natsHeaders();
        h.set(PROGRESS_HEADER, '1');
        try {
          natsMsg.respond(Empty, { headers: h });
        } catch {
          // The connection is closing: the caller will notice the silence.
        }
      };
      beat();
      const started = Date.now();
      const timer = setInterval(() => (Date.now() - started > MAX_PROGRESS_MS ? this.stopBeats(natsMsg) : beat()), PROGRESS_INTERVAL_MS);
      timer.unref();
      this.beats.set(natsMsg, timer);
    }
    // The command's handling is a span of the caller's trace (W3C traceparent in the headers).
    return inSpan(
      `nats handle ${channel}`,
      { kind: SpanKind.SERVER, headers: natsMsg.headers, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': natsMsg.subject } },
      async () => {
        try {
          return await super.handleMessage(channel, natsMsg);
        } catch (e) {
          this.stopBeats(natsMsg);
          throw e;
        }
      },
    );
  }

  override getPublisher(natsMsg: Msg, id: string, ctx: Parameters<ServerNats['getPublisher']>[2]): (response: unknown) => unknown {
    const publish = super.getPublisher(natsMsg, id, ctx);
    return (response: unknown) => {
      this.stopBeats(natsMsg);
      return publish(response);
    };
  }

  private stopBeats(natsMsg: Msg) {
    clearInterval(this.beats.get(natsMsg));
    this.beats.delete(natsMsg);
  }
}

/** Why a command got no answer: in every case the command may or may not have been done. */
export type CommandFailure = 'no-responders' | 'disconnected' | 'silent' | 'timeout' | 'no-handler';

export class CommandFailed extends Error {
  constructor(readonly reason: CommandFailure) {
    super(`command failed: ${reason}`);
  }
}

export interface CommandOptions {
  /** The longest a command may take. */
  timeoutMs: number;
  /** After a first progress beat, this long without another (or the answer) means the service died under it. */
  silenceMs: number;
}

const codec = JSONCodec<{ id?: string; err?: unknown; response?: unknown }>();

export class PrefixedNatsClient extends ClientNats {
  private readonly subjectPrefix: string | undefined;
  private readonly inFlight = new Set<(e: CommandFailed) => void>();
  /** False from a disconnect to the reconnect (Nest's connect() may have resolved just before the drop). */
  private up = true;

  constructor(options: NatsTransportOptions) {
    super({ ...RECONNECT, ...withServers(options) });
    this.subjectPrefix = options.subjectPrefix;
    // An answer to a command in flight may be lost with the connection: say so now, not at the timeout.
    this.on('disconnect', () => {
      this.up = false;
      for (const abort of [...this.inFlight]) abort(new CommandFailed('disconnected'));
    });
    this.on('reconnect', () => {
      this.up = true;
    });
  }

  protected override normalizePattern(pattern: MsPattern): string {
    return withPrefix(this.subjectPrefix, super.normalizePattern(pattern));
  }

  /**
   * Request/reply as Nest's `send` does on the wire, but failing as soon as the transport can tell:
   * nobody subscribed (no responders), the connection is down or drops, or the service that took
   * the command stopped beating (killed). `headers` travel with the command.
   */
  async command<T>(pattern: string, payload: unknown, headers: MsgHdrs, o: CommandOptions): Promise<T> {
    let nc: NatsConnection;
    try {
      // While the connection is down Nest's connect() rejects at once instead of buffering.
      nc = await this.connect();
    } catch {
      throw new CommandFailed('disconnected');
    }
    // Checked in the same tick as the command joins `inFlight`: a later drop aborts it.
    if (nc.isClosed() || !this.up) throw new CommandFailed('disconnected');
    const id = randomUUID();
    const inbox = createInbox();
    headers.set(PROGRESS_HEADER, '1');
    const subject = this.normalizePattern(pattern);
    return inSpan(
      `nats request ${pattern}`,
      { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } },
      () => {
        injectTraceContext(headers);
        return this.awaitAnswer<T>(nc, subject, inbox, id, pattern, payload, headers, o);
      },
    );
  }

  private awaitAnswer<T>(
    nc: NatsConnection,
    subject: string,
    inbox: string,
    id: string,
    pattern: string,
    payload: unknown,
    headers: MsgHdrs,
    o: CommandOptions,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let silence: NodeJS.Timeout | undefined;
      let sub: Subscription | undefined;
      const finish = (failure: CommandFailed | undefined, value?: T) => {
        clearTimeout(overall);
        clearTimeout(silence);
        sub?.unsubscribe();
        this.inFlight.delete(finish);
        if (failure) reject(failure);
        else resolve(value as T);
      };
      const overall = setTimeout(() => finish(new CommandFailed('timeout')), o.timeoutMs);
      this.inFlight.add(finish);
      try {
        sub = nc.subscribe(inbox, {
          callback: (err, msg) => {
            if (err) return finish(new CommandFailed('disconnected'));
            if (msg.data.length === 0 && msg.headers?.code === 503) return finish(new CommandFailed('no-responders'));
            if (msg.headers?.has(PROGRESS_HEADER)) {
              clearTimeout(silence);
              silence = setTimeout(() => finish(new CommandFailed('silent')), o.silenceMs);
              return;
            }
            let answer: { id?: string; err?: unknown; response?: unknown };
            try {
              answer = codec.decode(msg.data);
            } catch {
              return;
            }
            if (answer.id !== id) return;
            // Nest's own error answer: no handler for the pattern in the service that took it.
            if (answer.err !== undefined && answer.err !== null) return finish(new CommandFailed('no-handler'));
            finish(undefined, answer.response as T);
          },
        });
        nc.publish(subject, JSONCodec().encode({ pattern, data: payload ?? {}, id }), { reply: inbox, headers });
      } catch {
        finish(new CommandFailed('disconnected'));
      }
    });
  }
}
