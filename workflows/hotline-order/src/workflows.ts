// Entry point for the worker bundle: every workflow function of this package.
export { hotlineOrderDeadline } from './hotline-order.workflow';
