import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  DEFAULT_PERIODS,
  defaultRoutingRules,
  disputeWorkflowId,
  resolveRule,
  taskQueue,
  WorkflowTypes,
  type CaseView,
  type DisputePathInput,
} from '@fengqiao/contracts';
import { ENCRYPTED_ENCODING, ORCHESTRATOR_QUEUE, temporalCodecFromEnv } from '@fengqiao/temporal';
import { waitFor } from '@fengqiao/testing';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * Temporal keeps workflow and activity inputs and results in its history as they were sent.
 * The apps encrypt every payload (libs/temporal EncryptionCodec, dev key under NODE_ENV=test),
 * so a history read straight from the server holds no ID number, phone number or case text.
 */
const ID_NUMBER = /\d{17}[\dXx]/;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

let p: Platform;
let created: CaseView;
/** A client with the apps' codec (the dev keyring), as a console or codec server would read. */
let keyed: Client;
/** A client without any codec: it sees what Temporal Server stores. */
let raw: Client;
const title = '邻里排水纠纷（隐私）';
const applicant = { role: 'applicant', name: '赵志强', idNumber: '11010519491231002X', phone: '13912345678' };

beforeAll(async () => {
  p = await startPlatform('privacy');
  const clerk = await p.ctx.tokenFor('clerk.621102101');
  const res = await p.api('/api/v1/cases', {
    method: 'POST',
    token: clerk,
    body: JSON.stringify(sampleCase({ title, parties: [applicant, { role: 'respondent', name: '李春梅', phone: '13698765432' }] })),
  });
  expect(res.status).toBe(201);
  created = (await res.json()) as CaseView;
  const { connection, options } = p.ctx.temporal;
  keyed = new Client({ connection, namespace: options.namespace, dataConverter: { payloadCodecs: [temporalCodecFromEnv({ NODE_ENV: 'test' })] } });
  raw = new Client({ connection, namespace: options.namespace });
}, 180_000);

afterAll(() => p?.stop());

type History = temporal.api.history.v1.IHistory;
interface FoundPayload {
  path: string;
  encoding: string | undefined;
  keyId: string | undefined;
  data?: string;
}

/** The history as plain JSON with every byte field (payload data and metadata) decoded as UTF-8. */
function asText(history: History): string {
  return JSON.stringify(history, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value));
}

/** Every Payload in the history: objects with a `metadata` map that names an encoding. */
function payloadsOf(value: unknown, path = 'history', found: FoundPayload[] = []): FoundPayload[] {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return found;
  const o = value as Record<string, unknown>;
  const metadata = o['metadata'] as Record<string, Uint8Array> | undefined;
  if (metadata && typeof metadata === 'object' && 'encoding' in metadata) {
    const text = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);
    const data = o['data'];
    const dataText = data instanceof Uint8Array ? text(data) : typeof data === 'string' ? Buffer.from(data, 'base64').toString('utf8') : undefined;
    found.push({
      path,
      encoding: text(metadata['encoding']),
      keyId: text(metadata['encryption-key-id']),
      ...(dataText === undefined ? {} : { data: dataText }),
    });
    return found;
  }
  for (const [k, v] of Object.entries(o)) payloadsOf(v, `${path}.${k}`, found);
  return found;
}

/**
 * What `patched()` writes itself, outside the data converter: the marker and the
 * `TemporalChangeVersion` search attribute (indexed, so never encrypted) hold the patch name only.
 */
const PATCH_MARKER = /(markerRecordedEventAttributes\.details\.patch-data\.payloads\.\d+|searchAttributes\.indexedFields\.TemporalChangeVersion)$/;

/**
 * The OpenTelemetry interceptors' header (outside the data converter): a W3C trace context or nothing.
 */
const TRACE_HEADER = /\.header\.fields\._tracer-data$/;
const TRACE_CONTEXT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

