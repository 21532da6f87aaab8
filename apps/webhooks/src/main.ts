import 'reflect-metadata';
import { startTelemetry } from '@fengqiao/observability/telemetry';

// First, before the app's modules load: HTTP is instrumented as it is required (off without OTEL_* endpoints).
startTelemetry('webhooks');

import { loadWebhooksConfig } from './config/webhooks.config';
import { startWebhooks } from './webhooks.app';

// Inside the promise chain so a configuration error is printed plainly, not as a stack trace.
Promise.resolve()
  .then(() => startWebhooks(loadWebhooksConfig()))
  .catch((e: unknown) => {
    process.stderr.write(`webhooks failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
