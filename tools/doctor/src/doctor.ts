import { streamName } from '@fengqiao/contracts';
import { guarded, type Finding } from './finding';
import { judgeKeys } from './checks/keys';
import { judgeNats, natsFacts } from './checks/nats';
import { judgePostgres, postgresFacts } from './checks/postgres';
import { judgeRealm, realmFacts } from './checks/keycloak';
import { judgeTemporal, temporalRetentionSeconds } from './checks/temporal';

/** Where the deployment is: the services' own environment variables, plus where NATS's monitor listens. */
export interface DoctorEnv {
  [name: string]: string | undefined;
  NODE_ENV?: string;
  APP_DATABASE_URL?: string;
  NATS_URL?: string;
  /** NATS's monitoring port (`http: 8222` in its config); default: the NATS host on 8222. */
  NATS_MONITOR_URL?: string;
  FQ_PREFIX?: string;
  TEMPORAL_ADDRESS?: string;
  TEMPORAL_NAMESPACE?: string;
  KEYCLOAK_URL?: string;
  KEYCLOAK_REALM?: string;
  FQ_KEYCLOAK_ADMIN?: string;
  FQ_KEYCLOAK_ADMIN_PASSWORD?: string;
}

function monitorUrl(env: DoctorEnv): string {
  if (env.NATS_MONITOR_URL) return env.NATS_MONITOR_URL;
  const host = new URL((env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',')[0]!.replace(/^nats:/, 'http:')).hostname;
  return `http://${host}:8222`;
}

/** Every check, each independent of the others: one server down is one finding, not a crash. */
export async function examine(env: DoctorEnv): Promise<Finding[]> {
  const production = env.NODE_ENV === 'production';
  const namespace = env.TEMPORAL_NAMESPACE ?? 'fengqiao';
  const groups = await Promise.all([
    guarded('nats', 'monitor', async () => judgeNats(await natsFacts(monitorUrl(env), streamName(env.FQ_PREFIX || undefined)), production)),
    guarded('postgres', 'connection', async () => {
      if (!env.APP_DATABASE_URL) throw new Error('APP_DATABASE_URL is not set (the role the services run as)');
      return judgePostgres(await postgresFacts(env.APP_DATABASE_URL));
    }),
    guarded('temporal', 'namespace', async () => judgeTemporal(namespace, await temporalRetentionSeconds(env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233', namespace))),
    guarded('keycloak', 'realm', async () =>
      judgeRealm(
        await realmFacts({
          url: env.KEYCLOAK_URL ?? 'http://127.0.0.1:8080',
          realm: env.KEYCLOAK_REALM ?? 'fengqiao',
          adminUser: env.FQ_KEYCLOAK_ADMIN ?? 'admin',
          adminPassword: env.FQ_KEYCLOAK_ADMIN_PASSWORD ?? 'admin',
        }),
        production,
      ),
    ),
    Promise.resolve(judgeKeys(env, production)),
  ]);
  return groups.flat();
}
