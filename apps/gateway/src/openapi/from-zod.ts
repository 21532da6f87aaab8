import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { ZodStringDef, ZodTypeAny } from 'zod';
import { ignoreOverride, parseStringDef, zodToJsonSchema } from 'zod-to-json-schema';

/** Text without U+0000, which the gateway refuses (problems/nul-guard.ts). */
export const NO_NUL = '^[^\\u0000]*$';
const NO_NUL_NOT_BLANK = '^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$';

/**
 * An OpenAPI 3 schema generated from the validating schema itself, so the document states every
 * constraint the gateway enforces and cannot drift from it.
 */
export function openApiSchemaOf(schema: ZodTypeAny): Record<string, unknown> {
  const json = zodToJsonSchema(schema, {
    target: 'openApi3',
    $refStrategy: 'none',
    override: (def, refs) => {
      const d = def as ZodStringDef;
      if (d.typeName !== 'ZodString') return ignoreOverride;
      const s = parseStringDef(d, refs) as Record<string, unknown>;
      // A pattern or format of its own already keeps U+0000 out (the gateway refuses it: nul-guard.ts).
      if (s['pattern'] || s['format'] || s['enum']) return s;
      // The validator trims before it counts: a required text needs a character that is not a space.
      const trimmedRequired = d.checks.some((c) => c.kind === 'trim') && typeof s['minLength'] === 'number' && s['minLength'] > 0;
      return { ...s, pattern: trimmedRequired ? NO_NUL_NOT_BLANK : NO_NUL };
    },
  }) as Record<string, unknown>;
  delete json['$schema'];
  return json;
}

/** How the figures reads (`/stats`, `/board`, key-person stats …) describe their `orgUnit`, `from` and `to`. */
export const FIGURES_QUERY_DOCS = {
  orgUnit: 'defaults to your own unit; must lie in your jurisdiction',
  from: 'ISO date (China midnight) or date-time, inclusive',
  to: 'ISO date or date-time, exclusive; later than from',
} as const;

/**
 * The query parameters of an operation, one per field of the validating query schema (the same zod
 * object the handler parses), each with its generated schema: a parameter is required only when the
 * validator requires it. `describe` adds words; `refine` adds what a refinement checks that the
 * generated schema cannot know (e.g. the registered case kinds as an enum); `emptyIsAbsent` says the
 * handler drops empty parameters (`withoutEmptyParams`) before it validates, so `?orgUnit=` is allowed.
 */
export function ApiQueryFrom(
  schema: ZodTypeAny,
  o: { describe?: Record<string, string>; refine?: Record<string, Record<string, unknown>>; emptyIsAbsent?: boolean } = {},
): MethodDecorator {
  const json = openApiSchemaOf(schema);
  const properties = (json['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((json['required'] ?? []) as string[]);
  const decorators = Object.entries(properties).map(([name, s]) => {
    // A query value is one string on the wire: a default only describes what an absent one means.
    const { default: fallback, ...rest } = s;
    const description = [o.describe?.[name], fallback === undefined ? undefined : `default ${JSON.stringify(fallback)}`].filter(Boolean).join('; ');
    return ApiQuery({
      name,
      required: required.has(name),
      schema: { ...rest, ...o.refine?.[name] },
      ...(description ? { description } : {}),
      ...(o.emptyIsAbsent && !required.has(name) ? { allowEmptyValue: true } : {}),
    });
  });
  return applyDecorators(...decorators);
}
