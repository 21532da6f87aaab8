import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { EVENT_CATALOGUE } from '@fengqiao/contracts';
import { buildAsyncApiDocument, channelId, messageId } from './asyncapi.document';
import { renderEventsMarkdown } from './events-markdown';
import { EVENTS_DOC } from './write-events-doc';

const doc = buildAsyncApiDocument();

describe('the AsyncAPI document of the event catalogue', () => {
  it('parses with the AsyncAPI parser without an error or a warning, one channel and message per catalogue entry', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
    // Severity 0 is an error, 1 a warning (2, 3: information and hints, such as "3.1.0 exists").
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
    expect(document!.channels().length).toBe(EVENT_CATALOGUE.length);
    expect(document!.allMessages().length).toBe(EVENT_CATALOGUE.length);
    expect(
      document!
        .operations()
        .all()
        .every((o) => o.action() === 'send'),
    ).toBe(true);
    for (const d of EVENT_CATALOGUE) {
      const channel = document!.channels().get(channelId(d));
      expect(channel?.address()).toBe(`fq.evt.{orgUnit}.${d.aggregate}.${d.event}`);
      const m = channel!.messages().get(messageId(d));
      expect(m?.name()).toBe(d.type);
      const envelope = m!.payload()!.properties()!;
      expect(envelope['type']!.const()).toBe(d.type);
      expect(envelope['data']).toBeDefined();
      expect(m!.examples().all()[0]!.payload()).toMatchObject({ type: d.type, data: d.example });
    }
  }, 60_000);

  it('states the data schema as JSON Schema, required fields and enums included', () => {
    const registered = doc.components.messages['caseRegistered']!.payload as {
      properties: { data: { required: string[]; properties: Record<string, { enum?: string[] }> } };
    };
    expect(registered.properties.data.required).toEqual(expect.arrayContaining(['caseId', 'caseNo', 'orgUnit', 'registeredBy']));
    expect(registered.properties.data.properties['severity']!.enum).toEqual(['ordinary', 'difficult', 'major']);
    expect(doc.components.messages['checkInMissing']!['x-personal-data']).toEqual(['missing[].username', 'missing[].name']);
  });

  it('is rendered in docs/events.md as checked in (run `npm run docs:events` after changing the catalogue)', () => {
    expect(readFileSync(EVENTS_DOC, 'utf8')).toBe(renderEventsMarkdown(doc));
  });
});
