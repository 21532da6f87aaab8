import type { HolidayNotice } from './holiday-notice';

// 国务院办公厅关于2026年部分节假日安排的通知, published 2025-11-04 (Xinhua).
// The document number is taken from a reprint of the notice; confirm it on gov.cn.
export const CN_2026: HolidayNotice = Object.freeze({
  year: 2026,
  notice: '国办发明电〔2025〕7号',
  publishedOn: '2025-11-04',
  daysOff: Object.freeze([
    // 元旦 New Year
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    // 春节 Spring Festival, 9 days
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    // 清明节 Qingming
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    // 劳动节 Labour Day
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    // 端午节 Dragon Boat
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    // 中秋节 Mid-Autumn
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    // 国庆节 National Day, 7 days
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ]),
  adjustedWorkdays: Object.freeze([
    '2026-01-04', // Sun, New Year
    '2026-02-14', // Sat, Spring Festival
    '2026-02-28', // Sat, Spring Festival
    '2026-05-09', // Sat, Labour Day
    '2026-09-20', // Sun, National Day
    '2026-10-10', // Sat, National Day
  ]),
});
