import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { connect, type NatsConnection } from 'nats';
import { Client, Connection } from '@temporalio/client';
import { streamName, WEBHOOK_JOBS_STREAM } from '@fengqiao/contracts';
import { withDatabase } from '@fengqiao/persistence';
import { temporalCodecFromEnv } from '@fengqiao/temporal';
import { infraEnv } from './infra-env';
import { tokenFor } from './keycloak-tokens';

export interface TestContext {
  /** Short unique id: the NATS subject prefix, the stream suffix and the task-queue prefix. */
  prefix: string;
  /** A database of this test file's own, dropped at dispose (as its owner). */
  databaseUrl: string;
  /** The same database as the apps' role sees it (neither owner nor superuser). */
  appDatabaseUrl: string;
  nats: NatsConnection;
  temporal: Client;
  tokenFor: typeof tokenFor;
  /** Environment for starting an app against this context (it logs in as the app role). */
  appEnv(extra?: Record<string, string>): Record<string, string>;
  /** Environment for a service's migrate script: the owner migrates and grants the app role. */
  migrationEnv(): Record<string, string>;
  /** A query on this test's database. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  dispose(): Promise<void>;
}

/**
 * One call gives a test file real PostgreSQL, NATS, Temporal and Keycloak, isolated from
 * every other file: its own database, subject prefix, events stream and task queues.
 */
export async function createTestContext(label = 'test'): Promise<TestContext> {
  const infra = infraEnv();
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const dbName = `fq_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${prefix}`;

  const admin = new PgClient({ connectionString: infra.databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const databaseUrl = withDatabase(infra.databaseUrl, dbName);
  const appDatabaseUrl = withDatabase(infra.appDatabaseUrl, dbName);
  const db = new PgClient({ connectionString: databaseUrl });
  // A PostgreSQL killed under a crash test ends this connection: its later queries fail loudly, the
  // 'error' event must not take the test process down with it.
  db.on('error', () => undefined);
  await db.connect();
  // The test's own eyes see every row: the row-level-security policies read this setting.
  await db.query(`SET fq.scope = '*'`);

  const nats = await connect({ servers: infra.natsUrl, name: `fq-test-${prefix}` });
  const connection = await Connection.connect({ address: infra.temporalAddress });
  // The apps encrypt payloads (dev keyring in tests); the test's client must read them too.
  const temporal = new Client({
    connection,
    namespace: infra.temporalNamespace,
    dataConverter: { payloadCodecs: [temporalCodecFromEnv({ NODE_ENV: 'test', TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] })] },
  });

  const appEnv = (extra: Record<string, string> = {}) => ({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
    DATABASE_URL: appDatabaseUrl,
    NATS_URL: infra.natsUrl,
    TEMPORAL_ADDRESS: infra.temporalAddress,
    TEMPORAL_NAMESPACE: infra.temporalNamespace,
    KEYCLOAK_URL: infra.keycloakUrl,
    KEYCLOAK_REALM: infra.keycloakRealm,
    FQ_PREFIX: prefix,
    ...infra.s3,
    // The apps and the test's client must share the payload key (unset → both use the dev key).
    ...(process.env['TEMPORAL_CODEC_KEYRING'] ? { TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] } : {}),
    ...extra,
  });

  return {
    prefix,
    databaseUrl,
    appDatabaseUrl,
    nats,
    temporal,
    tokenFor,
    appEnv,
    migrationEnv: () => appEnv({ MIGRATION_DATABASE_URL: databaseUrl, APP_DATABASE_URL: appDatabaseUrl }),
    sql: async <T>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[],
    dispose: async () => {
      // Workflows of this test must not outlive it in the shared namespace.
      for await (const w of temporal.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue STARTS_WITH '${prefix}.'` })) {
        await temporal.workflow
          .getHandle(w.workflowId, w.runId)
          .terminate('test finished')
          .catch(() => undefined);
      }
      // …nor its Schedules (an orchestrator started by the test created one under the prefix).
      for await (const s of temporal.schedule.list()) {
        if (s.scheduleId.startsWith(`${prefix}.`))
          await temporal.schedule
            .getHandle(s.scheduleId)
            .delete()
            .catch(() => undefined);
      }
      await db.end();
      const jsm = await nats.jetstreamManager();
      await jsm.streams.delete(streamName(prefix)).catch(() => undefined);
      // The webhooks service's work queue, when the file started it.
      await jsm.streams.delete(streamName(prefix, WEBHOOK_JOBS_STREAM)).catch(() => undefined);
      await nats.close();
      await connection.close();
      const cleanup = new PgClient({ connectionString: infra.databaseUrl });
      await cleanup.connect();
      // Apps just stopped may still be closing their sessions, and FORCE cannot end the sessions of
      // another role (the owner is no superuser): give them a moment to go.
      for (let i = 0; i < 50; i++) {
        const { rows } = await cleanup.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
          dbName,
        ]);
        if (rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await cleanup.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
