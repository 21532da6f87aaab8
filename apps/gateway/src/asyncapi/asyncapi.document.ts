import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { EVENT_CATALOGUE, EVENTS_STREAM, subjectPattern, type EventDefinition } from '@fengqiao/contracts';

/**
 * The AsyncAPI 3.0 document of the events the platform publishes (`GET /api/v1/asyncapi.json`,
 * rendered as docs/events.md), generated from the event catalogue (libs/contracts/src/events/catalogue):
 * one channel per subject, one message per CloudEvents type, its data schema and an example.
 */
export type AsyncApiDocument = Record<string, unknown> & {
  channels: Record<string, Channel>;
  components: { messages: Record<string, Message> };
};
interface Channel {
  address: string;
  title: string;
  description: string;
  parameters: Record<string, { description: string }>;
  messages: Record<string, { $ref: string }>;
}
interface Message {
  name: string;
  title: string;
  summary: string;
  description: string;
  contentType: string;
  headers: Record<string, unknown>;
  payload: Record<string, unknown>;
  examples: Array<{ name: string; summary: string; headers: Record<string, unknown>; payload: Record<string, unknown> }>;
  'x-personal-data': readonly string[];
  'x-summary-zh': string;
}

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

/** JSON Schema (draft-07, AsyncAPI's default schema format) of a zod schema, inlined. */
export function jsonSchemaOf(schema: ZodTypeAny): Record<string, unknown> {
  const json = zodToJsonSchema(schema, { target: 'jsonSchema7', $refStrategy: 'none' }) as Record<string, unknown>;
  delete json['$schema'];
  return json;
}

/** `cn.fengqiao.case.replied.v1` → `caseReplied`; `fq.key-person.obligation-met` → `keyPersonObligationMet`. */
export const messageId = (d: Pick<EventDefinition, 'aggregate' | 'event'>) =>
  `${d.aggregate}-${d.event}`.replace(/[-.]([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** The channel's key: the subject without its org-unit token, `case.replied`. */
export const channelId = (d: Pick<EventDefinition, 'aggregate' | 'event'>) => `${d.aggregate}.${d.event}`;

const HEADERS = {
  type: 'object',
  properties: {
    'Content-Type': { type: 'string', const: CLOUDEVENTS_CONTENT_TYPE, description: 'structured-mode CloudEvents: the body is the whole event' },
    'Nats-Msg-Id': { type: 'string', description: 'the event id: JetStream drops a repeat within its duplicate window' },
    traceparent: { type: 'string', description: 'W3C trace context of the request that caused the event, when tracing is on' },
  },
  required: ['Content-Type', 'Nats-Msg-Id'],
};

function envelope(d: EventDefinition): Record<string, unknown> {
  return {
    type: 'object',
    description: 'CloudEvents 1.0, structured mode (JSON)',
    properties: {
      specversion: { type: 'string', const: '1.0' },
      id: { type: 'string', description: 'unique per event; a consumer drops a repeat by it' },
      source: { type: 'string', const: d.source },
      type: { type: 'string', const: d.type },
      subject: { type: 'string', description: `${d.ceSubject.en} (${d.ceSubject.zh})` },
      time: { type: 'string', format: 'date-time' },
      datacontenttype: { type: 'string', const: 'application/json' },
      traceparent: { type: 'string', description: 'CloudEvents distributed-tracing extension' },
      data: jsonSchemaOf(d.data),
    },
    required: ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'data'],
  };
}

const EXAMPLE_ID = '0b7c8f52-1f0e-4c39-a0a4-5e2d7f3c9b10';

/** The example's CloudEvents `subject`: what the entry says it names, taken from its example data. */
function exampleSubject(data: Record<string, unknown>): string {
  for (const k of ['caseNo', 'reportId', 'personId', 'county', 'gridCode', 'code']) if (typeof data[k] === 'string') return data[k];
  throw new Error('the example names no subject');
}

function message(d: EventDefinition): Message {
  const data = d.example as Record<string, unknown>;
  const example = {
    specversion: '1.0',
    id: EXAMPLE_ID,
    source: d.source,
    type: d.type,
    subject: exampleSubject(data),
    time: '2026-12-07T02:30:00.000Z',
    datacontenttype: 'application/json',
    data,
  };
  return {
    name: d.type,
    title: d.summary.en,
    summary: d.summary.en,
    description: `${d.summary.zh}\n\n${d.summary.en}.\n\nSubject token \`{orgUnit}\`: ${d.orgUnit.en} (${d.orgUnit.zh}). CloudEvents \`subject\`: ${d.ceSubject.en} (${d.ceSubject.zh}).${
      d.personalData.length ? ` Personal data: ${d.personalData.map((p) => `\`${p}\``).join(', ')}.` : ' No personal data.'
    }`,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: HEADERS,
    payload: envelope(d),
    examples: [{ name: 'example', summary: d.summary.en, headers: { 'Content-Type': CLOUDEVENTS_CONTENT_TYPE, 'Nats-Msg-Id': EXAMPLE_ID }, payload: example }],
    'x-personal-data': d.personalData,
    'x-summary-zh': d.summary.zh,
  };
}

export function buildAsyncApiDocument(catalogue: readonly EventDefinition[] = EVENT_CATALOGUE): AsyncApiDocument {
  const channels: Record<string, Channel> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, Message> = {};
  for (const d of catalogue) {
    const id = messageId(d);
    const ch = channelId(d);
    messages[id] = message(d);
    channels[ch] = {
      address: subjectPattern(d),
      title: d.summary.en,
      description: `${d.summary.zh} / ${d.summary.en}`,
      parameters: { orgUnit: { description: `${d.orgUnit.en} (${d.orgUnit.zh})` } },
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
    operations[`publish${id[0]!.toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${ch}` },
      summary: d.summary.en,
      messages: [{ $ref: `#/channels/${ch}/messages/${id}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    id: 'urn:fengqiao:events',
    info: {
      title: 'Fengqiao events / 枫桥综治中心平台事件',
      version: '1',
      description:
        `Every event the platform's services publish: CloudEvents 1.0 (structured mode, JSON) on the JetStream stream \`${EVENTS_STREAM}\`, ` +
        'subject `fq.evt.<orgUnit>.<aggregate>.<event>`. A consumer subscribes to a subtree of subjects with wildcards ' +
        '(`fq.evt.*.case.>`), drops repeats by the event id, and must not rely on order across subjects. ' +
        'Fields listed in `x-personal-data` are personal data: a delivery to a reader who may not see them leaves them out.',
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: {
      jetstream: {
        host: 'nats:4222',
        protocol: 'nats',
        description: `The deployment's NATS server (JetStream stream ${EVENTS_STREAM}); not published outside the deployment.`,
      },
    },
    channels,
    operations,
    components: { messages },
  };
}
