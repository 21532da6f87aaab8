import 'reflect-metadata';
import { startTelemetry } from '@fengqiao/observability/telemetry';

// First, before the app's modules load: HTTP is instrumented as it is required (off without OTEL_* endpoints).
startTelemetry('hotline-12345');

import { loadHotlineConfig } from './config/hotline.config';
import { startHotline } from './hotline.app';

// Inside the promise chain so a configuration error is printed plainly, not as a stack trace.
Promise.resolve()
  .then(() => startHotline(loadHotlineConfig()))
  .catch((e: unknown) => {
    process.stderr.write(`hotline-12345 failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
