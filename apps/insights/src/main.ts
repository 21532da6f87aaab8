import 'reflect-metadata';
import { loadInsightsConfig } from './config/insights.config';
import { startInsights } from './insights.app';

// Inside the promise chain so a configuration error is printed plainly, not as a stack trace.
Promise.resolve()
  .then(() => startInsights(loadInsightsConfig()))
  .catch((e: unknown) => {
    process.stderr.write(`insights failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
