import { Client, Connection } from '@temporalio/client';

export interface TemporalSettings {
  address: string;
  namespace: string;
}

export async function connectTemporalClient(s: TemporalSettings): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: s.address, connectTimeout: '10s' });
  return { client: new Client({ connection, namespace: s.namespace }), connection };
}

/** Readiness probe: the frontend answers and the namespace exists. */
export async function checkTemporal(connection: Connection, namespace: string): Promise<void> {
  await connection.workflowService.describeNamespace({ namespace });
}
