import type { NextFunction, Request, Response } from 'express';
import { formatPath, type FieldError } from '@fengqiao/contracts';
import { GatewayFailures } from '../gateway.failures';

/**
 * U+0000 cannot be stored: PostgreSQL text and jsonb refuse it. The gateway refuses it in every query
 * value and every string of a JSON body (keys too) before any service sees it, naming each place; the
 * OpenAPI document states it (openApiSchemaOf gives free text a pattern without it).
 */
export const NUL = '\u0000';
const MESSAGE = '不能包含空字符 U+0000 / must not contain the NUL character (U+0000)';

function findNul(value: unknown, path: Array<string | number>, out: FieldError[]): void {
  if (typeof value === 'string') {
    if (value.includes(NUL)) out.push({ path: formatPath(path) || '(body)', message: MESSAGE });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findNul(v, [...path, i], out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes(NUL)) out.push({ path: formatPath(path) || '(body)', message: MESSAGE });
      findNul(v, [...path, k], out);
    }
  }
}

export function refuseNul(req: Request, res: Response, next: NextFunction): void {
  // Open311 refuses it itself, in GeoReport's error format (open311.mapping.ts `param`).
  if (req.path?.startsWith('/open311/')) return next();
  const errors: FieldError[] = [];
  findNul(req.query, [], errors);
  findNul(req.body, [], errors);
  if (errors.length === 0) return next();
  const p = GatewayFailures.problem('NUL_CHARACTER', errors);
  res
    .status(p.status)
    .type('application/problem+json')
    .send(JSON.stringify({ ...p, instance: req.originalUrl }));
}
