/** What the picking rule needs to know of an active mediator at the centre. */
export interface MediatorCandidate {
  id: string;
  teams: readonly string[];
  capacity: number;
  /** Cases currently assigned (unreleased assignments). */
  load: number;
  lastAssignedAt: Date | null;
}

export const GENERAL_TEAM = 'general';

/**
 * Fair spreading: fewest open cases first, then the most spare capacity relative to size,
 * then whoever waited longest since their last case (never-assigned first), then id so
 * the choice is stable.
 */
export function compareFairness(a: MediatorCandidate, b: MediatorCandidate): number {
  return (
    a.load - b.load ||
    a.load / a.capacity - b.load / b.capacity ||
    (a.lastAssignedAt?.getTime() ?? -Infinity) - (b.lastAssignedAt?.getTime() ?? -Infinity) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Picks the mediator for a case needing `team`: among those with spare capacity, the
 * team's specialists; failing that the general team; failing that anyone at the centre.
 * Returns the team the mediator takes the case as, or undefined when everyone is full.
 */
export function pickMediator<C extends MediatorCandidate>(candidates: readonly C[], team: string): { mediator: C; team: string } | undefined {
  const free = candidates.filter((c) => c.load < c.capacity);
  const tiers: Array<{ team: string | undefined; members: C[] }> = [
    { team, members: free.filter((c) => c.teams.includes(team)) },
    { team: GENERAL_TEAM, members: free.filter((c) => c.teams.includes(GENERAL_TEAM)) },
    { team: undefined, members: free },
  ];
  for (const tier of tiers) {
    const [best] = [...tier.members].sort(compareFairness);
    if (best) return { mediator: best, team: tier.team ?? best.teams[0] ?? GENERAL_TEAM };
  }
  return undefined;
}
