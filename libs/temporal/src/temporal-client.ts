import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { platformDataConverter } from './data-converter';
import { tracingClientInterceptors } from './telemetry';

export interface TemporalSettings {
  address: string;
  namespace: string;
  /** Encodes every payload the client sends and decodes what it reads (e.g. temporalCodecFromEnv). */
  payloadCodec?: PayloadCodec;
}

export async function connectTemporalClient(s: TemporalSettings): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: s.address, connectTimeout: '10s' });
  const dataConverter = s.payloadCodec ? platformDataConverter(s.payloadCodec) : undefined;
  return { client: new Client({ connection, namespace: s.namespace, dataConverter, interceptors: tracingClientInterceptors() }), connection };
}

/** Readiness probe: the frontend answers and the namespace exists. */
export async function checkTemporal(connection: Connection, namespace: string): Promise<void> {
  await connection.workflowService.describeNamespace({ namespace });
}
