import type { EconomicStandard } from '@fengqiao/contracts';

/** China's calendar day of an instant (the standard's effective date is a Beijing day). */
export function chinaDay(at: string): string {
  return new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The standard in force for a case: of the closest unit (the case's own, then each ancestor) that
 * has any standard effective on the application day, its latest version effective on that day.
 * A later version with a future `effectiveFrom` does not apply yet; none at all answers null.
 */
export function standardInForce(standards: readonly EconomicStandard[], unitAndAncestors: readonly string[], at: string): EconomicStandard | null {
  const day = chinaDay(at);
  for (const unit of unitAndAncestors) {
    const effective = standards.filter((s) => s.orgUnit === unit && s.effectiveFrom <= day).sort((a, b) => b.version - a.version);
    if (effective[0]) return effective[0];
  }
  return null;
}
