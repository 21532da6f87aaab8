// Writes docs/events.md from the event catalogue: `npm run docs:events` (a gateway unit test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApiDocument } from './asyncapi.document';
import { renderEventsMarkdown } from './events-markdown';

export const EVENTS_DOC = join(__dirname, '../../../../docs/events.md');

if (require.main === module) {
  writeFileSync(EVENTS_DOC, renderEventsMarkdown(buildAsyncApiDocument()));
  process.stdout.write(`wrote ${EVENTS_DOC}\n`);
}
