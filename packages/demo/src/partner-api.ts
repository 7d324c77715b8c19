/**
 * The partner's own server-side client for the reference server's partner API. This is the only
 * place the partner API key is used: the browser receives a session token, never the key.
 */
export type DataType = 'financials' | 'spendAnalysis';

interface OpenRequest {
  id: string;
  linkUrl: string;
  dataTypes: DataType[];
  createdAt: string;
  finishedAt: string | null;
}

export interface LinkSession {
  sessionToken: string;
  expiresAt: string;
  companyId: string;
  requestId: string;
  dataTypes: DataType[];
  /** Where the element's HttpBackend sends its calls. */
  baseUrl: string;
  /** The hosted Link page of the same request (what a partner would e-mail instead). */
  linkUrl: string;
}

/** Attempts of a call the server refused as busy (503) or rate-limited (429). */
const ATTEMPTS = 5;
/** The longest wait between them, whatever `Retry-After` says. */
const MAX_WAIT_MS = 5_000;

export class PartnerApi {
  readonly #baseUrl: string;
  readonly #apiKey: string;
  /** Company ids by name: the demo's "logged-in" customers, so one customer keeps one company. */
  readonly #companies = new Map<string, string>();

  constructor(baseUrl: string, apiKey: string) {
    this.#baseUrl = baseUrl.replace(/\/$/, '');
    this.#apiKey = apiKey;
  }

  /**
   * A 503 (the server shedding load) or a 429 (rate limit) is answered before the request is
   * handled, so any call, a POST too, is sent again after the `Retry-After` it gives (at most
   * {@link MAX_WAIT_MS} each time, {@link ATTEMPTS} attempts): a busy server at start-up is not a
   * failed start.
   */
  async #call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${this.#baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.#apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if ((response.status === 503 || response.status === 429) && attempt < ATTEMPTS) {
        await response.body?.cancel();
        const seconds = Number(response.headers.get('retry-after'));
        const waitMs = Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_WAIT_MS) : 250 * 2 ** attempt;
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        continue;
      }
      if (!response.ok) throw new Error(`partner API ${method} ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    }
  }

  /** Reuses the company of that name when the server already has one (the SQLite file survives restarts). */
  async companyId(name: string): Promise<string> {
    const known = this.#companies.get(name);
    if (known) return known;
    const { companies } = await this.#call<{ companies: { id: string; name: string }[] }>('GET', '/partner/v1/companies');
    const id = companies.find((c) => c.name === name)?.id ?? (await this.#call<{ id: string }>('POST', '/partner/v1/companies', { name })).id;
    this.#companies.set(name, id);
    return id;
  }

  /**
   * Points the reference server's webhooks at `url` (the site's receiver) and returns the signing
   * secret. The database survives restarts: an endpoint already there for that URL gets a new
   * secret (the server shows a secret only once), instead of a second endpoint.
   */
  async registerWebhooks(url: string): Promise<string> {
    const { endpoints } = await this.#call<{ endpoints: { id: string; url: string; enabled: boolean }[] }>('GET', '/partner/v1/webhook-endpoints');
    const known = endpoints.find((e) => e.url === url);
    if (!known) {
      return (await this.#call<{ secret: string }>('POST', '/partner/v1/webhook-endpoints', { url, description: 'Northwind demo receiver' })).secret;
    }
    if (!known.enabled) await this.#call('PATCH', `/partner/v1/webhook-endpoints/${known.id}`, { enabled: true });
    return (await this.#call<{ secret: string }>('POST', `/partner/v1/webhook-endpoints/${known.id}/rotate-secret`)).secret;
  }

  /**
   * A session for the company's open request for these data types, or a new request when it has
   * none: a customer who comes back (or clicks Start sharing twice) continues the same request
   * instead of leaving abandoned ones in the portal.
   */
  async startLink(companyName: string, dataTypes: DataType[]): Promise<LinkSession> {
    const companyId = await this.companyId(companyName);
    const same = (a: readonly DataType[], b: readonly DataType[]) => a.length === b.length && a.every((d) => b.includes(d));
    const { requests } = await this.#call<{ requests: OpenRequest[] }>('GET', `/partner/v1/companies/${companyId}/requests`);
    const open = requests.filter((r) => r.finishedAt === null && same(r.dataTypes, dataTypes)).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const request = open ?? (await this.#call<OpenRequest>('POST', `/partner/v1/companies/${companyId}/requests`, { dataTypes }));
    const session = await this.#call<{ token: string; expiresAt: string }>('POST', '/partner/v1/sessions', { companyId, requestId: request.id });
    return {
      sessionToken: session.token,
      expiresAt: session.expiresAt,
      companyId,
      requestId: request.id,
      dataTypes: request.dataTypes,
      baseUrl: this.#baseUrl,
      linkUrl: request.linkUrl,
    };
  }
}
