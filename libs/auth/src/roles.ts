/** Realm roles of DESIGN.md §7. */
export const Roles = {
  resident: 'resident',
  gridWorker: 'grid-worker',
  clerk: 'clerk',
  mediator: 'mediator',
  deptOfficer: 'dept-officer',
  legalAidOfficer: 'legal-aid-officer',
  petitionOfficer: 'petition-officer',
  keyPersonOfficer: 'key-person-officer',
  leader: 'leader',
  admin: 'admin',
} as const;

export type Role = (typeof Roles)[keyof typeof Roles];

/** Every staff role (everyone but residents). */
export const STAFF_ROLES: Role[] = Object.values(Roles).filter((r) => r !== Roles.resident);

/** Roles that work on cases (key-person officers keep a separate register and read no cases). */
export const CASE_READER_ROLES: Role[] = Object.values(Roles).filter((r) => r !== Roles.keyPersonOfficer);
