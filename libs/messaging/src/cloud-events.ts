import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@fengqiao/contracts';

export function buildCloudEvent<T>(e: { type: string; source: string; subject?: string; data: T; id?: string; time?: Date }): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: e.id ?? randomUUID(),
    source: e.source,
    type: e.type,
    ...(e.subject ? { subject: e.subject } : {}),
    time: (e.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: e.data,
  };
}
