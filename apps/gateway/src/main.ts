import 'reflect-metadata';
import { loadGatewayConfig } from './config/gateway.config';
import { startGateway } from './gateway.app';

startGateway(loadGatewayConfig()).catch((e: unknown) => {
  process.stderr.write(`gateway failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
