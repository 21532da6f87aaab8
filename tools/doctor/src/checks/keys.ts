import { DEV_BLIND_INDEX_KEY, DEV_PII_KEYRING, keyringFromEnv } from '@fengqiao/pii';
import { fail, ok, warn, type Finding } from '../finding';

/** The key rings the services need: what each protects, and the development value to refuse in production. */
const KEYS = [
  { name: 'PII_KEYRING', protects: 'ID numbers and phones at rest', dev: DEV_PII_KEYRING, ring: true },
  { name: 'PII_BLIND_INDEX_KEY', protects: 'the search index of ID numbers', dev: DEV_BLIND_INDEX_KEY, ring: false },
  { name: 'TEMPORAL_CODEC_KEYRING', protects: "workflow payloads in Temporal's database", dev: undefined, ring: true },
] as const;

/** Never prints key material: only whether a key is there, well formed and not a development key. */
export function judgeKeys(env: Readonly<Record<string, string | undefined>>, production: boolean): Finding[] {
  return KEYS.map((k) => {
    const value = env[k.name];
    if (!value) {
      return (production ? fail : warn)(
        'keys',
        k.name,
        `not set: ${k.protects} use the development key${production ? ', which the services refuse in production' : ''}`,
      );
    }
    if (value === k.dev) return (production ? fail : warn)('keys', k.name, `the development key, published in the repository: generate a real one`);
    if (k.ring) {
      try {
        const ring = keyringFromEnv(value);
        return ok('keys', k.name, `${Object.keys(ring.keys).length} key(s), active ${ring.activeKeyId}`);
      } catch (e) {
        return fail('keys', k.name, `malformed: ${e instanceof Error ? e.message : 'invalid keyring'}`);
      }
    }
    return Buffer.from(value, 'base64').length >= 32 ? ok('keys', k.name, 'set') : fail('keys', k.name, 'shorter than 32 bytes (openssl rand -base64 32)');
  });
}
