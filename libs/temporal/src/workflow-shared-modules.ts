/**
 * The workflow bundle's preload entry (see sharedWorkflowModules in workflow-bundle.ts). The SDK
 * evaluates it once per worker context, before any workflow exists, and then deep-freezes every
 * module it loaded. The modules below are shared by every workflow from then on: the workflow-safe
 * libs (with zod), and OpenTelemetry's semantic conventions, a table of constants the tracing
 * interceptors pull in whose top level alone cost about 4 ms per new workflow. It also installs the
 * one AsyncLocalStorage all workflows' storages share (workflow-async-context.ts).
 */
import * as semanticConventions from '@opentelemetry/semantic-conventions';
import * as calendar from '@fengqiao/calendar';
import * as contracts from '@fengqiao/contracts';
import * as rules from '@fengqiao/rules';
import { installSharedAsyncLocalStorage } from './workflow-async-context';
import { primeZodCaches } from './zod-caches';

primeZodCaches([contracts, calendar, rules, semanticConventions]);
installSharedAsyncLocalStorage(globalThis);
