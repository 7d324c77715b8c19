import { createServer, type LinkServer, type ServerOptions } from '../src/index.js';

export const PARTNER_KEY = 'pk_test_0123456789abcdef';
export const PARTNER_ORIGIN = 'https://partner.example';
/** The portal's first admin of every test server. */
export const PORTAL_ADMIN = { email: 'admin@partner.example', password: 'portal-secret-admin' };

export interface TestServer extends LinkServer {
  url: string;
  partner<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A fresh company, data request and session token. */
  session(dataTypes?: ('financials' | 'spendAnalysis')[]): Promise<{ companyId: string; requestId: string; token: string }>;
}

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const server = await createServer({
    db: ':memory:',
    partnerApiKey: PARTNER_KEY,
    portalAdmin: PORTAL_ADMIN,
    allowedOrigins: [PARTNER_ORIGIN],
    validateResponses: true,
    ...options,
  });
  const url = await server.listen();
  const partner = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${PARTNER_KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const session = async (dataTypes: ('financials' | 'spendAnalysis')[] = ['spendAnalysis']) => {
    const company = await partner<{ id: string }>('POST', '/partner/v1/companies', { name: 'Acme SAS' });
    const request = await partner<{ id: string }>('POST', `/partner/v1/companies/${company.body.id}/requests`, { dataTypes });
    const minted = await partner<{ token: string }>('POST', '/partner/v1/sessions', { companyId: company.body.id, requestId: request.body.id });
    return { companyId: company.body.id, requestId: request.body.id, token: minted.body.token };
  };
  return Object.assign(server, { url, partner, session });
}

/** A fetch against the session API with a token. */
export async function api<T = unknown>(
  server: { url: string },
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

export function supplierRows(count: number, prefix = 's'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({ supplierId: `${prefix}-${i}`, supplierName: `Supplier ${i}`, country: 'FR' }));
}

export function billRows(count: number, prefix = 'b'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    billNumber: `${prefix}-${i}`,
    supplierId: `s-${i % 50}`,
    issueDate: '2026-01-15',
    totalAmount: 100 + i,
    currency: 'EUR',
  }));
}

/** A signed-in portal user, as a browser of the portal's own pages would send its requests. */
export interface PortalClient {
  cookie: string;
  csrf: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** A form post from the portal's origin with the session's CSRF token (unless `form._csrf` says otherwise). */
  post(path: string, form?: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
}

const cookieOf = (response: Response, name: string): string | undefined =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`));

/** The hidden `_csrf` of the first form of a page. */
export const csrfOf = (page: string): string => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

/** Signs in through the sign-in form; the response of the POST is returned too (303 on success). */
export async function signInResponse(server: { url: string }, email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  const form = await fetch(`${server.url}/portal/sign-in`, { headers });
  const pre = cookieOf(form, 'codat_portal_signin') ?? '';
  return fetch(`${server.url}/portal/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin, cookie: pre, ...headers },
    body: new URLSearchParams({ email, password, _csrf: csrfOf(await form.text()) }).toString(),
  });
}

export async function signIn(server: { url: string }, user: { email: string; password: string } = PORTAL_ADMIN): Promise<PortalClient> {
  const response = await signInResponse(server, user.email, user.password);
  if (response.status !== 303) throw new Error(`sign-in of ${user.email} answered ${response.status}`);
  const cookie = cookieOf(response, 'codat_portal')!;
  const home = await fetch(`${server.url}/portal`, { headers: { cookie } });
  const csrf = csrfOf(await home.text());
  const origin = new URL(server.url).origin;
  return {
    cookie,
    csrf,
    get: (path, headers = {}) => fetch(server.url + path, { redirect: 'manual', headers: { cookie, ...headers } }),
    post: (path, form = {}, headers = {}) =>
      fetch(server.url + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie, ...headers },
        body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      }),
  };
}

/** Invites `email` with `role` as the admin, takes the invite's link and sets `password`; returns the new user signed in. */
export async function addPortalUser(
  server: { url: string },
  admin: PortalClient,
  email: string,
  role: 'admin' | 'manager' | 'viewer',
  password = 'a-long-enough-password',
): Promise<PortalClient> {
  const invited = await admin.post('/portal/users', { email, role });
  if (invited.status !== 201) throw new Error(`invite answered ${invited.status}`);
  const link = /id="invite" value="([^"]+)"/.exec(await invited.text())![1]!.replace(/&amp;/g, '&');
  const page = await fetch(link);
  const pre = cookieOf(page, 'codat_portal_signin') ?? '';
  const taken = await fetch(link, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin, cookie: pre },
    body: new URLSearchParams({ _csrf: csrfOf(await page.text()), password, confirm: password }).toString(),
  });
  if (taken.status !== 303) throw new Error(`taking the invite answered ${taken.status}`);
  return signIn(server, { email, password });
}
