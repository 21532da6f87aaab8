import type { ReportUnitLevel } from '@fengqiao/contracts';

/**
 * The tier of a division code: 6 digits ending in 00 a city (市), other 6 digits a county or
 * district (县/区), 9 digits a township or street (乡镇/街道); villages, grids and provinces get no
 * monthly report of their own.
 */
export function reportLevel(code: string): ReportUnitLevel | undefined {
  if (/^\d{9}$/.test(code)) return 'township';
  if (!/^\d{6}$/.test(code) || code.endsWith('0000')) return undefined;
  return code.endsWith('00') ? 'city' : 'county';
}

/** The levels a scheduled run covers when no unit is named. */
export const SCHEDULED_LEVELS: readonly ReportUnitLevel[] = ['county', 'township'];

export const LEVEL_NAMES: Record<ReportUnitLevel, string> = { city: '市级', county: '县（区）级', township: '乡镇（街道）级' };
