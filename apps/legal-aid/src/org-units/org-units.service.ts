import type { DataSource } from 'typeorm';
import { OrgTreeCopy } from '@fengqiao/persistence';
import { pathCodes } from '@fengqiao/rules';

/**
 * The unit and its ancestors, closest first: the tree copy's path, then the province and city the
 * division code itself names when the tree does not hold them (the demo tree starts at the city,
 * yet a provincial standard applies to it).
 */
export function ancestorsOf(code: string, path: string | undefined): string[] {
  const fromTree = path ? pathCodes(path).reverse() : [code];
  const implied = [code.slice(0, 9), code.slice(0, 6), `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`].filter((c) => /^\d{6}(\d{3})?$/.test(c));
  const out = fromTree.includes(code) ? [...fromTree] : [code, ...fromTree];
  for (const c of implied) if (!out.includes(c)) out.push(c);
  return out;
}

/** This service's copy of the org tree (legal_aid.org_units). */
export class OrgUnitsService extends OrgTreeCopy {
  constructor(ds: DataSource, ttlMs?: number) {
    super(ds, 'legal_aid', ttlMs);
  }

  /** The unit and its ancestors, closest first (see ancestorsOf). */
  async ancestors(code: string): Promise<string[]> {
    return ancestorsOf(code, await this.path(code));
  }
}
