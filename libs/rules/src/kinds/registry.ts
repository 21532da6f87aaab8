import { ZodDefault, ZodEnum, ZodObject, ZodOptional, type ZodTypeAny } from 'zod';
import { addCaseKindName } from '@fengqiao/contracts';
import { Roles } from '../roles';
import type { CaseKindModule } from './case-kind';
import { disputeKind } from './dispute.kind';
import { genericKind } from './generic.kind';
import { legalAidKind } from './legal-aid.kind';
import { petitionKind } from './petition.kind';

/**
 * Every kind the platform knows, declared once. Petitions (petition.kind.ts) and legal aid
 * (legal-aid.kind.ts) run their own processes; consultations, complaints and hazards the generic one;
 * an integrator adds a kind with `registerCaseKind` (docs/extending.md).
 */
const modules = new Map<string, CaseKindModule>(
  [
    disputeKind,
    petitionKind,
    legalAidKind,
    genericKind('consultation', { zh: '咨询', en: 'Consultation' }, { demo: { share: 0.12, titles: ['法律政策咨询', '办事流程咨询', '社保政策咨询'] } }),
    genericKind('complaint', { zh: '投诉', en: 'Complaint' }, { demo: { share: 0.08, titles: ['噪音扰民投诉', '环境卫生投诉', '办事效率投诉'] } }),
    genericKind(
      'hazard',
      { zh: '隐患', en: 'Hazard' },
      { officers: [Roles.gridWorker], demo: { share: 0.05, titles: ['危房安全隐患', '道路安全隐患', '用电安全隐患'] } },
    ),
  ].map((m) => [m.kind, m]),
);

/** The declaration of a kind, or undefined for a name nobody declared. */
export function kindModule(kind: string): CaseKindModule | undefined {
  return modules.get(kind);
}

export function caseKindModules(): CaseKindModule[] {
  return [...modules.values()];
}

/**
 * Adds a kind at start-up (before the app serves): its name becomes valid in registrations and its
 * actions reachable. Every process that handles cases (gateway, intake, orchestrator) loads the same
 * modules (FQ_KIND_MODULES).
 */
export function registerCaseKind(m: CaseKindModule): void {
  const existing = modules.get(m.kind);
  if (existing && existing !== m) throw new Error(`case kind ${m.kind} is declared twice`);
  modules.set(m.kind, m);
  addCaseKindName(m.kind);
}

/** `<idPrefix>-<caseNo>`; an isolation prefix (tests, shared servers) goes in front. */
export function caseWorkflowId(m: CaseKindModule, caseNo: string, prefix?: string): string {
  const id = `${m.process.idPrefix}-${caseNo}`;
  return prefix ? `${prefix}.${id}` : id;
}

/** Every role that may take at least one action of some kind (the gateway's action route). */
export function actionRoles(): string[] {
  return [...new Set(caseKindModules().flatMap((m) => Object.values(m.actions).flatMap((a) => a.roles)))];
}

/** The choices a field of an action's body takes (an enum), read from its schema: forms offer exactly these. */
export function actionFieldChoices(kind: string, action: string, field: string): string[] {
  const schema = kindModule(kind)?.actions[action]?.schema;
  let f: ZodTypeAny | undefined = schema instanceof ZodObject ? (schema.shape as Record<string, ZodTypeAny>)[field] : undefined;
  while (f instanceof ZodOptional || f instanceof ZodDefault) f = f instanceof ZodOptional ? f.unwrap() : f.removeDefault();
  return f instanceof ZodEnum ? [...(f.options as string[])] : [];
}
