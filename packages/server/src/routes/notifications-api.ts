/**
 * The partner API for what the server tells the partner: webhook endpoints and their delivery
 * log, the event feed, monitoring rules and their alerts, and e-mail (the request e-mail to a
 * customer, and the outbox). Behind the partner API key like the rest of /partner/v1.
 */
import { ApiError } from '../errors.js';
import type { Mailer } from '../mail.js';
import * as s from '../schemas.js';
import type { Storage } from '../storage.js';
import type { EmailRow } from '../store.js';
import { checkWebhookUrl, SECRET_ROTATION_GRACE_MS } from '../webhooks.js';
import { route, type ApiRoute } from './define.js';
import { requestFor } from './partner-api.js';

export interface NotificationsApiDeps {
  store: Storage;
  mailer: Mailer;
  /** Development option: endpoints may be http: and on local addresses. */
  allowLocalUrls: boolean;
}

export const emailView = async (mailer: Mailer, email: EmailRow) => {
  const { params: _params, ...rest } = email;
  return { ...rest, subject: (await mailer.render(email)).subject };
};

export function notificationsApiRoutes(deps: NotificationsApiDeps): ApiRoute[] {
  const { store, mailer } = deps;
  const endpointOf = async (id: string) => {
    const endpoint = await store.getEndpoint(id);
    if (!endpoint) throw new ApiError('not_found');
    return endpoint;
  };
  const deliveryDetail = async (id: string) => {
    const delivery = await store.getDelivery(id);
    if (!delivery) throw new ApiError('not_found');
    return { ...delivery, attemptLog: await store.deliveryAttempts(id) };
  };
  const webhooks = 'webhooks';
  const monitoring = 'monitoring';

  return [
    route({
      method: 'POST',
      url: '/partner/v1/webhook-endpoints',
      auth: 'partner',
      tag: webhooks,
      operationId: 'createWebhookEndpoint',
      status: 201,
      summary:
        'Registers a webhook endpoint. The URL must be https: and resolve to public addresses only (422 webhook_url_refused). The signing secret is in this answer only.',
      body: s.createWebhookEndpointBody,
      response: s.createdWebhookEndpointSchema,
      errors: [422],
      handler: async ({ body }) => {
        await checkWebhookUrl(body.url, deps.allowLocalUrls);
        const { endpoint, secret } = await store.createEndpoint({
          url: body.url,
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.eventTypes !== undefined ? { eventTypes: body.eventTypes } : {}),
          ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        });
        return { ...endpoint, secret };
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/webhook-endpoints',
      auth: 'partner',
      tag: webhooks,
      operationId: 'listWebhookEndpoints',
      summary: 'Every webhook endpoint (without secrets).',
      response: s.webhookEndpointListSchema,
      handler: async () => ({ endpoints: await store.listEndpoints() }),
    }),
    route({
      method: 'GET',
      url: '/partner/v1/webhook-endpoints/:endpointId',
      auth: 'partner',
      tag: webhooks,
      operationId: 'getWebhookEndpoint',
      summary: 'One webhook endpoint.',
      params: s.endpointParams,
      response: s.webhookEndpointSchema,
      handler: async ({ params }) => endpointOf(params.endpointId),
    }),
    route({
      method: 'PATCH',
      url: '/partner/v1/webhook-endpoints/:endpointId',
      auth: 'partner',
      tag: webhooks,
      operationId: 'updateWebhookEndpoint',
      summary: 'Changes an endpoint: its URL, description, event types, or `enabled` (a disabled endpoint gets no new deliveries, and its pending ones wait).',
      params: s.endpointParams,
      body: s.updateWebhookEndpointBody,
      response: s.webhookEndpointSchema,
      errors: [422],
      handler: async ({ params, body }) => {
        await endpointOf(params.endpointId);
        if (body.url !== undefined) await checkWebhookUrl(body.url, deps.allowLocalUrls);
        return store.updateEndpoint(params.endpointId, {
          ...(body.url !== undefined ? { url: body.url } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.eventTypes !== undefined ? { eventTypes: body.eventTypes } : {}),
          ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        });
      },
    }),
    route({
      method: 'POST',
      url: '/partner/v1/webhook-endpoints/:endpointId/rotate-secret',
      auth: 'partner',
      tag: webhooks,
      operationId: 'rotateWebhookSecret',
      summary:
        'A new signing secret, shown once. For 24 hours deliveries carry two signatures (new and previous secret), so a receiver can switch without losing one.',
      params: s.endpointParams,
      response: s.rotatedSecretSchema,
      handler: async ({ params }) => {
        const at = Date.now();
        const secret = await store.rotateEndpointSecret(params.endpointId, SECRET_ROTATION_GRACE_MS, at);
        return { secret, previousSecretValidUntil: new Date(at + SECRET_ROTATION_GRACE_MS).toISOString() };
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/webhook-endpoints/:endpointId/deliveries',
      auth: 'partner',
      tag: webhooks,
      operationId: 'listWebhookDeliveries',
      summary: 'The delivery log of an endpoint, newest first: status, attempts, last response code and latency.',
      params: s.endpointParams,
      query: s.deliveryListQuery,
      response: s.deliveryListSchema,
      handler: async ({ params, query }) => {
        await endpointOf(params.endpointId);
        return {
          deliveries: await store.listDeliveries(params.endpointId, {
            ...(query.status ? { status: query.status } : {}),
            ...(query.limit ? { limit: query.limit } : {}),
          }),
        };
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/webhook-deliveries/:deliveryId',
      auth: 'partner',
      tag: webhooks,
      operationId: 'getWebhookDelivery',
      summary: 'One delivery with every attempt.',
      params: s.deliveryParams,
      response: s.deliveryDetailSchema,
      handler: async ({ params }) => deliveryDetail(params.deliveryId),
    }),
    route({
      method: 'POST',
      url: '/partner/v1/webhook-deliveries/:deliveryId/replay',
      auth: 'partner',
      tag: webhooks,
      operationId: 'replayWebhookDelivery',
      summary: 'Sends a delivery again, from the start of the retry schedule, with the same event id.',
      params: s.deliveryParams,
      response: s.deliveryDetailSchema,
      handler: async ({ params }) => {
        await store.replayDelivery(params.deliveryId);
        return deliveryDetail(params.deliveryId);
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/events',
      auth: 'partner',
      tag: webhooks,
      operationId: 'listEvents',
      summary: 'Events oldest first (the same bodies as the webhooks): catch up after an outage with `after`, the last event id seen.',
      query: s.eventListQuery,
      response: s.eventListSchema,
      handler: async ({ query }) => ({
        events: await store.listEvents({
          ...(query.after ? { after: query.after } : {}),
          ...(query.requestId ? { requestId: query.requestId } : {}),
          ...(query.limit ? { limit: query.limit } : {}),
        }),
      }),
    }),
    route({
      method: 'POST',
      url: '/partner/v1/monitoring-rules',
      auth: 'partner',
      tag: monitoring,
      operationId: 'createMonitoringRule',
      status: 201,
      summary:
        'A monitoring rule: a request not finished N days after it was opened, a connection failed, an upload skipping more than X % of its rows, or a request finished. It alerts by webhook (alert.triggered), by e-mail, or both, once per subject.',
      body: s.createRuleBody,
      response: s.ruleSchema,
      handler: async ({ body }) =>
        store.createRule({
          kind: body.kind,
          threshold: body.threshold ?? (body.kind === 'requestStale' ? 7 : body.kind === 'uploadSkippedRows' ? 0 : null),
          ...(body.viaWebhook !== undefined ? { viaWebhook: body.viaWebhook } : {}),
          ...(body.emails !== undefined ? { emails: body.emails } : {}),
          ...(body.locale !== undefined ? { locale: body.locale } : {}),
          ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        }),
    }),
    route({
      method: 'GET',
      url: '/partner/v1/monitoring-rules',
      auth: 'partner',
      tag: monitoring,
      operationId: 'listMonitoringRules',
      summary: 'Every monitoring rule.',
      response: s.ruleListSchema,
      handler: async () => ({ rules: await store.listRules() }),
    }),
    route({
      method: 'PATCH',
      url: '/partner/v1/monitoring-rules/:ruleId',
      auth: 'partner',
      tag: monitoring,
      operationId: 'updateMonitoringRule',
      summary: 'Changes a rule (its kind stays).',
      params: s.ruleParams,
      body: s.updateRuleBody,
      response: s.ruleSchema,
      handler: async ({ params, body }) => {
        const rule = await store.getRule(params.ruleId);
        if (!rule) throw new ApiError('not_found');
        if (rule.kind === 'uploadSkippedRows' && typeof body.threshold === 'number' && body.threshold > 100) {
          throw new ApiError('invalid_request', undefined, 'For uploadSkippedRows, threshold is a percentage (0 to 100).');
        }
        return store.updateRule(params.ruleId, {
          ...(body.threshold !== undefined ? { threshold: body.threshold } : {}),
          ...(body.viaWebhook !== undefined ? { viaWebhook: body.viaWebhook } : {}),
          ...(body.emails !== undefined ? { emails: body.emails } : {}),
          ...(body.locale !== undefined ? { locale: body.locale } : {}),
          ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        });
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/alerts',
      auth: 'partner',
      tag: monitoring,
      operationId: 'listAlerts',
      summary: 'Alerts newest first; `open=true` for the unresolved ones only.',
      query: s.alertListQuery,
      response: s.alertListSchema,
      handler: async ({ query }) => ({ alerts: await store.listAlerts({ open: query.open === 'true' }) }),
    }),
    route({
      method: 'POST',
      url: '/partner/v1/alerts/:alertId/resolve',
      auth: 'partner',
      tag: monitoring,
      operationId: 'resolveAlert',
      summary: 'Marks an alert resolved. Idempotent. The rule does not fire again for the same subject.',
      params: s.alertParams,
      response: s.alertSchema,
      handler: async ({ params }) => store.resolveAlert(params.alertId),
    }),
    route({
      method: 'POST',
      url: '/partner/v1/requests/:requestId/email',
      auth: 'partner',
      tag: monitoring,
      operationId: 'emailRequest',
      status: 201,
      summary:
        'Queues the request e-mail (or a reminder) to the customer, in English or French: what is asked, the Link URL and the checklist. Without SMTP it stays in the local outbox (status stored).',
      params: s.requestParams,
      body: s.sendRequestEmailBody,
      response: s.emailSchema,
      errors: [409],
      handler: async ({ params, body, session }) => {
        const request = await requestFor(store, session, params.requestId);
        if (request.finishedAt !== null) throw new ApiError('request_finished');
        const email = await store.enqueueEmail(body.template ?? 'request', body.locale ?? 'en', body.to, {}, request.id);
        return emailView(mailer, email);
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/emails',
      auth: 'partner',
      tag: monitoring,
      operationId: 'listEmails',
      summary: 'The e-mail outbox, newest first: what was queued, sent, stored (no SMTP) or failed.',
      response: s.emailListSchema,
      handler: async () => ({ emails: await Promise.all((await store.listEmails()).map((email) => emailView(mailer, email))) }),
    }),
  ];
}
