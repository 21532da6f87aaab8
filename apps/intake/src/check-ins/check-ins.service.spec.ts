import { squareBoundary } from '@fengqiao/testing';
import { gridHolding, namesSomeoneElse } from './check-ins.service';

const square = squareBoundary;

describe('a check-in names nobody but the caller', () => {
  it.each([{ userId: 'u' }, { username: 'grid.x' }, { worker: 'w' }, { workerId: 1 }, { onBehalfOf: 'x' }, { for: 'x' }, { user: null }])(
    'finds someone else named in %j',
    (named) => {
      expect(namesSomeoneElse({ position: { lng: 1, lat: 1 }, ...named })).toBe(true);
    },
  );

  it('finds nobody in a plain body, or in what is no object', () => {
    expect(namesSomeoneElse({ position: { lng: 1, lat: 1 } })).toBe(false);
    expect(namesSomeoneElse(null)).toBe(false);
    expect(namesSomeoneElse('userId')).toBe(false);
  });
});

describe('the grid that holds a position', () => {
  const grids = [
    { code: 'a', boundary: null },
    { code: 'b', boundary: square(104.6, 35.5) },
    { code: 'c', boundary: square(104.7, 35.5) },
  ];

  it("is the first of the worker's grids whose boundary holds it (an edge counts)", () => {
    expect(gridHolding({ lng: 104.705, lat: 35.505 }, grids)?.code).toBe('c');
    expect(gridHolding({ lng: 104.6, lat: 35.505 }, grids)?.code).toBe('b');
  });

  it('is none outside every boundary, and a grid without a boundary holds nothing', () => {
    expect(gridHolding({ lng: 104.65, lat: 35.505 }, grids)).toBeUndefined();
    expect(gridHolding({ lng: 0, lat: 0 }, [{ code: 'a', boundary: null }])).toBeUndefined();
  });
});
