import type { ZodTypeAny } from 'zod';
import type { CaseStatus, Caller, DisputeState } from '@fengqiao/contracts';
import type { Role } from '../roles';

/** A text the product shows, Chinese first. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** One action on a case of a kind: a Temporal update of the case's process, named like the action. */
export interface ActionSpec {
  /** The body, validated by the gateway's caller (intake) and again by the workflow. */
  schema: ZodTypeAny;
  /** Who may take it; jurisdiction is checked on top. */
  roles: readonly Role[];
  label: Bilingual;
  description: Bilingual;
  /** A valid body, shown in the OpenAPI and used by tests that walk every kind. */
  example: Record<string, unknown>;
  /** A rule beyond the role (e.g. a department officer acts for their own department only). */
  mayTake?: (caller: Caller, body: unknown) => Bilingual | null;
}

/** Which recorded steps of the kind's process the metrics count (docs/metrics.md); insights' projector reads it. */
export interface MetricSteps {
  /** The first-contact reply; `detail.resolved: true` means settled on the spot. */
  firstReply: readonly string[];
  /** A step, or a status, that means the case went to a mediator. */
  mediated: { types: readonly string[]; statuses: readonly string[] };
  /** A satisfaction rating, `detail.score` 1–5. */
  rated: readonly string[];
  closed: readonly string[];
}

/** How the demo county's seeded history shows the kind (apps/intake's demo seed). */
export interface DemoDeclaration {
  /** Weight among the seeded kinds (the shares need not add up to 1). */
  share: number;
  /** Titles drawn for its cases, in Chinese as a clerk writes them; absent: a title by the case's category. */
  titles?: readonly string[];
  /** The case names an opposite party (a dispute's respondent). */
  respondent?: boolean;
}

/**
 * A case kind, declared once: the gateway's action route, the OpenAPI, the console's forms, the
 * processes intake and the orchestrator start, the insights projector and the demo seed are derived from it.
 */
export interface CaseKindModule {
  kind: string;
  label: Bilingual;
  /** The Temporal process of each case of the kind. */
  process: {
    /** Workflow function name, as exported by the workflow package. */
    workflowType: string;
    /** Workflow id `<idPrefix>-<caseNo>`. */
    idPrefix: string;
    /** Package (path alias) whose `workflowsPath` the orchestrator bundles and hosts. */
    workflowPackage: string;
  };
  actions: Record<string, ActionSpec>;
  /** The statuses a case of the kind passes through (first is where it starts). */
  statuses: readonly CaseStatus[];
  /** Actions open on a case of the kind in a status (the workflow's validator decides finer points). */
  allowedActions(state: ProcessStateView): string[];
  metricSteps: MetricSteps;
  /**
   * Steps after which a matter is closed for good (a petition's re-review, §36 of the regulation):
   * intake refuses a new case of the kind from the same person (ID blind index) with the same
   * category once one of theirs holds such a step. Absent: a matter may always be brought again.
   */
  closesMatterAfter?: readonly string[];
  /** Absent: the demo seed registers no history of the kind. */
  demo?: DemoDeclaration;
  /**
   * A deployment's settings the kind's process takes in its input (e.g. legal aid's local periods),
   * read from the environment of the service that starts the process. The run keeps them for life.
   */
  processSettings?: (env: Readonly<Record<string, string | undefined>>) => Record<string, unknown>;
}

/** What the allowed actions depend on: the part of a process's state every kind keeps. */
export type ProcessStateView = Pick<DisputeState, 'status' | 'joint' | 'feedbackRecorded' | 'clocks'> & Partial<Pick<DisputeState, 'extensionRequest'>>;
