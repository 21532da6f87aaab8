import { taskQueue } from './task-queues';

describe('taskQueue', () => {
  it('names the deployment serving an org unit, with the plain service as fallback', () => {
    expect(taskQueue('mediation', '621102101')).toBe('mediation@621102101');
    expect(taskQueue('mediation')).toBe('mediation');
    expect(taskQueue('intake', undefined, 't42')).toBe('t42.intake');
  });
});
