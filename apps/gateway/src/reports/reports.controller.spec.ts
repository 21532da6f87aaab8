import { contentDisposition } from './reports.controller';

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the Chinese name as RFC 5987 filename*', () => {
    expect(contentDisposition('安定区-2026年11月平安动态.pdf', 'report-1.pdf')).toBe(
      `attachment; filename="report-1.pdf"; filename*=UTF-8''%E5%AE%89%E5%AE%9A%E5%8C%BA-2026%E5%B9%B411%E6%9C%88%E5%B9%B3%E5%AE%89%E5%8A%A8%E6%80%81.pdf`,
    );
    expect(decodeURIComponent(contentDisposition('a (b).xlsx', 'x.xlsx').split("''")[1]!)).toBe('a (b).xlsx');
    expect(contentDisposition("it's.pdf", 'x.pdf')).toContain('it%27s.pdf');
  });
});
