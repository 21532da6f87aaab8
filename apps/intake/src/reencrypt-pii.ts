import 'reflect-metadata';
import { piiCipherFromEnv } from '@fengqiao/pii';
import { createServiceDataSource, migrationUrlFromEnv } from '@fengqiao/persistence';
import { INTAKE_SCHEMA } from './config/intake.config';
import { intakeEntities } from './database/intake.entities';
import { reencryptGridWorkers, reencryptParties } from './cases/pii-reencryption';

/** `node reencrypt-pii.js`: rewrites stored personal data under PII_KEYRING's active key. */
async function main() {
  const ds = await createServiceDataSource({
    url: migrationUrlFromEnv(process.env),
    schema: INTAKE_SCHEMA,
    entities: intakeEntities,
    migrations: [],
  }).initialize();
  const cipher = piiCipherFromEnv(process.env['PII_KEYRING']);
  const r = await reencryptParties(ds, cipher);
  const g = await reencryptGridWorkers(ds, cipher);
  await ds.destroy();
  process.stdout.write(
    `已重新加密 ${r.reencrypted} / ${r.scanned} 条当事人记录、${g.reencrypted} / ${g.scanned} 条网格员记录（当前密钥 ${cipher.activeKeyId}）\nre-encrypted ${r.reencrypted} of ${r.scanned} party records and ${g.reencrypted} of ${g.scanned} grid-worker records under key ${cipher.activeKeyId}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`re-encryption failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
