export { blindIndex, normalizeForIndex } from './blind-index';
export { idNumberCheckCharacter, validateIdNumber, type IdNumberErrorCode, type IdNumberResult } from './id-number.validator';
export { keyringFromEnv } from './keyring';
export { maskIdNumber, maskName, maskPhone } from './masking';
export { PiiCipher, type Keyring } from './pii-cipher';
export { PiiException, type PiiErrorCode } from './pii.exception';
export { validatePhone, type PhoneKind, type PhoneResult } from './phone.validator';
export * from './dev-keys';
export { openJson, sealJson, type Sealed } from './sealed-json';
