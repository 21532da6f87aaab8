import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** Small OpenAPI schema builders the controllers share (a string, an integer, a map of counts). */
export const str = (extra: SchemaObject = {}): SchemaObject => ({ type: 'string', ...extra });
export const int = (extra: SchemaObject = {}): SchemaObject => ({ type: 'integer', ...extra });

/** An object of integer counts: under the given keys, or under any key when none are given. */
export const counts = (keys?: readonly string[]): SchemaObject =>
  keys ? { type: 'object', properties: Object.fromEntries(keys.map((k) => [k, int()])) } : { type: 'object', additionalProperties: int() };
