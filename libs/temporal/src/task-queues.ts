export { taskQueue } from '@fengqiao/contracts';

export const ORCHESTRATOR_QUEUE = 'orchestrator';
