export type CalendarErrorCode = 'invalid-date' | 'invalid-argument' | 'invalid-office-hours' | 'invalid-notice' | 'duplicate-notice';

function messageFor(code: CalendarErrorCode, detail: string): string {
  switch (code) {
    case 'invalid-date':
      return `日期或时间无效：${detail} / Invalid date or time: ${detail}`;
    case 'invalid-argument':
      return `参数无效：${detail} / Invalid argument: ${detail}`;
    case 'invalid-office-hours':
      return `办公时间配置无效：${detail} / Invalid office hours: ${detail}`;
    case 'invalid-notice':
      return `节假日通知数据无效：${detail} / Invalid holiday notice: ${detail}`;
    case 'duplicate-notice':
      return `同一年份的节假日通知重复：${detail} / More than one holiday notice for year ${detail}`;
  }
}

/** The one error type thrown by @fengqiao/calendar; `code` is stable, `message` is for humans. */
export class CalendarException extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    readonly detail: string,
  ) {
    super(messageFor(code, detail));
    this.name = 'CalendarException';
  }
}
