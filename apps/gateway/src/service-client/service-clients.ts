import type { Provider } from '@nestjs/common';
import { PrefixedNatsClient } from '@fengqiao/messaging';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { ServiceClient } from './service-client';

export const INTAKE_CLIENT = Symbol('INTAKE_CLIENT');
export const NATS_PROXY = Symbol('NATS_PROXY');

export const natsProxyProvider: Provider = {
  provide: NATS_PROXY,
  inject: [GATEWAY_CONFIG],
  useFactory: async (c: GatewayConfig) => {
    const proxy = new PrefixedNatsClient({ servers: c.NATS_URL, subjectPrefix: c.FQ_PREFIX, name: 'fq-gateway' });
    await proxy.connect();
    return proxy;
  },
};

/** A request/reply client for one service's commands over the shared NATS connection. */
export const serviceClientProvider = (token: symbol): Provider => ({
  provide: token,
  inject: [NATS_PROXY, GATEWAY_CONFIG],
  useFactory: (proxy: PrefixedNatsClient, c: GatewayConfig) => new ServiceClient(proxy, { timeoutMs: c.COMMAND_TIMEOUT_MS, silenceMs: c.COMMAND_SILENCE_MS }),
});

export const intakeClientProvider = serviceClientProvider(INTAKE_CLIENT);
