// Entry point for the worker bundle: every workflow function of this package.
export { monthlyReport } from './monthly-report.workflow';
export { checkInRollCall } from './check-in-roll-call.workflow';
