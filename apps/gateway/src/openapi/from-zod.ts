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
