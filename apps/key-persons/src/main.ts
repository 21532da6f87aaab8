import 'reflect-metadata';
import { startTelemetry } from '@fengqiao/observability/telemetry';

// First, before the app's modules load: HTTP is instrumented as it is required (off without OTEL_* endpoints).
startTelemetry('key-persons');

import { loadKeyPersonsConfig } from './config/key-persons.config';
import { startKeyPersons } from './key-persons.app';

// Inside the promise chain so a configuration error is printed plainly, not as a stack trace.
Promise.resolve()
  .then(() => startKeyPersons(loadKeyPersonsConfig()))
  .catch((e: unknown) => {
    process.stderr.write(`key-persons failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
