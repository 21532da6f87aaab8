import { LegalAidClocks, type CaseClock, type LegalAidAction } from '@fengqiao/contracts';
import type { ProcessStateView } from './case-kind';

/** What a legal-aid process keeps beyond the common state, as far as the allowed actions depend on it. */
export interface LegalAidFlags {
  /** The one material request of §43 has been made. */
  materialsRequested: boolean;
  /** Aid started before approval (§44). */
  advanceAid: boolean;
  /** The provider's id, once assigned. */
  providerId: string | null;
}

export type LegalAidStateView = ProcessStateView & { legalAid?: LegalAidFlags };

const running = (clocks: readonly CaseClock[], id: string) => clocks.some((c) => c.id === id);

/**
 * The whole state machine of the legal-aid process in one place (the kind declaration and the
 * workflow's validator both use it); anything else is refused (409 with this list). Pure.
 */
export function legalAidAllowedActions(s: LegalAidStateView): LegalAidAction[] {
  const f: LegalAidFlags = s.legalAid ?? { materialsRequested: false, advanceAid: false, providerId: null };
  switch (s.status) {
    case 'application':
      return ['apply', 'withdraw'];
    case 'legal-aid-review': {
      // §43: one request listing everything missing, not a second; §44: aid before approval, then a provider.
      const materials: LegalAidAction[] = f.materialsRequested ? [] : ['request-materials'];
      const advance: LegalAidAction[] = !f.advanceAid ? ['advance-aid'] : f.providerId ? [] : ['assign'];
      return ['grant', 'refuse', ...materials, ...advance, 'withdraw'];
    }
    case 'awaiting-materials':
      return ['supply-materials', 'withdraw'];
    case 'assignment':
      return ['assign'];
    case 'aid':
      return ['court-filed', 'matter-ended', 'terminate'];
    case 'refused':
    case 'terminated':
      return running(s.clocks, LegalAidClocks.objectionWindow) ? ['object'] : [];
    case 'objection':
      return ['decide-objection'];
    case 'closure-filing':
      return ['file-closure'];
    case 'quality-review':
      return ['review-quality'];
    case 'awaiting-feedback':
      return ['rate'];
    default:
      return []; // closed, or not a stage of the legal-aid process
  }
}
