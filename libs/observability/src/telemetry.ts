// The one home of the platform's OpenTelemetry setup: traces and metrics over OTLP/HTTP.
// A separate entry (`@fengqiao/observability/telemetry`): only an app's main.ts loads the SDK,
// so nothing that ends up in a workflow bundle or a unit test pulls it in.
import { diag, DiagLogLevel, metrics, propagation, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, NoopSpanProcessor, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';

/** Where the platform sends its telemetry; both unset (the default) means no telemetry at all. */
export interface TelemetrySettings {
  /** OTLP/HTTP traces URL, e.g. http://127.0.0.1:14318/v1/traces (Jaeger) or a collector's. */
  tracesUrl?: string;
  /** OTLP/HTTP metrics URL, e.g. http://127.0.0.1:9095/api/v1/otlp/v1/metrics (Prometheus) or a collector's. */
  metricsUrl?: string;
  /** How often metrics are pushed (ms). */
  metricsIntervalMs: number;
}

/** Read from the standard per-signal OpenTelemetry variables (OTEL_EXPORTER_OTLP_ENDPOINT is not used: see docs/observability.md). */
export function telemetrySettings(env: NodeJS.ProcessEnv = process.env): TelemetrySettings {
  const interval = Number(env['OTEL_METRIC_EXPORT_INTERVAL'] ?? 15_000);
  return {
    tracesUrl: env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || undefined,
    metricsUrl: env['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'] || undefined,
    metricsIntervalMs: Number.isFinite(interval) && interval >= 100 ? interval : 15_000,
  };
}

/**
 * Spans recorded inside workflow sandboxes reach the worker through a sink; this processor hands them
 * to the exporter of `startTelemetry`, or drops them when tracing is off (the sink is always there,
 * so the bundle and its replays are the same whether tracing is on or not).
 */
class DeferredSpanProcessor implements SpanProcessor {
  target: SpanProcessor = new NoopSpanProcessor();
  onStart(span: Span, parent: Context) {
    this.target.onStart(span, parent);
  }
  onEnd(span: ReadableSpan) {
    this.target.onEnd(span);
  }
  forceFlush() {
    return this.target.forceFlush();
  }
  shutdown() {
    return this.target.shutdown();
  }
}

const workflowSpans = new DeferredSpanProcessor();
let resource = new Resource({ 'service.namespace': 'fengqiao' });
let started: { shutdown: () => Promise<void> } | undefined;

/** The processor and resource the Temporal worker's workflow-span sink exports with (see libs/temporal). */
export function workflowSpanExport(): { spanProcessor: SpanProcessor; resource: Resource } {
  return { spanProcessor: workflowSpans, resource };
}

/** Temporal's Runtime (SDK Core) metrics, pushed to the same OTLP metrics URL; undefined when metrics are off. */
export function temporalRuntimeMetrics(s: TelemetrySettings = telemetrySettings()) {
  if (!s.metricsUrl) return undefined;
  return { otel: { url: s.metricsUrl, http: true, metricsExportInterval: s.metricsIntervalMs, temporality: 'cumulative' as const } };
}

/**
 * Starts tracing and metrics for one process; call it first in main.ts, before the app is built.
 * Incoming and outgoing HTTP is instrumented (spans and `http.server.duration`); NATS commands, events
 * and Temporal calls carry the W3C trace context (libs/messaging, libs/temporal).
 */
export function startTelemetry(service: string, s: TelemetrySettings = telemetrySettings()): { enabled: boolean; shutdown: () => Promise<void> } {
  if (started) return { enabled: true, ...started };
  if (!s.tracesUrl && !s.metricsUrl) return { enabled: false, shutdown: async () => undefined };
  diag.setLogger(
    { error: (m) => process.stderr.write(`otel: ${m}\n`), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.ERROR,
  );
  // instance: one process on one host (containers of a replica set share pids, not hostnames).
  resource = new Resource({ 'service.name': service, 'service.namespace': 'fengqiao', 'service.instance.id': `${hostname()}/${process.pid}` });
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  let tracerProvider: NodeTracerProvider | undefined;
  if (s.tracesUrl) {
    const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: s.tracesUrl }), { scheduledDelayMillis: 1_000 });
    tracerProvider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
    tracerProvider.register();
    workflowSpans.target = processor;
  }
  let meterProvider: MeterProvider | undefined;
  if (s.metricsUrl) {
    meterProvider = new MeterProvider({
      resource,
      readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: s.metricsUrl }), exportIntervalMillis: s.metricsIntervalMs })],
    });
    metrics.setGlobalMeterProvider(meterProvider);
  }
  registerInstrumentations({
    tracerProvider,
    meterProvider,
    instrumentations: [
      new HttpInstrumentation({
        // Health probes are not traffic.
        ignoreIncomingRequestHook: (req: IncomingMessage) => (req.url ?? '').startsWith('/health'),
        // Query strings may carry personal data (GET /api/v1/person-file?idNumber=…): spans keep the path only.
        requestHook: (span) => {
          const attributes = (span as unknown as { attributes?: Record<string, unknown> }).attributes ?? {};
          for (const key of ['http.url', 'http.target']) {
            const v = attributes[key];
            if (typeof v === 'string' && v.includes('?')) span.setAttribute(key, v.slice(0, v.indexOf('?')));
          }
        },
      }),
    ],
  });
  started = {
    shutdown: async () => {
      await Promise.allSettled([tracerProvider?.shutdown(), meterProvider?.shutdown()]);
    },
  };
  return { enabled: true, ...started };
}
