/**
 * One State Council notice (国务院办公厅关于某年部分节假日安排的通知), as data.
 * Dates are China calendar dates, YYYY-MM-DD, every day listed individually.
 */
export interface HolidayNotice {
  readonly year: number;
  /** Document number, e.g. 国办发明电〔2024〕12号 — the version the data came from. */
  readonly notice: string;
  /** YYYY-MM-DD the notice was published. */
  readonly publishedOn: string;
  /** 放假: every day off, weekends inside a holiday block included. */
  readonly daysOff: readonly string[];
  /** 调休上班: weekend days that are working days. */
  readonly adjustedWorkdays: readonly string[];
}
