import 'reflect-metadata';
import { startTelemetry } from '@fengqiao/observability/telemetry';

// First, before the app's modules load: HTTP is instrumented as it is required (off without OTEL_* endpoints).
startTelemetry('insights');

import { loadCaseKindModules } from '@fengqiao/temporal';
import { loadInsightsConfig } from './config/insights.config';

// Inside the promise chain so a configuration error is printed plainly, not as a stack trace.
Promise.resolve()
  // An integrator's case kinds (FQ_KIND_MODULES): the projector counts their steps as they declare.
  .then(() => loadCaseKindModules())
  .then(() => import('./insights.app'))
  .then(({ startInsights }) => startInsights(loadInsightsConfig()))
  .catch((e: unknown) => {
    process.stderr.write(`insights failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
