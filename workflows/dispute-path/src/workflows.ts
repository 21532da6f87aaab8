// Entry point for the worker bundle: every workflow function of this package.
export { disputePath } from './dispute-path.workflow';
