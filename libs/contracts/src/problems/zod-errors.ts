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
  return error.issues.map((issue) => ({ path: formatPath(issue.path) || '(body)', message: issue.message }));
}
