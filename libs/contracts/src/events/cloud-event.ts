import type { z } from 'zod';
import type { caseRegisteredDataSchema, caseTransitionDataSchema, caseWarningChangedV1DataSchema } from './catalogue/data-schemas';

/** CloudEvents 1.0 envelope as published to FQ_EVENTS. */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
  /** CloudEvents distributed-tracing extension: the W3C trace context of the request that caused the event. */
  traceparent?: string;
}

/** Data of every case step event (replied, assigned, escalated, concluded, rated, closed, …): the schema is in ./catalogue. */
export type CaseTransitionData = z.infer<typeof caseTransitionDataSchema>;
export type CaseRegisteredData = z.infer<typeof caseRegisteredDataSchema>;
/** The first version of the dispute path's colour change. */
export type CaseWarningChangedData = z.infer<typeof caseWarningChangedV1DataSchema>;

/** The data of a server-sent `event: case` on the gateway's live streams: what changed, not the case. */
export interface LiveCaseEvent {
  caseId: string;
  caseNo: string;
  type: string;
  status: string | null;
  warning: string | null;
  at: string | null;
}
