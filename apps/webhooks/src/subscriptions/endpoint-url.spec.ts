import { checkEndpoint, resolvesInward } from './endpoint-url';

describe('checkEndpoint', () => {
  it('accepts https', () => {
    expect(checkEndpoint('https://hooks.example.cn/fq', false)).toEqual({ ok: true, url: 'https://hooks.example.cn/fq' });
  });

  it('refuses http, even to loopback, unless the deployment allows loopback http', () => {
    expect(checkEndpoint('http://hooks.example.cn/fq', true)).toEqual({ ok: false, reason: 'not-https' });
    expect(checkEndpoint('http://127.0.0.1:9999/x', false)).toEqual({ ok: false, reason: 'not-https' });
    expect(checkEndpoint('http://127.0.0.1:9999/x', true).ok).toBe(true);
    expect(checkEndpoint('http://localhost:9999/x', true).ok).toBe(true);
    expect(checkEndpoint('http://[::1]:9999/x', true).ok).toBe(true);
    expect(checkEndpoint('http://10.0.0.1/x', true).ok).toBe(false);
  });

  it('refuses https to an internal address literal (loopback, private, link-local), loopback only when allowed', () => {
    for (const host of [
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '127.0.0.1',
      '0.0.0.0',
      '100.64.0.1',
      '[::1]',
      '[fd00::1]',
      '[fe80::1]',
      '[::ffff:10.0.0.1]',
      'localhost',
    ])
      expect(checkEndpoint(`https://${host}/x`, false)).toEqual({ ok: false, reason: 'private-address' });
    expect(checkEndpoint('https://127.0.0.1:8443/x', true).ok).toBe(true);
    expect(checkEndpoint('https://172.32.0.1/x', false).ok).toBe(true);
    expect(checkEndpoint('https://8.8.8.8/x', false).ok).toBe(true);
  });

  it('refuses what is not an http(s) URL, and credentials in the URL', () => {
    expect(checkEndpoint('ftp://example.cn/x', true)).toEqual({ ok: false, reason: 'not-a-url' });
    expect(checkEndpoint('nonsense', true)).toEqual({ ok: false, reason: 'not-a-url' });
    expect(checkEndpoint('https://u:p@example.cn/x', true)).toEqual({ ok: false, reason: 'credentials' });
  });
});

describe('resolvesInward (checked at every delivery)', () => {
  const dns = (table: Record<string, string[]>) => async (host: string) => table[host] ?? [];

  it('refuses a public name that now points at a private, link-local or loopback address', async () => {
    const resolve = dns({ 'hooks.example.com': ['203.0.113.7', '10.0.0.5'], 'meta.example.com': ['169.254.169.254'], 'six.example.com': ['::1'] });
    expect(await resolvesInward('hooks.example.com', false, resolve)).toBe('10.0.0.5');
    expect(await resolvesInward('meta.example.com', false, resolve)).toBe('169.254.169.254');
    expect(await resolvesInward('six.example.com', false, resolve)).toBe('::1');
  });

  it('lets a name of public addresses through, and loopback only when development allows it', async () => {
    const resolve = dns({ 'hooks.example.com': ['203.0.113.7', '2001:db8::1'], localhost: ['127.0.0.1', '::1'] });
    expect(await resolvesInward('hooks.example.com', false, resolve)).toBeUndefined();
    expect(await resolvesInward('localhost', true, resolve)).toBeUndefined();
    expect(await resolvesInward('localhost', false, resolve)).toBe('127.0.0.1');
    expect(await resolvesInward('127.0.0.1', true, resolve)).toBeUndefined();
    expect(await resolvesInward('[fd00::1]', true, resolve)).toBe('fd00::1');
  });
});
