import { pushOfStep } from './case-steps';

describe('which case steps the 12345 centre hears about', () => {
  it('turns replies into progress, a conclusion into the result, a rating or return visit into the return visit', () => {
    expect(pushOfStep('replied', { message: '已受理', resolved: false })).toEqual({ kind: 'progress', detail: { note: '已受理' } });
    expect(pushOfStep('concluded', { outcome: 'resolved', summary: '已补发工资' })).toEqual({
      kind: 'result',
      detail: { outcome: 'resolved', summary: '已补发工资' },
    });
    expect(pushOfStep('rated', { score: 4, comment: null })).toEqual({ kind: 'return-visit', detail: { score: 4, note: null } });
    expect(pushOfStep('return-visit-recorded', { summary: '回访：协议已履行', resolved: true })).toEqual({
      kind: 'return-visit',
      detail: { score: null, note: '回访：协议已履行', resolved: true },
    });
  });

  it('ignores the steps the centre does not follow', () => {
    expect(pushOfStep('routed', {})).toBeUndefined();
    expect(pushOfStep('closed', {})).toBeUndefined();
  });
});
