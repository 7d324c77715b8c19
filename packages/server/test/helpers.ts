import { createServer, type LinkServer, type ServerOptions } from '../src/index.js';

export const PARTNER_KEY = 'pk_test_0123456789abcdef';
export const PARTNER_ORIGIN = 'https://partner.example';
export const PORTAL = 'rm:portal-secret';

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
    portalCredential: PORTAL,
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
    billNumber: `${prefix}-${i}`, supplierId: `s-${i % 50}`, issueDate: '2026-01-15', totalAmount: 100 + i, currency: 'EUR',
  }));
}
