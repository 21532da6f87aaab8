import type { EntityManager, QueryRunner } from 'typeorm';
import type { CloudEvent } from '@fengqiao/contracts';
import { activeTraceparent } from '@fengqiao/observability';

const ident = (schema: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  return `"${schema}"`;
};

/** DDL for a service's outbox table, bulk lane included (what OutboxRelay reads); called from that service's migration. */
export async function createOutboxTable(runner: QueryRunner, schema: string): Promise<void> {
  const s = ident(schema);
  await runner.query(`CREATE TABLE ${s}.outbox (
    id uuid PRIMARY KEY,
    subject text NOT NULL,
    type text NOT NULL,
    event jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at timestamptz
  )`);
  await addOutboxBulkLane(runner, schema);
}

/**
 * Adds the bulk lane: rows written in bulk (an import, the demo history) are marked `bulk` and
 * relayed after every live row, so thousands of them never hold up a case registered meanwhile.
 * Order is kept within each lane.
 */
export async function addOutboxBulkLane(runner: QueryRunner, schema: string): Promise<void> {
  const s = ident(schema);
  // Idempotent: intake's first outbox predates the lane (a later migration adds it); new tables get it at creation.
  await runner.query(`ALTER TABLE ${s}.outbox ADD COLUMN IF NOT EXISTS bulk boolean NOT NULL DEFAULT false`);
  await runner.query(`DROP INDEX IF EXISTS ${s}.outbox_unpublished`);
  await runner.query(`CREATE INDEX outbox_unpublished ON ${s}.outbox (bulk, created_at) WHERE published_at IS NULL`);
}

export async function removeOutboxBulkLane(runner: QueryRunner, schema: string): Promise<void> {
  const s = ident(schema);
  await runner.query(`DROP INDEX ${s}.outbox_unpublished`);
  await runner.query(`ALTER TABLE ${s}.outbox DROP COLUMN bulk`);
  await runner.query(`CREATE INDEX outbox_unpublished ON ${s}.outbox (created_at) WHERE published_at IS NULL`);
}

export async function dropOutboxTable(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`DROP TABLE ${ident(schema)}.outbox`);
}

/**
 * Appends an event inside the caller's transaction: it is published only if the change commits. The
 * request's trace travels with it (`traceparent`, the CloudEvents tracing extension) when tracing is on.
 */
export async function appendToOutbox(manager: EntityManager, schema: string, subject: string, event: CloudEvent): Promise<void> {
  const traceparent = event.traceparent ?? activeTraceparent();
  if (traceparent) event = { ...event, traceparent };
  await manager.query(`INSERT INTO ${ident(schema)}.outbox (id, subject, type, event) VALUES ($1, $2, $3, $4)`, [
    event.id,
    subject,
    event.type,
    JSON.stringify(event),
  ]);
}

export { ident as quoteSchema };
