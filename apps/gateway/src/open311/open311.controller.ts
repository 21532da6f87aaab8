import { All, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Commands, type CaseView, type CategoryView, type CreateCaseInput, type ServiceRequestView, type ServiceRequestsQuery } from '@fengqiao/contracts';
import { PiiCipher } from '@fengqiao/pii';
import { OPEN311_KINDS, OPEN311_PUBLIC_READER_ROLES, OPEN311_ROLES } from '@fengqiao/rules';
import { ApiKeyAuth, PublicReads, RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { INTAKE_CLIENT } from '../service-client/service-clients';
import type { ServiceClient } from '../service-client/service-client';
import { send, splitFormat, toXml, toXmlObject, type Open311Format } from './open311.format';
import { Open311Filter } from './open311.filter';
import {
  bad,
  caseFromRequest,
  Open311Error,
  isToken,
  notFound,
  param,
  requestKeyOf,
  requestsFilter,
  requestToken,
  serviceDefinition,
  toRequest,
  toService,
  type Params,
} from './open311.mapping';

const UNIT_CODE = /^\d{6}(\d{3}(\d{3})?)?$/;

/**
 * Open311 GeoReport v2 at `/open311/v2` (docs/open311.md): services are the categories, service
 * requests are cases of the Open311 kinds, `jurisdiction_id` is an org unit, `api_key` a Keycloak
 * client's credentials (AuthGuard, open311/api-keys.ts) whose service account holds the role
 * `integrator` and an `org_unit`. Intake applies the account's jurisdiction to every command, as
 * for any caller. As GeoReport v2 asks, a GET needs no api_key: it is then read as the platform's public
 * reader, and intake answers the public view — the `jurisdiction_id` unit's requests of a public
 * channel, without text or place (OPEN311_PUBLIC_CHANNELS). A POST always needs the key.
 * Both formats by the resource's extension; refusals in Open311's error format.
 * Not in the OpenAPI document: its formats, its errors and its key are GeoReport's, not /api/v1's.
 */
@ApiExcludeController()
@Controller('open311/v2')
@ApiKeyAuth()
@RolesAllowed(...OPEN311_ROLES)
@UseFilters(Open311Filter)
export class Open311Controller {
  constructor(
    @Inject(INTAKE_CLIENT) private readonly intake: ServiceClient,
    @Inject(PiiCipher) private readonly pii: PiiCipher,
  ) {}

  /** GET services(.json|.xml), GET requests(.json|.xml). */
  @Get(':resource')
  @PublicReads(...OPEN311_PUBLIC_READER_ROLES)
  async list(@Param('resource') resource: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const { name, format } = resourceOf(resource);
    const p = req.query as Params;
    if (name === 'services') {
      await this.jurisdiction(p, req);
      const services = (await this.categories(req)).map(toService);
      return send(res, 200, format, services, () => toXml('services', 'service', services));
    }
    if (name === 'requests') {
      const filter = requestsFilter(p, new Date());
      const orgUnit = await this.jurisdiction(p, req);
      const [found, categories] = await Promise.all([this.requests({ ...filter, ...(orgUnit ? { orgUnit } : {}) }, req), this.categoryMap(req)]);
      return this.sendRequests(res, format, found, categories, param(p, 'extensions', 5) === 'true');
    }
    throw notFound(`没有资源 ${name}`, `no resource ${name}`);
  }

  /** GET services/{service_code}, GET requests/{service_request_id}, GET tokens/{token} (each .json|.xml). */
  @Get(':resource/:id')
  @PublicReads(...OPEN311_PUBLIC_READER_ROLES)
  async one(@Param('resource') resource: string, @Param('id') idWithFormat: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const { name: id, format } = resourceOf(idWithFormat);
    const p = req.query as Params;
    if (resource === 'services') {
      await this.jurisdiction(p, req);
      const service = (await this.categories(req)).find((c) => c.code === id);
      if (!service) throw notFound(`service_code ${id} 不存在`, `service_code ${id} was not found`);
      const definition = serviceDefinition(service);
      return send(res, 200, format, definition, () => toXmlObject('service_definition', definition, { attributes: 'attribute', values: 'value' }));
    }
    if (resource === 'requests') {
      const orgUnit = await this.jurisdiction(p, req);
      const [found, categories] = await Promise.all([this.requests({ caseNos: [id], ...(orgUnit ? { orgUnit } : {}) }, req), this.categoryMap(req)]);
      if (!found.length) throw notFound(`service_request_id ${id} 不存在`, `service_request_id ${id} was not found`);
      return this.sendRequests(res, format, found, categories, param(p, 'extensions', 5) === 'true');
    }
    if (resource === 'tokens') {
      const orgUnit = await this.jurisdiction(p, req);
      const found = isToken(id) ? await this.requests({ requestKey: requestKeyOf(id), ...(orgUnit ? { orgUnit } : {}) }, req) : [];
      if (!found.length) throw notFound(`token ${id.slice(0, 64)} 不存在`, `token ${id.slice(0, 64)} was not found`);
      const answer = [{ service_request_id: found[0]!.caseNo, token: id }];
      return send(res, 200, format, answer, () => toXml('service_requests', 'request', answer));
    }
    throw notFound(`没有资源 ${resource}`, `no resource ${resource}`);
  }

  /** POST requests(.json|.xml): registers a case through intake, channel `online`. */
  @Post(':resource')
  async create(@Param('resource') resource: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const { name, format } = resourceOf(resource);
    if (name !== 'requests') throw notFound(`没有资源 ${name}`, `no resource ${name}`);
    const body = req.body as unknown;
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body)))
      throw bad('请求体应为表单参数', 'the body must be form parameters');
    // GeoReport's parameters are form fields; the query string is read too (some clients send them there).
    const p: Params = { ...(req.query as Params), ...((body as Params | undefined) ?? {}) };
    const code = param(p, 'service_code', 40);
    if (!code) throw bad('缺少 service_code', 'service_code was not provided');
    const service = (await this.categories(req)).find((c) => c.code === code);
    if (!service) throw notFound(`service_code ${code} 不存在`, `service_code ${code} was not found`);
    const orgUnit = (await this.jurisdiction(p, req)) ?? req.caller.orgUnit;
    if (!orgUnit) throw bad('缺少 jurisdiction_id', 'jurisdiction_id was not provided');
    const input = caseFromRequest(p, service, orgUnit);
    const header = req.headers['idempotency-key'];
    const token = requestToken(p, typeof header === 'string' && header ? header : undefined, new Date());
    const created = await this.intake.request<CaseView>(Commands.intake.createCase, this.seal(input), req.token, req.requestId, requestKeyOf(token));
    const due = created.deadlines.firstReplyDue;
    const answer = [
      {
        service_request_id: created.caseNo,
        token,
        service_notice: due ? `已受理，首问答复期限 ${due} / Received; the first reply is due by ${due}` : '已受理 / Received',
        account_id: param(p, 'account_id', 100) ?? null,
      },
    ];
    return send(res, 200, format, answer, () => toXml('service_requests', 'request', answer));
  }

  /** Any other method on a resource: 405 with `Allow`, in the error format (after the routes above, which match first). */
  @All([':resource', ':resource/:id'])
  otherMethod(@Param('resource') resource: string, @Param('id') id: string | undefined, @Res({ passthrough: true }) res: Response): never {
    const allow = id === undefined && splitFormat(resource).name === 'requests' ? 'GET, HEAD, POST' : 'GET, HEAD';
    res.setHeader('Allow', allow);
    throw new Open311Error(405, [`该资源只接受 ${allow} / This resource accepts ${allow} only`]);
  }

  /**
   * `jurisdiction_id`: an org unit within the account's jurisdiction (intake decides: 403 outside, 404
   * unknown); absent, the account's own unit. Returns the unit to filter or register in. A public read
   * (no api_key) lists requests of the unit it names only: intake refuses one that names none (400).
   */
  private async jurisdiction(p: Params, req: AuthenticatedRequest): Promise<string | undefined> {
    const id = param(p, 'jurisdiction_id', 12);
    if (id === undefined) return undefined;
    if (!UNIT_CODE.test(id)) throw notFound(`jurisdiction_id ${id} 不存在`, `jurisdiction_id ${id} was not found`);
    await this.requests({ orgUnit: id, limit: 1 }, req);
    return id;
  }

  private requests(q: Omit<ServiceRequestsQuery, 'kinds'>, req: AuthenticatedRequest): Promise<ServiceRequestView[]> {
    return this.intake.request<ServiceRequestView[]>(Commands.intake.listServiceRequests, { ...q, kinds: [...OPEN311_KINDS] }, req.token, req.requestId);
  }

  private categories(req: AuthenticatedRequest): Promise<CategoryView[]> {
    return this.intake.request<CategoryView[]>(Commands.intake.listCategories, {}, req.token, req.requestId);
  }

  private async categoryMap(req: AuthenticatedRequest): Promise<Map<string, CategoryView>> {
    return new Map((await this.categories(req)).map((c) => [c.code, c]));
  }

  private sendRequests(res: Response, format: Open311Format, found: ServiceRequestView[], categories: Map<string, CategoryView>, extensions: boolean): void {
    const items = found.map((r) => toRequest(r, categories, extensions));
    send(res, 200, format, items, () => toXml('service_requests', 'request', items));
  }

  /** The applicant's phone leaves the gateway sealed, as on every registration. */
  private seal(input: CreateCaseInput): CreateCaseInput {
    return { ...input, parties: input.parties.map((party) => (party.phone ? { ...party, phone: this.pii.encrypt(party.phone) } : party)) };
  }
}

function resourceOf(segment: string): { name: string; format: Open311Format } {
  const { name, format, known } = splitFormat(segment);
  if (!known) throw bad('只支持 .json 和 .xml 格式', 'only the .json and .xml formats are served');
  return { name, format };
}
