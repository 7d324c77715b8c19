/**
 * The partner's server-to-server API, behind the partner API key. The browser never sees that
 * key: the partner's backend mints a session token here and hands only the token to the page.
 */
import { ApiError } from '../errors.js';
import * as s from '../schemas.js';
import type { Environment, RequestRow, SessionScope, Storage } from '../storage.js';
import { route, type ApiRoute } from './define.js';

/** The environment of the partner key a call came with (set by the partner routes' authentication). */
export const environmentOf = (scope: SessionScope): Environment => scope.environment ?? 'sandbox';

/**
 * A request the calling key may see: one of its environment's companies. Another environment's
 * request answers 404, the same as one that does not exist.
 */
export async function requestFor(store: Storage, scope: SessionScope, requestId: string): Promise<RequestRow> {
  const request = await store.getRequest(requestId);
  if (!request || request.environment !== environmentOf(scope)) throw new ApiError('not_found');
  return request;
}

export interface PartnerApiDeps {
  store: Storage;
  sessionTtlSeconds: number;
  publicUrl(): string;
}

export const linkUrl = (publicUrl: string, requestId: string): string => `${publicUrl}/link/${encodeURIComponent(requestId)}`;

export function partnerApiRoutes(deps: PartnerApiDeps): ApiRoute[] {
  const { store } = deps;
  const tag = 'partner';
  const requestView = (row: RequestRow) => ({ ...row, linkUrl: linkUrl(deps.publicUrl(), row.id) });
  const companyOf = async (companyId: string, scope: SessionScope) => {
    const company = await store.getCompany(companyId);
    if (!company || company.environment !== environmentOf(scope)) throw new ApiError('not_found');
    return company;
  };

  return [
    route({
      method: 'POST',
      url: '/partner/v1/companies',
      auth: 'partner',
      tag,
      operationId: 'createCompany',
      status: 201,
      summary: 'Creates a company (a business customer of the partner) in the environment of the key used.',
      body: s.createCompanyBody,
      response: s.companySchema,
      handler: ({ body, session }) => store.createCompany(body.name, body.allowedIntegrations ?? null, environmentOf(session)),
    }),
    route({
      method: 'GET',
      url: '/partner/v1/companies',
      auth: 'partner',
      tag,
      operationId: 'listCompanies',
      summary: 'Every company of the environment of the key used.',
      response: s.companyListSchema,
      handler: async ({ session }) => ({ companies: await store.listCompanies(environmentOf(session)) }),
    }),
    route({
      method: 'POST',
      url: '/partner/v1/companies/:companyId/requests',
      auth: 'partner',
      tag,
      operationId: 'createRequest',
      status: 201,
      summary: 'Creates a data request for a company; its linkUrl is the hosted Link page.',
      params: s.companyParams,
      body: s.createRequestBody,
      response: s.partnerRequestSchema,
      handler: async ({ params, body, session }) => requestView(await store.createRequest((await companyOf(params.companyId, session)).id, body.dataTypes)),
    }),
    route({
      method: 'GET',
      url: '/partner/v1/companies/:companyId/requests',
      auth: 'partner',
      tag,
      operationId: 'listRequests',
      summary: 'The data requests of a company.',
      params: s.companyParams,
      response: s.requestListSchema,
      handler: async ({ params, session }) => ({ requests: (await store.listRequests((await companyOf(params.companyId, session)).id)).map(requestView) }),
    }),
    route({
      method: 'POST',
      url: '/partner/v1/sessions',
      auth: 'partner',
      tag,
      operationId: 'createSession',
      status: 201,
      summary: 'Mints a short-lived session token scoped to one company and one data request.',
      body: s.createSessionBody,
      response: s.sessionSchema,
      handler: async ({ body, session }) => {
        await requestFor(store, session, body.requestId);
        const minted = await store.createSession(body.companyId, body.requestId, body.ttlSeconds ?? deps.sessionTtlSeconds);
        return { ...minted, companyId: body.companyId, requestId: body.requestId };
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/requests/:requestId/status',
      auth: 'partner',
      tag,
      operationId: 'getRequestStatus',
      summary: 'Status and record counts per entity of a request.',
      params: s.requestParams,
      response: s.requestStatusSchema,
      handler: async ({ params, session }) => {
        const request = await requestFor(store, session, params.requestId);
        return { requestId: request.id, finished: request.finishedAt !== null, entities: await store.entityStatuses(request.id) };
      },
    }),
  ];
}
