import { keyringFromEnv } from './keyring';
import { PiiCipher } from './pii-cipher';

// Development-only keys so a local start works without configuration; production configs
// refuse to start without real ones (see each app's config).
export const DEV_PII_KEYRING = 'dev1:ZmVuZ3FpYW8tZGV2LW9ubHktZW5jcnlwdGlvbi1rZXk=;active=dev1';
export const DEV_BLIND_INDEX_KEY = 'ZmVuZ3FpYW8tZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5';

/** The cipher for PII_KEYRING, or the development keyring when none is configured. */
export function piiCipherFromEnv(keyring: string | undefined): PiiCipher {
  return new PiiCipher(keyringFromEnv(keyring || DEV_PII_KEYRING));
}

/** A value sealed by PiiCipher (`v1.<keyId>.…`), as personal data travels between services. */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && /^v1\.[A-Za-z0-9_-]{1,32}\./.test(value);
}
