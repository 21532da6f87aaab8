import { blindIndex, DEV_BLIND_INDEX_KEY, isSealed, maskIdNumber, maskPhone, piiCipherFromEnv, type PiiCipher } from '@fengqiao/pii';

export interface ProtectedValue {
  enc: string;
  bidx: string;
  masked: string;
}

/** Encrypts, indexes and masks personal data before it is stored. */
export class PiiProtector {
  private readonly cipher: PiiCipher;
  private readonly bidxKey: Buffer;

  constructor(keyring?: string, blindIndexKey?: string) {
    this.cipher = piiCipherFromEnv(keyring);
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

  /** The blind index of an ID number: exact lookup and duplicate detection without decrypting. */
  idNumberIndex(value: string): string {
    return blindIndex(value, this.bidxKey);
  }

  /** Seals a value for the wire (NATS replies carry no plain personal data). */
  seal(value: string): string {
    return this.cipher.encrypt(value);
  }

  /** Opens a value the gateway sealed; plain values (other callers on the bus) pass through. */
  open(value: string): string {
    return isSealed(value) ? this.cipher.decrypt(value) : value;
  }
}
