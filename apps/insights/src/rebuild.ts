import 'reflect-metadata';
import { connect } from 'nats';
import { createServiceDataSource } from '@fengqiao/persistence';
import { INSIGHTS_SCHEMA, loadInsightsConfig } from './config/insights.config';
import { insightsMigrations } from './database/insights.migrations';
import { projectEvent, READ_MODEL_LOCK } from './projection/case-projector';
import { replayCaseEvents } from './projection/stream-replay';

/**
 * `node rebuild.js`: empties the read model and replays every case event of FQ_EVENTS into it,
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
  const nats = await connect({ servers: config.NATS_URL, name: 'fq-insights-rebuild' });
  const started = Date.now();
  try {
    const applied = await ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [READ_MODEL_LOCK]);
      for (const table of ['rollups', 'case_facts', 'processed_events', 'org_units']) await m.query(`DELETE FROM insights.${table}`);
      return replayCaseEvents(nats, config.FQ_PREFIX, async (e) => void (await projectEvent(m, e)));
    });
    const [{ cases }] = (await ds.query(`SELECT count(*)::int AS cases FROM insights.case_facts`)) as [{ cases: number }];
    process.stdout.write(`insights: read model rebuilt from ${applied} event(s), ${cases} case(s) in ${Date.now() - started} ms\n`);
  } finally {
    await nats.close();
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`insights rebuild failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
