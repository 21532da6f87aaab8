import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line inside a request or activity carries (caseNo, workflowId, requestId). */
export type LogFields = Record<string, string | number | boolean | undefined>;

const storage = new AsyncLocalStorage<LogFields>();

export function withLogContext<T>(fields: LogFields, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

export function currentLogContext(): LogFields {
  return storage.getStore() ?? {};
}
