import { maskIdNumber, maskName, maskPhone } from './masking';

describe('masking', () => {
  it('keeps region and last four of an ID number', () => {
    expect(maskIdNumber('620102199001011234')).toBe('620102********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('123')).toBe('***');
    expect(maskIdNumber('')).toBe('');
  });

  it('masks mobile numbers to 138****5678 and landlines to area code + last two', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('0755-12345678')).toBe('0755-******78');
    expect(maskPhone('01012345678')).toBe('010-******78');
    expect(maskPhone('0931-8123456')).toBe('0931-*****56');
    expect(maskPhone('12345')).toBe('*****'); // not a phone number: hide all of it
  });

  it('keeps only the first character of a name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('买买提·艾力')).toBe('买*****');
    expect(maskName('𠀋一')).toBe('𠀋*'); // an Extension B character is one character
    expect(maskName(' 王五 ')).toBe('王*');
    expect(maskName('张')).toBe('*');
    expect(maskName('')).toBe('');
  });
});
