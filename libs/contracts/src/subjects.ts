/**
 * NATS subjects: the only names two services share. Commands are request/reply,
 * events go to JetStream stream FQ_EVENTS. Never write these as literals elsewhere.
 */
export const Commands = {
  intake: {
    createCase: 'fq.intake.case.create',
    getCase: 'fq.intake.case.get',
    listCases: 'fq.intake.case.list',
    /** Cases without personal data for an integrator's service account (Open311), within its jurisdiction. */
    listServiceRequests: 'fq.intake.service-request.list',
    listCategories: 'fq.intake.category.list',
    /** `PUT /api/v1/categories` (admin): adds and renames categories; never removes one. */
    loadCategories: 'fq.intake.category.load',
    listOrgUnits: 'fq.intake.org-unit.list',
    loadOrgUnits: 'fq.intake.org-unit.load',
    /** `GET /api/v1/org-units/{code}`: one unit with its boundary and grid workers (phones masked), within the caller's jurisdiction. */
    getOrgUnit: 'fq.intake.org-unit.get',
    /** A grid worker's full phone for a caller who may reveal it, within their jurisdiction; audited, allowed or not. */
    unmaskGridWorker: 'fq.intake.org-unit.unmask-worker',
    /** One unit and its children with their boundaries (no grid workers), within the caller's jurisdiction: the map's shapes. */
    orgUnitLayer: 'fq.intake.org-unit.layer',
    unmaskParty: 'fq.intake.case.unmask-party',
    /** `GET /api/v1/cases/{id}/reads`: the audited reads of a case's personal data (leaders, admins). */
    listCaseReads: 'fq.intake.case.reads',
    /** An action of docs/api.md on a case: checked, then run as an update of the case's workflow. */
    act: 'fq.intake.case.act',
    recordJudicialConfirmation: 'fq.intake.case.judicial-confirmation',
    getRoutingRules: 'fq.intake.routing-rules.get',
    publishRoutingRules: 'fq.intake.routing-rules.publish',
    listHolidayNotices: 'fq.intake.holidays.list',
    loadHolidayNotice: 'fq.intake.holidays.load',
    listSupervision: 'fq.intake.supervision.list',
    /** The person file (一人一档) and the links a clerk makes between cases. */
    getPersonFile: 'fq.intake.person-file.get',
    linkCases: 'fq.intake.case.link',
    unlinkCases: 'fq.intake.case.unlink',
    /** The same matter through several channels handled as one case; a leader undoes it. */
    mergeCase: 'fq.intake.case.merge',
    unmergeCase: 'fq.intake.case.unmerge',
    /** A party of a case referred to legal aid: a new application, linked to the case. */
    referToLegalAid: 'fq.intake.case.refer-legal-aid',
    /** A key person's cases through the person file: references only (the key-persons service asks, by the ID number's blind index). */
    casesOfPerson: 'fq.intake.person-file.cases-of-person',
    /** `POST /api/v1/check-ins`: the caller's own daily check-in (报平安), position inside their grid. */
    checkIn: 'fq.intake.check-in.create',
    /** `GET /api/v1/check-ins/mine`: the caller's own check-in of a day (none: null). */
    myCheckIn: 'fq.intake.check-in.mine',
    /** `GET /api/v1/check-ins/roll-calls`: a county's roll calls (who had not checked in by its hour), within the caller's jurisdiction. */
    listRollCalls: 'fq.intake.check-in.roll-calls',
    /** `POST /api/v1/cases/{id}/attachments`: a pending attachment of a subject the caller may act on (the gateway then presigns its upload). */
    createAttachment: 'fq.intake.attachment.create',
    /** One attachment within the caller's jurisdiction (its object key is for the gateway only). */
    getAttachment: 'fq.intake.attachment.get',
    /** `GET /api/v1/cases/{id}/attachments`: a subject's stored attachments. */
    listAttachments: 'fq.intake.attachment.list',
    /** The gateway checked and stored the uploaded object: pending -> stored, by its uploader only. */
    storeAttachment: 'fq.intake.attachment.store',
    /** The uploaded object was refused (type, size): the pending attachment is removed, by its uploader only. */
    discardAttachment: 'fq.intake.attachment.discard',
    /** Field reports (随手拍, `/api/v1/field-reports`): file, list, read, and a grid worker's settle / send / reject. */
    createFieldReport: 'fq.intake.field-report.create',
    listFieldReports: 'fq.intake.field-report.list',
    getFieldReport: 'fq.intake.field-report.get',
    settleFieldReport: 'fq.intake.field-report.settle',
    sendFieldReport: 'fq.intake.field-report.send',
    rejectFieldReport: 'fq.intake.field-report.reject',
    /** Participation points (积分, libs/contracts/src/field-work/points.ts): a resident's own ledger. */
    myPoints: 'fq.intake.points.mine',
    /** Residents' ledgers within the caller's jurisdiction: the list, one ledger, a redemption. */
    listPointsAccounts: 'fq.intake.points.accounts',
    getPointsLedger: 'fq.intake.points.ledger',
    redeemPoints: 'fq.intake.points.redeem',
    /** A correction of a resident's ledger (signed points, a reason). */
    adjustPoints: 'fq.intake.points.adjust',
    /** The points rules as versioned data: the current (or a given) version, publish a new one. */
    getPointsRules: 'fq.intake.points-rules.get',
    publishPointsRules: 'fq.intake.points-rules.publish',
  },
  mediation: {
    listMediators: 'fq.mediation.mediator.list',
    createMediator: 'fq.mediation.mediator.create',
    listReturnVisits: 'fq.mediation.return-visit.list',
  },
  petitions: {
    /** `GET /api/v1/cases/{id}/petition`: the petition file (decisions, competent body, reply, reviews). */
    getFile: 'fq.petitions.file.get',
    /** `GET /api/v1/cases/{id}/petition/documents/{kind}`: one issued document (PDF, base64). */
    getDocument: 'fq.petitions.documents.get',
  },
  legalAid: {
    /** `GET /api/v1/cases/{id}/legal-aid`: the application, its screening, decision, assignment and closure. */
    getFile: 'fq.legal-aid.file.get',
    /** `GET /api/v1/cases/{id}/legal-aid/documents/{kind}`: one issued document (PDF, base64). */
    getDocument: 'fq.legal-aid.documents.get',
    /** The provider roster (法律援助人员): list with load, add, change. */
    listProviders: 'fq.legal-aid.provider.list',
    createProvider: 'fq.legal-aid.provider.create',
    updateProvider: 'fq.legal-aid.provider.update',
    /** A provider's own matters (their login). */
    myMatters: 'fq.legal-aid.matter.mine',
    /** The economic-hardship standards, versioned per org unit: list, load. */
    listStandards: 'fq.legal-aid.standard.list',
    loadStandard: 'fq.legal-aid.standard.load',
  },
  keyPersons: {
    /** Categories of the register (data): `GET /api/v1/key-persons/categories`. */
    listCategories: 'fq.key-persons.category.list',
    /** The register, masked: `GET /api/v1/key-persons`. */
    list: 'fq.key-persons.person.list',
    create: 'fq.key-persons.person.create',
    /** A record opened for a stated purpose (audited): `GET /api/v1/key-persons/{id}?purpose=…`. */
    open: 'fq.key-persons.person.open',
    /** Who opened a record (from the audit log). */
    listOpenings: 'fq.key-persons.person.openings',
    recordContact: 'fq.key-persons.contact.record',
    changeRisk: 'fq.key-persons.risk.change',
    submitAssessment: 'fq.key-persons.assessment.submit',
    decideAssessment: 'fq.key-persons.assessment.decide',
    setResponsible: 'fq.key-persons.responsible.set',
    addMeasure: 'fq.key-persons.measure.add',
    addSummary: 'fq.key-persons.summary.add',
    requestRemoval: 'fq.key-persons.removal.request',
    decideRemoval: 'fq.key-persons.removal.decide',
    recordDailyReport: 'fq.key-persons.daily-report.record',
    /** Missed obligations in a jurisdiction (a red one is the leader's supervision list), masked. */
    listWarnings: 'fq.key-persons.warning.list',
    /** A responsible person's task list. */
    myTasks: 'fq.key-persons.task.mine',
    listSpecialPeriods: 'fq.key-persons.special-period.list',
    declareSpecialPeriod: 'fq.key-persons.special-period.declare',
    missingDailyReports: 'fq.key-persons.special-period.missing',
    /** Bulk export: requested, decided by a leader, then fetched once by the requester (all audited). */
    requestExport: 'fq.key-persons.export.request',
    listExports: 'fq.key-persons.export.list',
    decideExport: 'fq.key-persons.export.decide',
    getExportFile: 'fq.key-persons.export.file',
  },
  insights: {
    /** `GET /api/v1/stats`: the figures of docs/metrics.md for a subtree, kind and window. */
    stats: 'fq.insights.stats.get',
    /** The monthly situation report: order a run (admin), list, figures, rendered files. */
    triggerMonthlyReport: 'fq.insights.report.trigger',
    listReports: 'fq.insights.report.list',
    getReport: 'fq.insights.report.get',
    getReportFile: 'fq.insights.report.file',
    /** `GET /api/v1/key-persons/stats`: counts of the register, contact compliance, warnings — never a name. */
    keyPersonStats: 'fq.insights.key-person-stats.get',
    /** `GET /api/v1/stats/grid-activity`: grid workers' activity rate by unit (check-ins). */
    gridActivity: 'fq.insights.grid-activity.get',
    /** `GET /api/v1/stats/field-reports`: field reports by grid, kind and status. */
    fieldReportStats: 'fq.insights.field-report-stats.get',
    /** `GET /api/v1/board`: the three-colour board of an org unit's subtree. */
    board: 'fq.insights.board.get',
    /** `GET /api/v1/map`: a unit's children (or grids) as GeoJSON, each with its open cases by colour and the board's card. */
    map: 'fq.insights.map.get',
  },
  webhooks: {
    /** `/api/v1/webhooks/subscriptions` (integrators): create, list, one, pause, resume, delete; its deliveries; a redelivery. */
    createSubscription: 'fq.webhooks.subscription.create',
    listSubscriptions: 'fq.webhooks.subscription.list',
    getSubscription: 'fq.webhooks.subscription.get',
    pauseSubscription: 'fq.webhooks.subscription.pause',
    resumeSubscription: 'fq.webhooks.subscription.resume',
    deleteSubscription: 'fq.webhooks.subscription.delete',
    listDeliveries: 'fq.webhooks.delivery.list',
    redeliver: 'fq.webhooks.delivery.redeliver',
  },
  hotline: {
    /** `GET /api/v1/hotline/orders/{orderNo}`: a 12345 work order, its case and its pushes back. */
    getOrder: 'fq.hotline-12345.order.get',
    /** `POST /api/v1/hotline/orders/{orderNo}/accept`: the centre's staff accept the dispatch (签收). */
    acceptOrder: 'fq.hotline-12345.order.accept',
    /** `POST /api/v1/hotline/orders/{orderNo}/objection`: a wrong dispatch objected to with a reason (退单/异议). */
    objectOrder: 'fq.hotline-12345.order.object',
  },
  ping: (service: ServiceName) => `fq.${service}.ping`,
} as const;

