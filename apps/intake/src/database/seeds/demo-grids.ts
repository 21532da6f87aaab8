import type { BoundaryGeometry, OrgUnitInput, Position } from '@fengqiao/contracts';

/**
 * The demo county's grids (docs/demo-county.md "Grids"), generated, deterministic: each township is
 * a lattice of cells (rows × the columns of its villages side by side); a village is a block of
 * columns, a grid one cell. Lattice corners and edge midpoints are shifted by a hash of their place,
 * so outlines look drawn by hand, and neighbours share the very same vertices: the grids tile their
 * village exactly (no overlap, no gap), the villages their township's area. Exterior rings run
 * counter-clockwise (RFC 7946).
 */

export interface DemoTownshipLayout {
  code: string;
  /** South-west corner of its area, degrees. */
  origin: { lng: number; lat: number };
  rows: number;
  villages: { code: string; name: string; nameEn: string; cols: number }[];
}

/** About 1.2 km × 1.2 km per cell at 35.6° N. */
const CELL = { lng: 0.013, lat: 0.011 };

export const DEMO_GRID_LAYOUT: readonly DemoTownshipLayout[] = [
  {
    code: '621102101',
    origin: { lng: 104.468, lat: 35.748 },
    rows: 2,
    villages: [
      { code: '621102101201', name: '东川村', nameEn: 'Dongchuan village', cols: 2 },
      { code: '621102101202', name: '巉口村', nameEn: 'Chankou village', cols: 3 },
    ],
  },
  {
    code: '621102102',
    origin: { lng: 104.705, lat: 35.468 },
    rows: 2,
    villages: [{ code: '621102102201', name: '锦屏村', nameEn: 'Jinping village', cols: 2 }],
  },
];

/** Invented full-time grid workers (专职网格员) for the generated grids: demo data, not real people. */
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '马', '徐'];
const GIVEN = ['建华', '秀英', '志强', '丽娟', '国平', '海燕', '文斌', '春梅', '永红', '晓东', '玉兰', '德明'];
const ORDINAL = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** A number in [-1, 1] from a place in the lattice: the same place gives the same shift everywhere. */
function jitter(...key: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of key.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  h ^= h >>> 12;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** Builds one township's lattice: corner and edge-midpoint positions shared by neighbouring cells. */
function lattice(t: DemoTownshipLayout) {
  const cols = t.villages.reduce((n, v) => n + v.cols, 0);
  const corner = (i: number, j: number): Position => {
    const inner = i > 0 && i < t.rows && j > 0 && j < cols;
    // Inner corners move in both directions; outer ones along their edge only, so the area stays a block.
    const dx = (inner || i === 0 || i === t.rows) && j > 0 && j < cols ? jitter(t.code, 'x', i, j) * 0.2 : 0;
    const dy = (inner || j === 0 || j === cols) && i > 0 && i < t.rows ? jitter(t.code, 'y', i, j) * 0.2 : 0;
    return [round(t.origin.lng + (j + dx) * CELL.lng), round(t.origin.lat + (i + dy) * CELL.lat)];
  };
  /** The midpoint of an edge, pushed sideways a little (outer edges too: outlines are not ruled lines). */
  const mid = (a: Position, b: Position, ...key: (string | number)[]): Position => {
    const s = jitter(t.code, 'm', ...key) * 0.12;
    const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
    return [round((a[0] + b[0]) / 2 - dy * s * (CELL.lng / CELL.lat)), round((a[1] + b[1]) / 2 + dx * s * (CELL.lat / CELL.lng))];
  };
  const P = (i: number, j: number) => corner(i, j);
  /** Midpoint of the horizontal edge from (i, j) to (i, j+1), and of the vertical edge from (i, j) to (i+1, j). */
  const H = (i: number, j: number) => mid(P(i, j), P(i, j + 1), 'h', i, j);
  const V = (i: number, j: number) => mid(P(i, j), P(i + 1, j), 'v', i, j);
  /** The counter-clockwise outline of rows [r0, r1) × columns [c0, c1), closed. */
  const outline = (r0: number, r1: number, c0: number, c1: number): Position[] => {
    const ring: Position[] = [];
    for (let j = c0; j < c1; j++) ring.push(P(r0, j), H(r0, j));
    for (let i = r0; i < r1; i++) ring.push(P(i, c1), V(i, c1));
    for (let j = c1; j > c0; j--) ring.push(P(r1, j), H(r1, j - 1));
    for (let i = r1; i > r0; i--) ring.push(P(i, c0), V(i - 1, c0));
    ring.push(ring[0]);
    return ring;
  };
  return { cols, outline };
}

const polygon = (ring: Position[]): BoundaryGeometry => ({ type: 'Polygon', coordinates: [ring] });

/** A made-up mobile number (Dingxi's area code 0932 in it), the same for the same grid. */
const demoPhone = (n: number) => `1390932${String(1000 + n).slice(-4)}`;

export interface DemoGrids {
  /** Boundaries of the townships and villages, by code. */
  areas: Map<string, BoundaryGeometry>;
  /** The third-level grids `<village>-NN`, each with its boundary and one full-time grid worker. */
  grids: OrgUnitInput[];
}

/** The demo county's grid register. Parse it with `orgTreeInputSchema` before use (the seed does). */
export function demoGrids(layout: readonly DemoTownshipLayout[] = DEMO_GRID_LAYOUT): DemoGrids {
  const areas = new Map<string, BoundaryGeometry>();
  const grids: OrgUnitInput[] = [];
  let worker = 0;
  for (const t of layout) {
    const { cols, outline } = lattice(t);
    areas.set(t.code, polygon(outline(0, t.rows, 0, cols)));
    let c0 = 0;
    for (const v of t.villages) {
      areas.set(v.code, polygon(outline(0, t.rows, c0, c0 + v.cols)));
      let n = 0;
      for (let i = 0; i < t.rows; i++) {
        for (let j = c0; j < c0 + v.cols; j++) {
          n++;
          const w = worker++;
          grids.push({
            code: `${v.code}-${String(n).padStart(2, '0')}`,
            name: `${v.name}第${ORDINAL[n - 1] ?? n}网格`,
            nameEn: `${v.nameEn} grid ${n}`,
            level: 'grid',
            parent: v.code,
            boundary: polygon(outline(i, i + 1, j, j + 1)),
            workers: [{ name: SURNAMES[w % SURNAMES.length] + GIVEN[(w * 5 + 3) % GIVEN.length], phone: demoPhone(w) }],
          });
        }
      }
      c0 += v.cols;
    }
  }
  return { areas, grids };
}

/** Second-level grid workers with a login: the realm's `grid-worker` users bound to a village. */
export const DEMO_VILLAGE_GRID_WORKERS: Readonly<Record<string, { name: string; phone: string; username: string }[]>> = {
  '621102101201': [{ name: '网格员 东川村', phone: '13909320001', username: 'grid.621102101201' }],
};
