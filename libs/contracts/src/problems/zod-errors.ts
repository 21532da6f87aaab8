import type { ZodError } from 'zod';
import type { FieldError } from './problem';

/** `['parties', 0, 'idNumber']` → `parties[0].idNumber` (the API's field path form). */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc ? `${acc}.${part}` : part;
  }, '');
}

export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    // An unknown field is reported at its own path, so a client sees which one to remove.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: '不允许的字段 / unknown field' }))
      : [{ path: formatPath(issue.path) || '(body)', message: issue.message }],
  );
}
