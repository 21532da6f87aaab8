import { ZodEnum, ZodNativeEnum, ZodObject, ZodString, ZodType } from 'zod';

/**
 * Zod writes to a schema while it parses: an object schema caches its shape and keys, an enum its
 * set of values (both on the first parse), and a string's `.regex()` check resets the pattern's
 * `lastIndex` every time. A frozen schema (the SDK freezes shared workflow modules) would throw on
 * those writes, so every schema reachable from `roots` — module exports, the records and arrays they
 * hold, each schema's own definition — is made ready now: caches filled, patterns wrapped. Only the
 * workflow sandbox calls this; the apps' schemas are left as they are. Returns how many schemas it saw.
 */
export function primeZodCaches(roots: unknown[]): number {
  const seen = new WeakSet<object>();
  let schemas = 0;
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (value instanceof ZodType) {
      schemas += 1;
      prime(value);
      const def = value._def as Record<string, unknown>;
      for (const [key, part] of Object.entries(def)) visit(key === 'shape' || key === 'getter' ? (part as () => unknown)() : part);
      return;
    }
    for (const part of Object.values(value)) visit(part);
  };
  for (const root of roots) visit(root);
  return schemas;
}

function prime(schema: ZodType): void {
  if (schema instanceof ZodObject) schema._getCached();
  else if (schema instanceof ZodEnum) schema.safeParse((schema.options as unknown[])[0]);
  else if (schema instanceof ZodNativeEnum) schema.safeParse(Object.values(schema.enum as object)[0]);
  else if (schema instanceof ZodString) {
    for (const check of schema._def.checks) if (check.kind === 'regex' && check.regex instanceof RegExp) check.regex = frozenSafe(check.regex);
  }
}

/**
 * What zod's regex check uses of a pattern (`lastIndex = 0`, then `test`), on an object that stays
 * usable when frozen. It matches with its own copy of the pattern, out of the freeze's reach (the
 * original may be exported, and so frozen, too).
 */
function frozenSafe(original: RegExp): RegExp {
  const pattern = new RegExp(original.source, original.flags);
  const safe = {
    get lastIndex() {
      return 0;
    },
    set lastIndex(_: number) {},
    test: (text: string) => {
      pattern.lastIndex = 0;
      return pattern.test(text);
    },
    source: pattern.source,
    flags: pattern.flags,
    toString: () => pattern.toString(),
  };
  return safe as unknown as RegExp;
}
