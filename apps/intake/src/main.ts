import 'reflect-metadata';
import { startTelemetry } from '@fengqiao/observability/telemetry';

// First, before the app's modules load: HTTP is instrumented as it is required (off without OTEL_* endpoints).
startTelemetry('intake');

import { loadCaseKindModules } from '@fengqiao/temporal';
import { loadIntakeConfig } from './config/intake.config';

// Inside the promise chain so a configuration error is printed plainly, not as a stack trace.
Promise.resolve()
  // An integrator's case kinds (FQ_KIND_MODULES) are known before anything serves.
  .then(() => loadCaseKindModules())
  // Loaded after the kinds: route roles and handlers are derived from the declarations at import.
  .then(() => import('./intake.app'))
  .then(({ startIntake }) => startIntake(loadIntakeConfig()))
  .catch((e: unknown) => {
    process.stderr.write(`intake failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
