import type { FieldPosition } from '@fengqiao/contracts';
import { fieldPosition, geoProblem, type GeoProblem } from './grid.helpers';

/** Thrown when the phone gives no position: `problem` names the words that say why. */
export class GeoError extends Error {
  constructor(readonly problem: GeoProblem) {
    super(problem);
    this.name = 'GeoError';
  }
}

/** The phone's current position (a fresh reading, high accuracy), or a GeoError saying why there is none. */
export function locate(timeoutMs = 20_000): Promise<FieldPosition> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      reject(new GeoError('geoUnsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve(fieldPosition(p.coords)),
      (e) => reject(new GeoError(geoProblem(e.code))),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 0 },
    );
  });
}
