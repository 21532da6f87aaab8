// What code outside main.ts needs of tracing and metrics: the OpenTelemetry API only (no SDK), so it
// costs nothing when telemetry is off (every call is a no-op until startTelemetry registers providers).
import { context, metrics, propagation, SpanKind, SpanStatusCode, trace, type Context, type Meter, type Span } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

export const TRACER_NAME = 'fengqiao';

/** The platform's meter (metric names are `fq.*`, see docs/observability.md). */
export function platformMeter(): Meter {
  return metrics.getMeter(TRACER_NAME);
}

/** The active trace and span ids, for log lines; undefined outside a span or with tracing off. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const c = trace.getSpan(context.active())?.spanContext();
  return c && trace.isSpanContextValid(c) ? { trace_id: c.traceId, span_id: c.spanId } : undefined;
}

/** Headers of any transport: NATS `MsgHdrs` fits. */
export interface HeaderCarrier {
  get(k: string): string;
  set(k: string, v: string): void;
}

/** Writes the active trace context (W3C `traceparent`, `tracestate`) into a message's headers. */
export function injectTraceContext(headers: Pick<HeaderCarrier, 'set'>, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, { set: (c, k, v) => c.set(k, v) });
}

/** The active trace context as a `traceparent` value (what an outbox row keeps for its event), if any. */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'];
}

/**
 * Runs `fn` in a new span whose parent is the trace context found in `headers` (a message received)
 * or the active one; the span ends when `fn` settles, marked as an error if it throws.
 */
export async function inSpan<T>(
  name: string,
  o: { kind: SpanKind; headers?: Pick<HeaderCarrier, 'get'> | Record<string, string>; attributes?: Record<string, string | number> },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = o.headers
    ? propagation.extract(context.active(), o.headers, {
        keys: () => [],
        get: (c, k) => (typeof (c as HeaderCarrier).get === 'function' ? (c as HeaderCarrier).get(k) || undefined : (c as Record<string, string>)[k]),
      })
    : context.active();
  const span = trace.getTracer(TRACER_NAME).startSpan(name, { kind: o.kind, attributes: o.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (e) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
    throw e;
  } finally {
    span.end();
  }
}

export { SpanKind };

/**
 * Express middleware: every answer carries its trace (W3C `traceresponse`), so a caller can find it in
 * Jaeger; and the request's span and `http.server.duration` get the matched route (`POST /api/v1/cases/:id/actions/:action`),
 * read when the answer is sent, the route being known only then.
 */
export function traceResponse() {
  return (req: { baseUrl?: string; route?: { path?: unknown } }, res: { setHeader(k: string, v: string): unknown }, next: () => void) => {
    const c = trace.getSpan(context.active())?.spanContext();
    if (c && trace.isSpanContextValid(c)) res.setHeader('traceresponse', `00-${c.traceId}-${c.spanId}-0${c.traceFlags & 1}`);
    const rpc = getRPCMetadata(context.active());
    if (rpc?.type === RPCType.HTTP) {
      Object.defineProperty(rpc, 'route', {
        enumerable: true,
        configurable: true,
        get: () => (typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : undefined),
      });
    }
    next();
  };
}
