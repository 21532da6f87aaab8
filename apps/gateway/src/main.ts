import 'reflect-metadata';
import { loadGatewayConfig } from './config/gateway.config';
import { startGateway } from './gateway.app';

// Inside the promise chain so a configuration error is printed plainly, not as a stack trace.
Promise.resolve()
  .then(() => startGateway(loadGatewayConfig()))
  .catch((e: unknown) => {
    process.stderr.write(`gateway failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
