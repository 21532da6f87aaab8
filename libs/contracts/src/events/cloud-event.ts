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
}

export const EventTypes = {
  caseRegistered: 'cn.fengqiao.case.registered.v1',
  caseWarningChanged: 'cn.fengqiao.case.warning-changed.v1',
} as const;

export interface CaseRegisteredData {
  caseId: string;
  caseNo: string;
  kind: string;
  category: string;
  severity: string;
  orgUnit: string;
  registeredAt: string;
  firstReplyDue: string;
  registeredBy: string;
}

export interface CaseWarningChangedData {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  warning: 'green' | 'yellow' | 'red';
  reason: string;
}
