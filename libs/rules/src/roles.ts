import type { Caller } from '@fengqiao/contracts';

/** Realm roles (docs/architecture.md, Identity). */
export const Roles = {
  resident: 'resident',
  gridWorker: 'grid-worker',
  clerk: 'clerk',
  mediator: 'mediator',
  deptOfficer: 'dept-officer',
  legalAidOfficer: 'legal-aid-officer',
  /** A lawyer or legal-service worker the agency assigns (法律援助人员): their own matters only. */
  legalAidProvider: 'legal-aid-provider',
  petitionOfficer: 'petition-officer',
  keyPersonOfficer: 'key-person-officer',
  leader: 'leader',
  admin: 'admin',
  /** A machine, not a person: an integrator's service account (Open311, webhooks) with its own jurisdiction. */
  integrator: 'integrator',
  /**
   * The platform's own service account (Keycloak client `fq-services`): a machine acting for nobody in
   * particular. The gateway reads Open311's public view with it (OPEN311_PUBLIC_READER_ROLES).
   */
  service: 'service',
} as const;

export type Role = (typeof Roles)[keyof typeof Roles];

/** Every staff role (every person but residents; integrators and the platform's service account are machines, not staff). */
export const STAFF_ROLES: Role[] = Object.values(Roles).filter((r) => r !== Roles.resident && r !== Roles.integrator && r !== Roles.service);

/**
 * Roles that read cases (lists, a case, its live events, the org tree and holidays), named one by
 * one so a role added later gains nothing by default. Key-person officers keep a separate register.
 */
export const CASE_READER_ROLES: readonly Role[] = [
  Roles.resident,
  Roles.gridWorker,
  Roles.clerk,
  Roles.mediator,
  Roles.deptOfficer,
  Roles.legalAidOfficer,
  Roles.petitionOfficer,
  Roles.leader,
  Roles.admin,
];

/** Whether the caller holds at least one of the roles. */
export function hasAnyRole(caller: Pick<Caller, 'roles'>, roles: readonly string[]): boolean {
  return roles.some((r) => caller.roles.includes(r));
}

/** Who changes the data every deadline is computed from: routing rules, categories and holiday notices. */
export const REFERENCE_DATA_WRITER_ROLES: readonly Role[] = [Roles.admin];

/** Who may register a case (the gateway's `POST /api/v1/cases` and intake's handler). */
export const CASE_REGISTRAR_ROLES: readonly Role[] = [
  Roles.clerk,
  Roles.gridWorker,
  Roles.resident,
  Roles.leader,
  Roles.petitionOfficer,
  Roles.legalAidOfficer,
];

/**
 * Who answers a 12345 centre's dispatched work order: accepts it (签收) or objects to a wrong dispatch
 * (退单) with a reason; jurisdiction over the order's unit applies on top.
 */
export const HOTLINE_DISPATCH_ROLES: readonly Role[] = [Roles.clerk, Roles.leader, Roles.admin];

/**
 * Who reads a petition's file and its documents (the gateway's petition routes and the petitions
 * service's handlers); jurisdiction is checked on top. Residents follow their petition on the case.
 */
export const PETITION_FILE_READER_ROLES: readonly Role[] = [Roles.petitionOfficer, Roles.clerk, Roles.leader, Roles.admin];

/** Staff who read a person's file across kinds and link cases (一人一档); jurisdiction applies on top. */
export const PERSON_FILE_ROLES: readonly Role[] = [Roles.clerk, Roles.mediator, Roles.legalAidOfficer, Roles.petitionOfficer, Roles.leader, Roles.admin];

/**
 * Who may reveal a grid worker's full phone (to call them), always audited; jurisdiction over the
 * grid applies on top. Everyone who reads a grid sees the phone masked.
 */
export const GRID_CONTACT_REVEALER_ROLES: readonly Role[] = [Roles.clerk, Roles.keyPersonOfficer, Roles.leader, Roles.admin];

/** Who checks in daily (报平安): grid workers, each for themself only. */
export const CHECK_IN_ROLES: readonly Role[] = [Roles.gridWorker];

/** Who reads a county's check-in roll calls (who had not checked in by the county's hour); jurisdiction applies on top. */
export const CHECK_IN_ROLL_CALL_READER_ROLES: readonly Role[] = [Roles.clerk, Roles.leader, Roles.admin];

/** Who reads grid workers' activity rate (`GET /api/v1/stats/grid-activity`), as statistics; jurisdiction applies on top. */
export const GRID_ACTIVITY_READER_ROLES: readonly Role[] = [Roles.clerk, Roles.leader, Roles.admin];

/** Who files a field report (随手拍): grid workers in their grids, residents from the portal. */
export const FIELD_REPORTER_ROLES: readonly Role[] = [Roles.gridWorker, Roles.resident];

/**
 * Who reads field reports: a resident their own, a grid worker those of their grids and their own,
 * clerks, leaders and admins those of their jurisdiction.
 */
export const FIELD_REPORT_READER_ROLES: readonly Role[] = [Roles.resident, Roles.gridWorker, Roles.clerk, Roles.leader, Roles.admin];

/** Who settles, sends or rejects a field report: a grid worker of the report's grid (checked on top). */
export const FIELD_REPORT_HANDLER_ROLES: readonly Role[] = [Roles.gridWorker];

/** Who reads field-report statistics by grid (`GET /api/v1/stats/field-reports`); jurisdiction applies on top. */
export const FIELD_REPORT_STATS_READER_ROLES: readonly Role[] = [Roles.clerk, Roles.leader, Roles.admin];

