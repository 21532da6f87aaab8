import 'reflect-metadata';
import { loadIntakeConfig } from './config/intake.config';
import { startIntake } from './intake.app';

startIntake(loadIntakeConfig()).catch((e: unknown) => {
  process.stderr.write(`intake failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
