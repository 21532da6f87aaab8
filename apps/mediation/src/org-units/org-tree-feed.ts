import type { DataSource } from 'typeorm';
import type { NatsConnection } from 'nats';
import type { OrgUnitUpsertedData } from '@fengqiao/contracts';
import { startOrgTreeFeed as startSharedOrgTreeFeed } from '@fengqiao/messaging';
import type { JsonLogger } from '@fengqiao/observability';
import type { OrgUnitsService } from './org-units.service';

/** Writes one announced unit into mediation's copy of the tree; a repeat changes nothing. */
export async function applyOrgUnit(ds: DataSource, u: OrgUnitUpsertedData): Promise<void> {
  await ds.query(
    `INSERT INTO mediation.org_units (code, parent_code, path) VALUES ($1, $2, $3)
     ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, path = EXCLUDED.path
     WHERE (mediation.org_units.parent_code, mediation.org_units.path) IS DISTINCT FROM (EXCLUDED.parent_code, EXCLUDED.path)`,
    [u.code, u.parent, u.path],
  );
}

/** Keeps the copy of the org tree in step with intake's (the shared feed of @fengqiao/messaging). */
export async function startOrgTreeFeed(o: {
  nats: NatsConnection;
  ds: DataSource;
  units: OrgUnitsService;
  prefix?: string;
  durable: string;
  logger: JsonLogger;
}) {
  return startSharedOrgTreeFeed({
    nats: o.nats,
    prefix: o.prefix,
    durable: o.durable,
    logger: o.logger,
    apply: (u) => applyOrgUnit(o.ds, u),
    copied: () => o.units.forget(),
  });
}
