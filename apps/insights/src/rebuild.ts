import 'reflect-metadata';
import { connect } from 'nats';
import { natsServerOptions } from '@fengqiao/messaging';
import { createServiceDataSource } from '@fengqiao/persistence';
import { INSIGHTS_SCHEMA, loadInsightsConfig } from './config/insights.config';
import { insightsMigrations } from './database/insights.migrations';
import { projectEvent, READ_MODEL_LOCK } from './projection/case-projector';
import { refillSubtreeRollups } from './projection/subtree-rollups';
import { replayCaseEvents } from './projection/stream-replay';
import { keyPersonEventsFilter, projectKeyPersonEvent } from './projection/key-person-projector';

const KEY_PERSON_TABLES = ['key_person_warnings', 'key_person_obligations', 'key_person_risk_changes', 'key_persons'];

/**
 * `node rebuild.js`: empties the read model and replays every case and key-person event of FQ_EVENTS into it,
 * in one transaction (readers see the old figures until the new ones are complete; the live
 * consumer waits on the lock, then finds its events applied already).
 */
async function main() {
  const config = loadInsightsConfig();
  const ds = await createServiceDataSource({
    url: config.DATABASE_URL,
    schema: INSIGHTS_SCHEMA,
    entities: [],
    migrations: insightsMigrations,
    applicationName: 'fq-insights-rebuild',
  }).initialize();
  const nats = await connect({ ...natsServerOptions(config.NATS_URL), name: 'fq-insights-rebuild' });
  const started = Date.now();
  try {
    const applied = await ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [READ_MODEL_LOCK]);
      for (const table of ['subtree_rollups', 'rollups', 'case_facts', 'processed_events', 'org_units', ...KEY_PERSON_TABLES])
        await m.query(`DELETE FROM insights.${table}`);
      const prefix = config.FQ_PREFIX;
      // Case and key-person events touch separate tables (the org paths aside, which only grow): one kind after the other.
      // The subtree rows are summed once at the end, not per event (see ProjectOptions).
      const cases = await replayCaseEvents(nats, prefix, async (e) => void (await projectEvent(m, e, { subtrees: false })));
      const persons = await replayCaseEvents(nats, prefix, async (e, subject) => void (await projectKeyPersonEvent(m, e, subject)), {
        filters: [keyPersonEventsFilter(prefix)],
      });
      await refillSubtreeRollups(m);
      return cases + persons;
    });
    const [{ cases, persons }] = (await ds.query(
      `SELECT (SELECT count(*)::int FROM insights.case_facts) AS cases, (SELECT count(*)::int FROM insights.key_persons) AS persons`,
    )) as [{ cases: number; persons: number }];
    process.stdout.write(`insights: read model rebuilt from ${applied} event(s), ${cases} case(s), ${persons} key person(s) in ${Date.now() - started} ms\n`);
  } finally {
    await nats.close();
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`insights rebuild failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
