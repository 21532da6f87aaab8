import type { PiiCipher } from './pii-cipher';

/**
 * A whole message sealed for the bus: the key-person register sends bodies and records between the
 * gateway and its service only this way, so no NATS message (or a log of one) can name a person.
 */
export interface Sealed {
  sealed: string;
}

export function sealJson(cipher: PiiCipher, value: unknown): Sealed {
  return { sealed: cipher.encrypt(JSON.stringify(value)) };
}

export function openJson<T>(cipher: PiiCipher, message: Sealed): T {
  return JSON.parse(cipher.decrypt(message.sealed)) as T;
}