export const SERVICE_NAMES = [
  'gateway',
  'intake',
  'mediation',
  'legal-aid',
  'petitions',
  'key-persons',
  'orchestrator',
  'insights',
  'webhooks',
  'hotline-12345',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const EVENTS_STREAM = 'FQ_EVENTS';

/** `fq.evt.<orgUnit>.<aggregate>.<event>` */
export function eventSubject(orgUnit: string, aggregate: string, event: string): string {
  return `fq.evt.${orgUnit}.${aggregate}.${event}`;
}

/** Filter for one event kind across every org unit. */
export function eventFilter(aggregate: string, event: string): string {
  return `fq.evt.*.${aggregate}.${event}`;
}

export const ALL_EVENTS = 'fq.evt.>';

/**
 * Tests (and several deployments sharing one NATS) isolate themselves with a prefix:
 * `t1234.fq.intake.case.create`, stream `FQ_EVENTS_t1234`.
 */
export function withPrefix(prefix: string | undefined, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}

export function streamName(prefix: string | undefined, base: string = EVENTS_STREAM): string {
  return prefix ? `${base}_${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}` : base;
}

/**
 * The webhooks service's own work queue (JetStream stream `FQ_WEBHOOK_JOBS`): one message per
 * delivery to send, consumed by its durable deliverer, retried with back-off.
 */
export const WEBHOOK_JOBS_STREAM = 'FQ_WEBHOOK_JOBS';
export const WEBHOOK_JOBS = 'fq.webhook-jobs.>';
export const webhookJobSubject = (deliveryId: string) => `fq.webhook-jobs.${deliveryId}`;
