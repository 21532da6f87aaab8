import 'reflect-metadata';
import { loadOrchestratorConfig } from './config/orchestrator.config';
import { startOrchestrator } from './orchestrator.app';

// Inside the promise chain so a configuration error is printed plainly, not as a stack trace.
Promise.resolve()
  .then(() => startOrchestrator(loadOrchestratorConfig()))
  .then(({ stop }) => {
    const shutdown = () => void stop().then(() => process.exit(0));
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  })
  .catch((e: unknown) => {
    process.stderr.write(`orchestrator failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
