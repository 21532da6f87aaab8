export type PiiErrorCode = 'invalid-keyring' | 'invalid-key' | 'unknown-key' | 'malformed-token' | 'unsupported-version' | 'tampered' | 'invalid-argument';

function messageFor(code: PiiErrorCode, detail: string): string {
  switch (code) {
    case 'invalid-keyring':
      return `密钥环配置无效：${detail} / Invalid keyring: ${detail}`;
    case 'invalid-key':
      return `密钥无效：${detail} / Invalid key: ${detail}`;
    case 'unknown-key':
      return `未知的密钥编号“${detail}”，无法解密 / Unknown key id "${detail}", cannot decrypt`;
    case 'malformed-token':
      return `密文格式错误：${detail} / Malformed ciphertext token: ${detail}`;
    case 'unsupported-version':
      return `不支持的密文版本“${detail}” / Unsupported ciphertext version "${detail}"`;
    case 'tampered':
      return `密文校验失败（已被篡改或密钥不符） / Ciphertext failed authentication (tampered or wrong key)`;
    case 'invalid-argument':
      return `参数无效：${detail} / Invalid argument: ${detail}`;
  }
}

/** The one error type thrown by @fengqiao/pii. Details never contain key material or plaintext. */
export class PiiException extends Error {
  constructor(
    readonly code: PiiErrorCode,
    readonly detail = '',
  ) {
    super(messageFor(code, detail));
    this.name = 'PiiException';
  }
}
