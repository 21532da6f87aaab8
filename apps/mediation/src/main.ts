import 'reflect-metadata';
import { startTelemetry } from '@fengqiao/observability/telemetry';

// First, before the app's modules load: HTTP is instrumented as it is required (off without OTEL_* endpoints).
startTelemetry('mediation');

import { loadMediationConfig } from './config/mediation.config';
import { startMediation } from './mediation.app';

// Inside the promise chain so a configuration error is printed plainly, not as a stack trace.
Promise.resolve()
  .then(() => startMediation(loadMediationConfig()))
  .catch((e: unknown) => {
    process.stderr.write(`mediation failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
