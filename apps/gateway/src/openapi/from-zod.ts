import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { ZodStringDef, ZodTypeAny } from 'zod';
import { ignoreOverride, parseStringDef, zodToJsonSchema } from 'zod-to-json-schema';

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
      if (d.typeName !== 'ZodString' || !d.checks.some((c) => c.kind === 'trim')) return ignoreOverride;
      const s = parseStringDef(d, refs) as Record<string, unknown>;
      // The validator trims before it counts: a required text needs a character that is not a space.
      return typeof s['minLength'] === 'number' && s['minLength'] > 0 && !s['pattern'] ? { ...s, pattern: '\\S' } : s;
    },
  }) as Record<string, unknown>;
  delete json['$schema'];
  return json;
}

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
