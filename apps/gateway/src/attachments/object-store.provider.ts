import type { Provider } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { ObjectStore } from './object-store';

export const OBJECT_STORE = Symbol('OBJECT_STORE');

/** The attachments' object store, or undefined when S3_ENDPOINT is unset (the attachment routes then answer 503). */
export const objectStoreProvider: Provider = {
  provide: OBJECT_STORE,
  inject: [GATEWAY_CONFIG],
  useFactory: (c: GatewayConfig) =>
    c.S3_ENDPOINT
      ? new ObjectStore({
          endpoint: c.S3_ENDPOINT,
          publicEndpoint: c.S3_PUBLIC_ENDPOINT,
          region: c.S3_REGION,
          bucket: c.S3_BUCKET,
          accessKeyId: c.S3_ACCESS_KEY_ID,
          secretAccessKey: c.S3_SECRET_ACCESS_KEY,
          urlTtlSeconds: c.ATTACHMENT_URL_TTL_SECONDS,
        })
      : undefined,
};