function expectPrivate(history: History) {
  const all = payloadsOf(history);
  for (const header of all.filter((x) => TRACE_HEADER.test(x.path))) {
    const context = JSON.parse(header.data ?? 'null') as Record<string, unknown>;
    expect(Object.keys(context).filter((k) => k !== 'traceparent' && k !== 'tracestate')).toEqual([]);
    // Empty while tracing is off; the trace's and span's ids while it is on.
    if ('traceparent' in context) expect(context['traceparent']).toMatch(TRACE_CONTEXT);
  }
  const payloads = all.filter((x) => !PATCH_MARKER.test(x.path) && !TRACE_HEADER.test(x.path));
  expect(payloads.length).toBeGreaterThan(0);
  for (const { data: _data, ...payload } of payloads) expect(payload).toEqual({ path: payload.path, encoding: ENCRYPTED_ENCODING, keyId: 'tdev1' });
  // The markers hold the patch name and nothing of the case.
  for (const marker of history.events?.filter((e) => e.markerRecordedEventAttributes || e.upsertWorkflowSearchAttributesEventAttributes) ?? []) {
    // (payload bytes arrive as base64 strings in this history: decode them to read them)
    const decoded = JSON.stringify(marker, (_k, x: unknown) =>
      x instanceof Uint8Array
        ? Buffer.from(x).toString('utf8')
        : typeof x === 'string' && /^[A-Za-z0-9+/]{8,}={0,2}$/.test(x)
          ? Buffer.from(x, 'base64').toString('utf8')
          : x,
    );
    expect(decoded).toMatch(/stages-v2/);
  }

  for (const text of [asText(history), JSON.stringify(history)]) {
    expect(text).not.toMatch(ID_NUMBER);
    expect(text).not.toMatch(MOBILE);
    expect(text).not.toContain(title);
    expect(text).not.toContain(applicant.name);
    expect(text).not.toContain(created.id); // the case id is in the input and the memo: encrypted too
  }
  return payloads;
}

const eventTypes = (history: History) => (history.events ?? []).map((e) => e.eventType);

describe('Temporal history of a registered dispute', () => {
  it('holds only encrypted payloads and no personal data', async () => {
    const workflowId = disputeWorkflowId(created.caseNo, p.ctx.prefix);
    const handle = raw.workflow.getHandle(workflowId);
    // The worker has decrypted the input and run the first workflow task when the query answers.
    const state = await waitFor(() => keyed.workflow.getHandle(workflowId).query<{ caseNo: string; status: string }>('state'), { what: 'workflow query' });
    expect(state).toMatchObject({ caseNo: created.caseNo, status: 'first-contact' });

    const history = await handle.fetchHistory();
    const payloads = expectPrivate(history);
    // The workflow input and the memo at least.
    expect(payloads.map((x) => x.path).join('\n')).toMatch(/workflowExecutionStartedEventAttributes\.input\.payloads/);
    expect(payloads.map((x) => x.path).join('\n')).toMatch(/workflowExecutionStartedEventAttributes\.memo\.fields\.caseId/);

    // Without the key, the answer of a query cannot be read either.
    await expect(handle.query('state')).rejects.toThrow(`Unknown encoding: ${ENCRYPTED_ENCODING}`);
  });

  it('keeps activity inputs and results encrypted too, and intake decrypts them', async () => {
    // A run of the same workflow whose first reply is already overdue: it records a red
    // warning through intake's activity at once (the registered run would wait a working day).
    const workflowId = `${disputeWorkflowId(created.caseNo, p.ctx.prefix)}-overdue`;
    const day = 24 * 3600_000;
    const input: DisputePathInput = {
      caseId: created.id,
      caseNo: created.caseNo,
      orgUnit: created.orgUnit,
      registeredAt: new Date(Date.now() - 2 * day).toISOString(),
      firstReplyDue: new Date(Date.now() - day).toISOString(),
      yellowAt: 0.8,
      ruleVersion: 1,
      rule: { ...resolveRule(defaultRoutingRules([]), 'neighbour', 'ordinary'), periods: { ...DEFAULT_PERIODS, firstReply: { amount: 1, unit: 'minutes' } } },
      queuePrefix: p.ctx.prefix,
    };
    const handle = await keyed.workflow.start(WorkflowTypes.disputePath, {
      workflowId,
      taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, p.ctx.prefix),
      args: [input],
    });

    const stored = raw.workflow.getHandle(workflowId, handle.firstExecutionRunId);
    const history = await waitFor(
      async () => {
        const h = await stored.fetchHistory();
        return eventTypes(h).includes(temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) && h;
      },
      { what: 'an intake activity to complete', timeoutMs: 30_000 },
    );
    const payloads = expectPrivate(history);
    const paths = payloads.map((x) => x.path).join('\n');
    expect(paths).toMatch(/activityTaskScheduledEventAttributes\.input\.payloads/);
    expect(paths).toMatch(/activityTaskCompletedEventAttributes\.result\.payloads/);

    // intake's activity worker decrypted the input: the case turned red.
    const clerk = await p.ctx.tokenFor('clerk.621102101');
    const view = await waitFor(
      async () => {
        const c = (await (await p.api(`/api/v1/cases/${created.id}`, { token: clerk })).json()) as CaseView;
        return c.warning === 'red' && c;
      },
      { what: 'the red warning' },
    );
    expect(view.warning).toBe('red');
  });
});
