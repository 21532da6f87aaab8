import type { HolidayNotice } from './holiday-notice';

// 国务院办公厅关于2025年部分节假日安排的通知. From 2025 Spring Festival and Labour Day each gained a statutory day.
export const CN_2025: HolidayNotice = Object.freeze({
  year: 2025,
  notice: '国办发明电〔2024〕12号',
  publishedOn: '2024-11-12',
  daysOff: Object.freeze([
    // 元旦 New Year
    '2025-01-01',
    // 春节 Spring Festival, 8 days
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-01',
    '2025-02-02',
    '2025-02-03',
    '2025-02-04',
    // 清明节 Qingming
    '2025-04-04',
    '2025-04-05',
    '2025-04-06',
    // 劳动节 Labour Day
    '2025-05-01',
    '2025-05-02',
    '2025-05-03',
    '2025-05-04',
    '2025-05-05',
    // 端午节 Dragon Boat
    '2025-05-31',
    '2025-06-01',
    '2025-06-02',
    // 国庆节、中秋节 National Day + Mid-Autumn, 8 days
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-04',
    '2025-10-05',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
  ]),
  adjustedWorkdays: Object.freeze([
    '2025-01-26', // Sun, Spring Festival
    '2025-02-08', // Sat, Spring Festival
    '2025-04-27', // Sun, Labour Day
    '2025-09-28', // Sun, National Day
    '2025-10-11', // Sat, National Day
  ]),
});
