import { z } from 'zod';
import { formatPath, zodFieldErrors } from './zod-errors';

describe('formatPath', () => {
  it.each<[Array<string | number>, string]>([
    [['parties', 0, 'idNumber'], 'parties[0].idNumber'],
    [['parties', 12], 'parties[12]'],
    [['location', 'lat'], 'location.lat'],
    [['title'], 'title'],
    [['matrix', 1, 2, 'x'], 'matrix[1][2].x'],
    [[], ''],
  ])('formats %p as %p', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('zodFieldErrors', () => {
  const schema = z.object({ parties: z.array(z.object({ idNumber: z.string().max(3, 'too long') })) }).strict();

  it('maps each issue to its API path and message', () => {
    const r = schema.safeParse({ parties: [{ idNumber: 'ok' }, { idNumber: 'long' }] });
    expect(r.success).toBe(false);
    expect(!r.success && zodFieldErrors(r.error)).toEqual([{ path: 'parties[1].idNumber', message: 'too long' }]);
  });

  it('reports an unknown root-level field at its own path', () => {
    const r = schema.safeParse({ parties: [], extra: 1 });
    expect(!r.success && zodFieldErrors(r.error).map((e) => e.path)).toEqual(['extra']);
  });

  it('keeps every issue, in order', () => {
    const r = schema.safeParse({ parties: [{ idNumber: 'long' }, { idNumber: 7 }] });
    expect(!r.success && zodFieldErrors(r.error).map((e) => e.path)).toEqual(['parties[0].idNumber', 'parties[1].idNumber']);
  });
});
