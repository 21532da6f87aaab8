import type { AsyncApiDocument } from './asyncapi.document';

/**
 * docs/events.md from the AsyncAPI document: what a reader needs without an AsyncAPI tool. Written by
 * `npm run docs:events`; a gateway unit test fails when the checked-in file differs.
 */
type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; description?: string } & Record<string, unknown>;
type Payload = { properties: { data: Schema & { anyOf?: Schema[] } } };

/** GitHub's heading anchor of an event type: lower case, punctuation (the dots) dropped. */
const anchorOf = (type: string) => type.toLowerCase().replace(/[^a-z0-9 _-]/g, '');

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(s: Schema): string {
  if (Array.isArray(s['enum'])) return (s['enum'] as unknown[]).map((v) => `\`${String(v)}\``).join(' | ');
  if (s['const'] !== undefined) return `\`${String(s['const'])}\``;
  if (Array.isArray(s['anyOf'])) return (s['anyOf'] as Schema[]).map(typeOf).join(' or ');
  const t = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
  if (t === 'array' && s['items']) return `array of ${typeOf(s['items'] as Schema)}`;
  return s['format'] ? `${t} (${String(s['format'])})` : t;
}

function fieldRows(s: Schema, prefix = ''): string[] {
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).flatMap(([name, f]) => {
    const path = `${prefix}${name}`;
    const row = `| \`${path}\` | ${cell(typeOf(f))} | ${required.has(name) ? 'yes' : 'no'} | ${cell(f.description ?? '')} |`;
    const items = f['items'] as Schema | undefined;
    const nested = f.properties ? fieldRows(f, `${path}.`) : items?.properties ? fieldRows(items, `${path}[].`) : [];
    return [row, ...nested];
  });
}

function fieldTable(s: Schema): string[] {
  return ['| Field | Type | Required | Description |', '| --- | --- | --- | --- |', ...fieldRows(s)];
}

export function renderEventsMarkdown(doc: AsyncApiDocument): string {
  const info = doc['info'] as { description: string };
  const out: string[] = [
    '# Events / 事件目录',
    '',
    '<!-- Generated from libs/contracts/src/events/catalogue by `npm run docs:events`; do not edit by hand. -->',
    '',
    info.description,
    '',
    'The machine-readable form is the AsyncAPI 3.0 document the gateway serves at `GET /api/v1/asyncapi.json` (no token needed).',
    'Each event below gives its CloudEvents `type`, its NATS subject (`{orgUnit}` is one token), what the `subject` attribute names, the fields of its `data`, the fields that are personal data, and an example.',
    '',
    'Every message carries the NATS headers `Content-Type: application/cloudevents+json` and `Nats-Msg-Id` (the event id), and `traceparent` when tracing is on.',
    '',
    '## Index',
    '',
    '| Type | Subject | 说明 | Summary |',
    '| --- | --- | --- | --- |',
  ];
  const entries = Object.entries(doc.channels).map(([key, ch]) => {
    const [ref] = Object.values(ch.messages);
    const id = ref!.$ref.split('/').pop()!;
    return { key, ch, id, m: doc.components.messages[id]! };
  });
  for (const { ch, m } of entries) {
    out.push(`| [\`${m.name}\`](#${anchorOf(m.name)}) | \`${ch.address}\` | ${cell(m['x-summary-zh'])} | ${cell(m.summary)} |`);
  }
  // Events with the same data (the case steps) show its fields and an example once.
  const firstWithData = new Map<string, string>();
  for (const { ch, m } of entries) {
    const data = (m.payload as unknown as Payload).properties.data;
    const key = JSON.stringify(data);
    const first = firstWithData.get(key);
    if (!first) firstWithData.set(key, m.name);
    out.push('', `## ${m.name}`, '', `${m['x-summary-zh']}`, '', `${m.summary}.`, '');
    out.push(`- Subject: \`${ch.address}\`, \`{orgUnit}\`: ${ch.parameters['orgUnit']!.description}`);
    const subject = (m.payload['properties'] as Record<string, Schema>)['subject']!;
    out.push(`- CloudEvents \`subject\`: ${subject.description ?? ''}`);
    out.push(`- Source: \`${String((m.payload['properties'] as Record<string, Schema>)['source']!['const'])}\``);
    out.push(`- Personal data: ${m['x-personal-data'].length ? m['x-personal-data'].map((p) => `\`${p}\``).join(', ') : 'none'}`);
    out.push('');
    if (first) {
      out.push(`Data and example: as [\`${first}\`](#${anchorOf(first)}), with this step's \`type\`.`);
      continue;
    }
    if (data.anyOf) {
      data.anyOf.forEach((alt, i) => out.push(`Data, form ${i + 1} of ${data.anyOf!.length}:`, '', ...fieldTable(alt), ''));
    } else {
      out.push('Data:', '', ...fieldTable(data), '');
    }
    out.push('Example:', '', '```json', JSON.stringify(m.examples[0]!.payload, null, 2), '```');
  }
  return `${out.join('\n')}\n`;
}
