/**
 * Pure helpers behind the machine's actions and guards, kept apart so the statechart file reads as
 * the journey and nothing else.
 */
import type { Connection, DataRequest, DataType, Entity, ReportKind } from '../backend.js';
import { isSpendOnly, parseLinkConfig } from '../config.js';
import type { LinkConfig } from '../config.js';
import { availableIntegrations } from '../catalog-schema.js';
import type { Integration } from '../catalog.js';
import { toLinkError } from '../link-error.js';
import { randomId } from '../hash.js';
import type { JourneyStep } from '../steps.js';
import type { ConnectOutput, JourneyContext, JourneyEntity, JourneyError, JourneyInput, UploadState } from './types.js';

export function initialContext(input: JourneyInput): JourneyContext {
  const config: LinkConfig = parseLinkConfig(input.config);
  const context: JourneyContext = {
    config,
    sessionId: input.sessionId ?? randomId(),
    locale: input.locale ?? config.locale,
    integrations: [],
    entities: [],
    entitiesStarted: 0,
  };
  if (input.redirectUri !== undefined) context.redirectUri = input.redirectUri;
  if (input.openerOrigin !== undefined) context.openerOrigin = input.openerOrigin;
  return context;
}

export function errorFor(context: JourneyContext, thrown: unknown, step: JourneyStep): JourneyError {
  return { ...toLinkError(thrown, context.locale).toInfo(), step };
}

export function currentEntity(context: JourneyContext): JourneyEntity | undefined {
  return context.currentEntity === undefined ? undefined : context.entities[context.currentEntity];
}

export function selectedIntegration(context: JourneyContext): Integration | undefined {
  return context.integrations.find((i) => i.key === context.selectedIntegrationKey);
}

/**
 * The request's data types that the chosen way can deliver, which is what the consent covers: a
 * file upload or the template carries spend data only, whatever else the request asks for.
 */
export function collectedDataTypes(context: JourneyContext): DataType[] {
  const offered: readonly DataType[] = selectedIntegration(context)?.dataTypes ?? ['spendAnalysis'];
  return context.config.dataTypes.filter((type) => offered.includes(type));
}

/**
 * "Can't find your software?" leads to the manual template, for any entity, when the request is
 * spend only and the partner offers the manual path.
 */
export function manualFallbackOffered(context: Pick<JourneyContext, 'config'>): boolean {
  return isSpendOnly(context.config) && context.config.manualUpload;
}

export function spendOnly(context: JourneyContext): boolean {
  return isSpendOnly(context.config);
}

/**
 * The request as the backend knows it wins over the page's configuration: the data types decide which
 * journey the customer follows, and a page attribute (which anyone can edit) must not change that.
 * The catalog the backend returned is then narrowed to what the configuration allows.
 */
export function withLoadedRequest(
  context: JourneyContext,
  request: DataRequest,
  catalog: Integration[],
): Pick<JourneyContext, 'request' | 'config' | 'integrations'> {
  const dataTypes = request.dataTypes.length > 0 ? [...request.dataTypes] : context.config.dataTypes;
  const config = { ...context.config, dataTypes };
  return { request, config, integrations: availableIntegrations(catalog, config) };
}

function updateEntity(context: JourneyContext, change: (entity: JourneyEntity) => JourneyEntity): JourneyEntity[] {
  return context.entities.map((entity, index) => (index === context.currentEntity ? change(entity) : entity));
}

/** Starts an entity the customer named (or the company itself when there is only one). */
export function withNewEntity(context: JourneyContext, name: string): Pick<JourneyContext, 'entities' | 'currentEntity' | 'entitiesStarted'> {
  // `index` only grows, even when an entity is forgotten: it is part of idempotency keys, and a key
  // reused for a differently named entity would bring back the old one.
  const index = context.entitiesStarted;
  return {
    entities: [...context.entities, { index, name: name.trim(), status: 'notStarted', uploads: {} }],
    currentEntity: context.entities.length,
    entitiesStarted: index + 1,
  };
}

/**
 * The single-entity journeys use the company itself. If the customer already started with it (a manual
 * upload abandoned for a software connection), the same entity goes on, so the backend holds one.
 */
export function withCompanyEntity(context: JourneyContext): Pick<JourneyContext, 'entities' | 'currentEntity' | 'entitiesStarted'> {
  const name = context.request?.companyName ?? '';
  const existing = context.entities.findIndex((e) => e.name === name);
  if (existing !== -1) return { entities: context.entities, currentEntity: existing, entitiesStarted: context.entitiesStarted };
  return withNewEntity(context, name);
}

/** Leaving an entity before the backend created it forgets it, so going forward again starts clean. */
export function withoutUncreatedEntity(context: JourneyContext): Pick<JourneyContext, 'entities' | 'currentEntity'> {
  const entity = currentEntity(context);
  if (!entity || entity.id !== undefined) return { entities: context.entities, currentEntity: context.currentEntity };
  const entities = context.entities.filter((e) => e !== entity);
  return { entities, currentEntity: entities.length > 0 ? entities.length - 1 : undefined };
}

/** Each consent starts a new connection attempt; a RETRY of the same attempt reuses its idempotency key. */
export function withConnectionAttempt(context: JourneyContext): JourneyEntity[] {
  return updateEntity(context, (entity) => ({ ...entity, connectionAttempts: (entity.connectionAttempts ?? 0) + 1 }));
}

export function withConnection(context: JourneyContext, output: ConnectOutput): JourneyEntity[] {
  return updateEntity(context, (entity) => {
    const next: JourneyEntity = {
      ...entity,
      integrationKey: output.connection.integrationKey,
      connectionId: output.connection.id,
      connectionKind: output.connection.kind,
      status: 'inProgress',
      // A new connection means new reports: uploads of an abandoned platform do not carry over.
      uploads: entity.connectionId === output.connection.id ? entity.uploads : {},
    };
    if (output.connection.authUrl !== undefined) next.authUrl = output.connection.authUrl;
    else delete next.authUrl;
    return next;
  });
}

export function withRegisteredEntity(context: JourneyContext, registered: Entity): JourneyEntity[] {
  return updateEntity(context, (entity) => ({ ...entity, id: registered.id, status: 'inProgress' }));
}

export function withConnectionResult(context: JourneyContext, connection: Connection): JourneyEntity[] {
  return updateEntity(context, (entity) => ({ ...entity, status: connection.status === 'linked' ? 'connected' : 'failed' }));
}

export function withUpload(context: JourneyContext, progress: UploadState, lastStep: boolean): JourneyEntity[] {
  return updateEntity(context, (entity) => ({
    ...entity,
    uploads: { ...entity.uploads, [progress.kind]: progress },
    status: progress.status === 'done' ? (lastStep ? 'complete' : 'uploaded') : entity.status,
  }));
}

/** The report upload steps after `kind` in this configuration. */
export function nextUploadStep(config: LinkConfig, kind: ReportKind): 'bills' | undefined {
  return kind === 'suppliers' && config.uploadSteps.includes('bills') ? 'bills' : undefined;
}

export function canAddEntity(context: JourneyContext): boolean {
  return spendOnly(context) && context.config.multiEntity && context.entityCount === 'several';
}
