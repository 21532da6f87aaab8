import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addOutboxBulkLane, removeOutboxBulkLane } from '@fengqiao/messaging';

/** The outbox's bulk lane: the seeded history (and any import) is relayed after live events. */
export class OutboxBulkLane1763900006000 implements MigrationInterface {
  name = 'OutboxBulkLane1763900006000';

  async up(q: QueryRunner): Promise<void> {
    await addOutboxBulkLane(q, 'intake');
  }

  async down(q: QueryRunner): Promise<void> {
    await removeOutboxBulkLane(q, 'intake');
  }
}
