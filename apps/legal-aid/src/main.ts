import 'reflect-metadata';
import { startTelemetry } from '@fengqiao/observability/telemetry';

// First, before the app's modules load: HTTP is instrumented as it is required (off without OTEL_* endpoints).
startTelemetry('legal-aid');

import { loadLegalAidConfig } from './config/legal-aid.config';
import { startLegalAid } from './legal-aid.app';

// Inside the promise chain so a configuration error is printed plainly, not as a stack trace.
Promise.resolve()
  .then(() => startLegalAid(loadLegalAidConfig()))
  .catch((e: unknown) => {
    process.stderr.write(`legal-aid failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
