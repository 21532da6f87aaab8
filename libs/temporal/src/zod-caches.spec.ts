import { z } from 'zod';
import * as calendar from '@fengqiao/calendar';
import * as contracts from '@fengqiao/contracts';
import * as rules from '@fengqiao/rules';
import { primeZodCaches } from './zod-caches';

/** What the SDK does to a shared workflow module once it is loaded (getters are read, functions frozen shallowly). */
function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value as object)) return value;
  seen.add(value as object);
  if (typeof value === 'object') for (const key of Reflect.ownKeys(value as object)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  return Object.freeze(value);
}

enum Colour {
  Red = 'red',
  Green = 'green',
}
const sample = () => ({
  person: z.object({
    kind: z.enum(['a', 'b']),
    colour: z.nativeEnum(Colour),
    items: z.array(z.object({ n: z.number() })),
    code: z.string().regex(/^[0-9]{2}$/g),
  }),
  later: z.lazy(() => z.object({ x: z.string() })),
});
const good = { kind: 'a', colour: 'red', items: [{ n: 1 }], code: '42' };

describe('primeZodCaches', () => {
  it('a frozen schema that was never parsed throws on its first parse (what it guards against)', () => {
    const { person } = deepFreeze(sample());
    expect(() => person.parse(good)).toThrow(TypeError);
  });

  it('after priming, frozen schemas parse and refuse as before', () => {
    const schemas = sample();
    expect(primeZodCaches([schemas])).toBeGreaterThanOrEqual(7);
    const { person, later } = deepFreeze(schemas);
    expect(person.parse(good)).toEqual(good);
    expect(person.parse(good)).toEqual(good); // a global pattern matches again from the start
    const refused = person.safeParse({ ...good, kind: 'c', colour: 'blue', code: '4x' });
    expect(refused.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['code', 'colour', 'kind']);
    expect(later.safeParse({ x: 'y' }).success).toBe(true);
  });

  it('primes every schema the shared workflow libs export, so none throws once frozen', () => {
    const roots = [contracts, calendar, rules];
    const seen = primeZodCaches(roots);
    expect(seen).toBeGreaterThan(100);
    const found: z.ZodTypeAny[] = [];
    const collect = (v: unknown, s = new WeakSet<object>()): void => {
      if (v === null || typeof v !== 'object' || s.has(v)) return;
      s.add(v);
      if (v instanceof z.ZodType) {
        found.push(v);
        const def = v._def as Record<string, unknown>;
        for (const [key, part] of Object.entries(def)) collect(key === 'shape' || key === 'getter' ? (part as () => unknown)() : part, s);
      } else for (const part of Object.values(v)) collect(part, s);
    };
    roots.forEach((r) => collect(r));
    deepFreeze(roots);
    expect(found.every((schema) => Object.isFrozen(schema))).toBe(true);
    expect(found.some((schema) => schema instanceof z.ZodString && schema._def.checks.some((c) => c.kind === 'regex'))).toBe(true);
    for (const schema of found) for (const input of [undefined, {}, [], 'x', 1]) expect(() => schema.safeParse(input)).not.toThrow();
  });
});
