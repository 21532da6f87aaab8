// The shared entry of every NATS handler (token verified again, faults as plain 500 problems).
export { authenticated } from '@fengqiao/messaging';
