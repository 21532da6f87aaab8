import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { temporalRuntimeMetrics } from '@fengqiao/observability/telemetry';

interface StructuredLogger {
  event(message: string, fields?: Record<string, unknown>, level?: 'info' | 'warn' | 'error'): void;
}

let installed = false;

/**
 * Routes the Temporal SDK's own log lines (workers, core) into the service's JSON log, and its metrics
 * (workflow task latency, schedule-to-start, polls…) to the OTLP metrics URL when one is configured.
 */
export function installTemporalLogging(logger: StructuredLogger, level: LogLevel = 'WARN'): void {
  if (installed) return;
  installed = true;
  const metrics = temporalRuntimeMetrics();
  Runtime.install({
    ...(metrics ? { telemetryOptions: { metrics } } : {}),
    logger: new DefaultLogger(level, (entry) => {
      const lvl = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : 'info';
      logger.event(entry.message, { source: 'temporal', ...(entry.meta as Record<string, unknown> | undefined) }, lvl);
    }),
  });
}
