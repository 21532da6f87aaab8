import { blindIndex, keyringFromEnv, maskIdNumber, maskPhone, PiiCipher } from '@fengqiao/pii';

export interface ProtectedValue {
  enc: string;
  bidx: string;
  masked: string;
}

// Development-only keys so a local start works without configuration; production refuses to start without real ones.
const DEV_KEYRING = 'dev1:ZmVuZ3FpYW8tZGV2LW9ubHktZW5jcnlwdGlvbi1rZXk=;active=dev1';
const DEV_BLIND_INDEX_KEY = 'ZmVuZ3FpYW8tZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5';

/** Encrypts, indexes and masks personal data before it is stored. */
export class PiiProtector {
  private readonly cipher: PiiCipher;
  private readonly bidxKey: Buffer;

  constructor(keyring?: string, blindIndexKey?: string) {
    this.cipher = new PiiCipher(keyringFromEnv(keyring ?? DEV_KEYRING));
    this.bidxKey = Buffer.from(blindIndexKey ?? DEV_BLIND_INDEX_KEY, 'base64');
  }

  idNumber(value: string): ProtectedValue {
    return { enc: this.cipher.encrypt(value), bidx: blindIndex(value, this.bidxKey), masked: maskIdNumber(value) };
  }

  phone(value: string): ProtectedValue {
    return { enc: this.cipher.encrypt(value), bidx: blindIndex(value, this.bidxKey), masked: maskPhone(value) };
  }

  decrypt(token: string): string {
    return this.cipher.decrypt(token);
  }
}
