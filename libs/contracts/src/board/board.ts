import { z } from 'zod';
import type { WarningColour } from '../cases/case.schema';

/** Who may read the three-colour board (issue 5); insights checks again behind the gateway. */
export const BOARD_ROLES = ['leader', 'admin', 'clerk'] as const;

/** The query string of `GET /api/v1/board`. */
export const boardQuerySchema = z
  .object({
    orgUnit: z
      .string()
      .regex(/^\d{6}[0-9A-Za-z-]*$/, '须为行政区划代码 / must be an org-unit code such as 621102101')
      .optional(),
  })
  .strict();

export type BoardQuery = z.infer<typeof boardQuerySchema>;

/** Why a unit's card has its colour. */
export type BoardReason = 'overdue' | 'complaint-cluster' | 'late-reporting';

/** One org unit's row: its subtree's open cases by colour, recent complaints, and its own card. */
export interface BoardUnitView {
  orgUnit: string;
  /** The unit above it (null for the unit asked about when it is a root of what insights knows). */
  parent: string | null;
  /** Depth below the unit asked about: 0 for itself, 1 for its children, … */
  level: number;
  /** Open cases (not closed) of the unit's subtree by current warning colour. */
  open: Record<WarningColour, number>;
  /** Complaints registered in the unit's subtree within the cluster window. */
  complaints: number;
  card: WarningColour;
  reasons: BoardReason[];
  /** The public case list query behind each count (`GET /api/v1/cases?…`). */
  cases: Record<WarningColour | 'complaints', string>;
}

/**
 * Legal aid at a glance for the unit asked about (its subtree): applications waiting for the review
 * decision, the process's overdue clocks, and this month's grant rate (docs/metrics.md, "Legal aid").
 */
export interface BoardLegalAidTile {
  /** Open legal-aid cases in review (status `legal-aid-review`, the 7-day clock running). */
  underReview: number;
  /** Open legal-aid cases waiting for requested materials (status `awaiting-materials`, the review clock stopped). */
  awaitingMaterials: number;
  /** Open legal-aid cases whose current warning is red (a clock of the process overdue). */
  red: number;
  /** The current China-time month, `YYYY-MM`: the window of `decided` and `grantRate`. */
  month: string;
  /** Review decisions on the legal-aid cases registered this month so far. */
  decided: number;
  /** `granted / decided` of those: `legalAid.grantRate` of `GET /api/v1/stats?kind=legal-aid&from=<month>-01`. */
  grantRate: number;
  /** The public case list query behind each count (`GET /api/v1/cases?…`). */
  cases: { underReview: string; awaitingMaterials: string; red: string };
}

/**
 * The key-person register at a glance for the unit asked about (its subtree), now: counts only, never
 * a person (docs/metrics.md, "Key persons"; the same figures as `GET /api/v1/key-persons/stats`).
 */
/** Grid workers' activity this China-time month (docs/metrics.md "Grid workers' activity rate"). */
export interface BoardGridActivityTile {
  /** `YYYY-MM`: the window, from its first day to today. */
  month: string;
  gridWorkers: number;
  activeGridWorkers: number;
  activityRate: number;
}

export interface BoardKeyPersonsTile {
  /** Persons on the register (registered, not removed). */
  onRegister: number;
  /** Open obligations (contact, assessment, summary, daily report) of those persons whose current colour is yellow / red. */
  yellow: number;
  red: number;
  /** Open contact obligations past their due time. */
  overdueContacts: number;
}

export interface BoardView {
  orgUnit: string;
  generatedAt: string;
  /** Legal aid in the subtree of the unit asked about. */
  legalAid: BoardLegalAidTile;
  /** Key persons in the subtree; only for callers who may read key-person figures (libs/rules KEY_PERSON_STATS_ROLES). */
  keyPersons?: BoardKeyPersonsTile;
  /** Grid workers' activity in the subtree this month: `GET /api/v1/stats/grid-activity?orgUnit=&from=<month>-01`. */
  gridActivity?: BoardGridActivityTile;
  /** The thresholds in force (insights' configuration). */
  rules: {
    /** Red when the subtree has at least this many overdue (red) open cases. */
    redOverdueMin: number;
    /** Red when at least `complaintClusterMin` complaints were registered within `complaintWindowDays`. */
    complaintClusterMin: number;
    complaintWindowDays: number;
    /** Yellow when at least this many open cases have a clock past its yellow point (late reporting). */
    yellowLateMin: number;
  };
  /** The unit asked about first, then its subtree in path order. */
  units: BoardUnitView[];
}
