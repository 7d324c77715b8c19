import { createServer, type LinkServer, type ServerOptions } from '@codat-link/server';

export const PARTNER_KEY = 'pk_adapter_test_key';
export const PARTNER_ORIGIN = 'https://partner.example';

/** The real reference server on 127.0.0.1, and a way to mint session tokens as a partner would. */
export async function startServer(
  options: ServerOptions = {},
): Promise<LinkServer & { session(dataTypes?: ('financials' | 'spendAnalysis')[]): Promise<string> }> {
  const server = await createServer({
    partnerApiKey: PARTNER_KEY,
    allowedOrigins: [PARTNER_ORIGIN],
    validateResponses: true,
    ...options,
  });
  await server.listen();
  const partner = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(server.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${PARTNER_KEY}`, 'content-type': 'application/json', 'x-correlation-id': 'partner-setup' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const session = async (dataTypes: ('financials' | 'spendAnalysis')[] = ['spendAnalysis']) => {
    const company = await partner<{ id: string }>('/partner/v1/companies', { name: 'Adapter SAS' });
    const request = await partner<{ id: string }>(`/partner/v1/companies/${company.id}/requests`, { dataTypes });
    return (await partner<{ token: string }>('/partner/v1/sessions', { companyId: company.id, requestId: request.id })).token;
  };
  return Object.assign(server, { session });
}

export function suppliers(count: number, prefix = 's'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({ supplierId: `${prefix}-${i}`, supplierName: `Supplier ${i}` }));
}

export const signal = (): AbortSignal => new AbortController().signal;
