import { Connection } from '@temporalio/client';
import { fail, ok, type Finding } from '../finding';

/** Closed workflows' histories are kept this long at least: a month to answer a resident's complaint about a closed case. */
export const MIN_RETENTION_DAYS = 30;

export function judgeTemporal(namespace: string, retentionSeconds: number | undefined): Finding[] {
  if (retentionSeconds === undefined) return [fail('temporal', 'namespace', `namespace ${namespace} not found: run infra/temporal/create-namespace.sh`)];
  const days = retentionSeconds / 86_400;
  return [
    days >= MIN_RETENTION_DAYS
      ? ok('temporal', 'retention', `${namespace}: ${days} days`)
      : fail(
          'temporal',
          'retention',
          `${namespace}: ${days} days: closed cases' histories go too soon; temporal operator namespace update --retention ${MIN_RETENTION_DAYS * 24}h`,
        ),
  ];
}

export async function temporalRetentionSeconds(address: string, namespace: string): Promise<number | undefined> {
  const connection = await Connection.connect({ address, connectTimeout: 5_000 });
  try {
    const ns = await connection.workflowService.describeNamespace({ namespace });
    const ttl = ns.config?.workflowExecutionRetentionTtl;
    return ttl ? Number(ttl.seconds ?? 0) : undefined;
  } catch (e) {
    if (/not found/i.test(String(e))) return undefined;
    throw e;
  } finally {
    await connection.close();
  }
}
