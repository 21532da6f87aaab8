import { KEY_ID_RE, type Keyring } from './pii-cipher';
import { PiiException } from './pii.exception';

const KEY_BYTES = 32;
const BASE64_RE = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

/**
 * Parses a keyring from one environment variable (e.g. PII_KEYRING):
 *
 *   <id>:<key>[,<id>:<key>...][;active=<id>]
 *   e.g. k1:3q2+7w...=,k2:q83v...=;active=k2
 *
 * - id: 1–32 of [A-Za-z0-9_-]; key: 32 bytes in base64 or base64url (`openssl rand -base64 32`).
 * - `active` names the encrypting key; it may be left out only when there is exactly one key.
 * - Retired keys stay in the list until no stored token uses them (PiiCipher.needsRotation).
 * Every problem is reported at once; messages never include key material.
 */
export function keyringFromEnv(value: string): Keyring {
  const problems: string[] = [];
  const [keyList = '', ...options] = String(value ?? '')
    .split(';')
    .map((s) => s.trim());
  const keys: Record<string, Buffer> = {};
  let active: string | undefined;

  options.forEach((option, i) => {
    if (option === '') return;
    const m = /^active\s*=\s*(.*)$/.exec(option);
    // Do not echo the option: a misplaced ';' can put key material here.
    if (!m) problems.push(`option ${i + 1} after ";" is not "active=<id>"`);
    else if (active !== undefined) problems.push('"active" given more than once');
    else active = m[1].trim();
  });

  const entries = keyList
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (entries.length === 0) problems.push('no keys (expected <id>:<base64 key>)');
  const listed = new Set<string>(); // ids named in the list, valid or not, so errors are not repeated
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon).trim();
    const material = entry.slice(colon + 1).trim();
    if (!KEY_ID_RE.test(id)) {
      problems.push(`entry ${i + 1}: expected <id>:<key> with an id of 1–32 [A-Za-z0-9_-]`);
      return;
    }
    if (listed.has(id)) {
      problems.push(`key id "${id}" appears more than once`);
      return;
    }
    listed.add(id);
    // Node's base64 decoder also reads the base64url alphabet.
    const bytes = BASE64_RE.test(material) ? Buffer.from(material, 'base64') : undefined;
    if (!bytes || bytes.length !== KEY_BYTES) {
      problems.push(`key "${id}" must be ${KEY_BYTES} bytes in base64${bytes ? ` (got ${bytes.length})` : ''}`);
      return;
    }
    keys[id] = bytes;
  });

  if (active === undefined && entries.length === 1 && listed.size === 1) active = [...listed][0];
  if (active === undefined) {
    if (entries.length > 1) problems.push('several keys but no "active=<id>"');
  } else if (!listed.has(active)) {
    problems.push(`active key ${KEY_ID_RE.test(active) ? `"${active}"` : '(not a valid id)'} is not in the list`);
  }

  if (problems.length > 0) throw new PiiException('invalid-keyring', problems.join('; '));
  return { activeKeyId: active as string, keys };
}
