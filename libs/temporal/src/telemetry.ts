import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import { workflowSpanExport } from '@fengqiao/observability/telemetry';

/** The workflow side of tracing: bundled into every workflow bundle (see bundleWorkflows). */
export const WORKFLOW_TRACING_INTERCEPTORS = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** Client calls (start, update, signal, query) carry the caller's trace into Temporal's headers. */
export function tracingClientInterceptors() {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/**
 * What every Worker.create spreads in: activities continue the trace of the workflow that scheduled
 * them, and spans recorded inside workflows leave the sandbox through the `exporter` sink (dropped
 * when tracing is off; the bundle always calls it).
 */
export function workerTelemetry(): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const { spanProcessor, resource } = workflowSpanExport();
  return {
    interceptors: {
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
      client: tracingClientInterceptors(),
    },
    sinks: { exporter: makeWorkflowExporter(spanProcessor, resource) },
  };
}
