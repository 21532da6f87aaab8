import 'reflect-metadata';
import { loadIntakeConfig } from './config/intake.config';
import { startIntake } from './intake.app';

// Inside the promise chain so a configuration error is printed plainly, not as a stack trace.
Promise.resolve()
  .then(() => startIntake(loadIntakeConfig()))
  .catch((e: unknown) => {
    process.stderr.write(`intake failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