/** Who earns participation points (积分) and reads their own ledger: residents. */
export const POINTS_EARNER_ROLES: readonly Role[] = [Roles.resident];

/** Who reads residents' points ledgers and the points rules; jurisdiction over the ledger's unit applies on top. */
export const POINTS_READER_ROLES: readonly Role[] = [Roles.clerk, Roles.leader, Roles.admin];

/** Who redeems a resident's points for an item (the safety supermarket's counter); jurisdiction applies on top. */
export const POINTS_REDEEMER_ROLES: readonly Role[] = [Roles.clerk];

/** Who corrects a resident's points ledger (an adjustment with a reason); jurisdiction applies on top. */
export const POINTS_ADJUSTER_ROLES: readonly Role[] = [Roles.leader, Roles.admin];

/** Who publishes the points rules. */
export const POINTS_RULES_PUBLISHER_ROLES: readonly Role[] = [Roles.admin];

/** Who lists the audited reads of a case's personal data (`GET /api/v1/cases/{id}/reads`); jurisdiction applies on top. */
export const CASE_READS_AUDITOR_ROLES: readonly Role[] = [Roles.leader, Roles.admin];

/** Who removes a link between cases: a leader corrects a wrong one, audited. */
export const CASE_LINK_REMOVER_ROLES: readonly Role[] = [Roles.leader, Roles.admin];

/** Who refers a party of their case to legal aid (a mediator, a petition officer, the centre's clerks); jurisdiction applies on top. */
export const LEGAL_AID_REFERRER_ROLES: readonly Role[] = [Roles.mediator, Roles.petitionOfficer, Roles.clerk, Roles.leader];

/** Who reads a legal-aid file and its documents (the gateway's routes and the legal-aid service's handlers); jurisdiction on top. */
export const LEGAL_AID_FILE_READER_ROLES: readonly Role[] = [Roles.legalAidOfficer, Roles.legalAidProvider, Roles.clerk, Roles.leader, Roles.admin];
/** Who reads the provider roster with its load (assignment screens, leaders). */
export const LEGAL_AID_ROSTER_READER_ROLES: readonly Role[] = [Roles.legalAidOfficer, Roles.leader, Roles.admin];
/** Who adds or changes a provider on the roster. */
export const LEGAL_AID_ROSTER_WRITER_ROLES: readonly Role[] = [Roles.legalAidOfficer, Roles.admin];
/** Who reads the economic-hardship standards (anyone screening or applying for a resident). */
export const LEGAL_AID_STANDARD_READER_ROLES: readonly Role[] = [Roles.legalAidOfficer, Roles.clerk, Roles.leader, Roles.admin];
/** Who loads a new version of a standard (with its source document). */
export const LEGAL_AID_STANDARD_LOADER_ROLES: readonly Role[] = [Roles.legalAidOfficer, Roles.admin];
/** A provider's own matters. */
export const LEGAL_AID_PROVIDER_ROLES: readonly Role[] = [Roles.legalAidProvider];

/**
 * Who uploads and reads a case's attachments (photos, signed agreements): whoever reads the case, a
 * resident on the cases they registered only; jurisdiction over the case applies on top.
 */
export const ATTACHMENT_ROLES: readonly Role[] = CASE_READER_ROLES;

/**
 * Whose uploaded photos keep their GPS position (EXIF): a grid worker's photo taken on the spot is the
 * record that the matter was seen (and settled) where it lies (事在格中办). Everyone else's photos are
 * re-encoded without it: a resident's or a clerk's photo must not reveal where its taker lives or stood.
 */
export const ATTACHMENT_GPS_KEEPER_ROLES: readonly Role[] = [Roles.gridWorker];

/**
 * Who uses the Open311 GeoReport v2 endpoint (`/open311/v2`, docs/open311.md): integrators' service
 * accounts, within their own jurisdiction. They register reports and read them without personal data.
 */
export const OPEN311_ROLES: readonly Role[] = [Roles.integrator];

/**
 * The kinds an Open311 request registers as and reads back: reports residents send through an
 * integrator's app. Disputes, petitions and legal aid carry private matters and have their own paths.
 */
export const OPEN311_KINDS: readonly string[] = ['complaint', 'hazard', 'consultation'];

/**
 * Who reads Open311's public view (a GET without `api_key`, docs/open311.md): the gateway, as the
 * platform's service account, on behalf of anyone. Intake answers this role only the public view —
 * the unit the caller names, OPEN311_PUBLIC_CHANNELS, no text and no place — whatever it asks.
 */
export const OPEN311_PUBLIC_READER_ROLES: readonly Role[] = [Roles.service];

/**
 * The channels whose Open311 requests (OPEN311_KINDS) anyone may list: reports a resident sent
 * through an app (`online`), meant to be followed there. A matter told at the window, on the 12345
 * hotline, in a letter or to a grid worker was not made public by its teller: only integrators
 * (api_key) and staff list those, within their jurisdiction.
 */
export const OPEN311_PUBLIC_CHANNELS: readonly string[] = ['online'];

/**
 * Who subscribes endpoints to events (webhooks, docs/webhooks.md): integrators' service accounts.
 * An integrator sees no personal data, so every payload it is sent is redacted.
 */
export const WEBHOOK_SUBSCRIBER_ROLES: readonly Role[] = [Roles.integrator];
