import { CN_2025 } from './holidays/cn-2025';
import { CN_2026 } from './holidays/cn-2026';
import { WorkCalendar } from './work-calendar';

/** Notices shipped with the code; later years are loaded by an admin (parseHolidayNotice + withNotice). */
export const BUILT_IN_NOTICES = Object.freeze([CN_2025, CN_2026]);

let shared: WorkCalendar | undefined;

/** A calendar with every built-in notice (2025, 2026). Immutable, so one shared instance is safe. */
export function defaultCalendar(): WorkCalendar {
  shared ??= new WorkCalendar(BUILT_IN_NOTICES);
  return shared;
}
