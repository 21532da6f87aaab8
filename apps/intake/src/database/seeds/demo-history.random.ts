/** Seeded draws: the same seed gives the same demo history everywhere. */

/** mulberry32: small, fast, good enough for test data, and the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

export function pick<T>(rng: Rng, shares: ReadonlyArray<readonly [T, number]>): T {
  let u = rng() * shares.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of shares) if ((u -= w) < 0) return v;
  return shares[shares.length - 1]![0];
}

export const oneOf = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

export function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Exactly `n` labels in the given shares (largest remainder), in random order. */
export function quota<T>(rng: Rng, n: number, shares: ReadonlyArray<readonly [T, number]>): T[] {
  const total = shares.reduce((s, [, w]) => s + w, 0);
  const exact = shares.map(([v, w]) => ({ v, x: (n * w) / total }));
  const counts = exact.map((e) => Math.floor(e.x));
  let left = n - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((e, i) => ({ i, r: e.x - Math.floor(e.x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) if (left-- > 0) counts[i]! += 1;
  return shuffle(
    rng,
    exact.flatMap((e, i) => Array<T>(counts[i]!).fill(e.v)),
  );
}

export function uuidFrom(rng: Rng): string {
  const h = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  h[12] = '4';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
