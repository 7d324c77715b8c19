import { assign, emit, enqueueActions, or, setup, stateIn } from 'xstate';
import type { DoneActorEvent, ErrorActorEvent } from 'xstate';
import type { Connection, Entity, ReportKind } from '../backend.js';
import { MANUAL_UPLOAD_INTEGRATION_KEY } from '../catalog-keys.js';
import { errorMessage, toLinkError } from '../link-error.js';
import { showsChecklist } from '../config.js';
import type { JourneyStep, JourneyTag } from '../steps.js';
import { missingBackendActors } from './actors.js';
import { holdRecords, releaseRecords } from './held-records.js';
import {
  canAddEntity,
  currentEntity,
  errorFor,
  nextUploadStep,
  spendOnly,
  manualFallbackOffered,
  withConnection,
  withConnectionResult,
  withRegisteredEntity,
  withCompanyEntity,
  withoutUncreatedEntity,
  withUpload,
} from './logic.js';
import type { ConnectOutput, JourneyContext, JourneyEmitted, JourneyEvent, JourneyInput, PendingUpload, UploadOutput } from './types.js';

const actors = missingBackendActors();

// Guards and actions declared here see the union of UI events; these read the invoke results.
const outputOf = <T>(event: unknown): T => (event as DoneActorEvent<T>).output;
const errorOf = (event: unknown): unknown => (event as ErrorActorEvent).error;

/** Types, guards and actions of the journey; the states are in journey.ts. */
export const journeySetup = setup({
  types: {
    context: {} as JourneyContext,
    events: {} as JourneyEvent,
    input: {} as JourneyInput,
    emitted: {} as JourneyEmitted,
    tags: {} as JourneyTag,
  },
  actors,
  guards: {
    checklistOffered: ({ context }) => showsChecklist(context.config),
    manualOffered: ({ context }) => spendOnly(context) && context.config.manualUpload,
    manualFallbackOffered: ({ context }) => manualFallbackOffered(context),
    severalEntities: ({ context }) => context.entityCount === 'several',
    multiEntityOffered: ({ context }) => spendOnly(context) && context.config.multiEntity,
    choseManual: ({ event }) => event.type === 'SELECT_PROVISION_METHOD' && event.method === 'manual',
    choseOne: ({ event }) => event.type === 'SET_ENTITY_COUNT' && event.count === 'one',
    validName: ({ context, event }) => {
      if (event.type !== 'SUBMIT_ENTITY_NAME') return false;
      const name = event.name.trim().toLocaleLowerCase();
      return name.length > 0 && name.length <= 200 && !context.entities.some((e) => e.name.toLocaleLowerCase() === name);
    },
    integrationAvailable: ({ context, event }) => event.type === 'SELECT_INTEGRATION' && context.integrations.some((i) => i.key === event.integrationKey),
    consentGiven: ({ event }) => event.type === 'GIVE_CONSENT' && event.text.trim().length > 0,
    manualChosen: ({ context }) => context.selectedIntegrationKey === MANUAL_UPLOAD_INTEGRATION_KEY,
    directConnection: ({ event }) => outputOf<ConnectOutput>(event).connection.kind === 'direct',
    linked: ({ event }) => outputOf<{ status: string }>(event).status === 'linked',
    cancelled: ({ event }) => outputOf<{ status: string }>(event).status === 'cancelled',
    recoverable: ({ event }) => toLinkError(errorOf(event)).userRecoverable,
    interrupted: ({ event }) => toLinkError(errorOf(event)).code === 'upload_interrupted',
    reportOf: ({ event }, params: { kind: ReportKind }) => event.type === 'UPLOAD_REPORT' && event.kind === params.kind && event.records.length > 0,
    suppliersFirst: ({ context }) => context.config.uploadSteps.includes('suppliers'),
    billsNext: ({ context }) => nextUploadStep(context.config, 'suppliers') === 'bills',
    canAddEntity: ({ context }) => canAddEntity(context),
    connectionStarted: ({ context }) => currentEntity(context)?.connectionId !== undefined,
    entityKnown: ({ context }) => currentEntity(context)?.id !== undefined,
    // The connection exists and only waiting for it failed: retry the wait, not the whole start.
    awaitingConnection: ({ context }) => currentEntity(context)?.connectionId !== undefined && context.error?.step === 'connecting',
    journeyOver: or([stateIn('#summary'), stateIn('#fatal')]),
    hasEntities: ({ context }) => context.entities.some((e) => e.id !== undefined),
    backToName: ({ context }) => context.entityCount === 'several' && currentEntity(context)?.id === undefined,
    backToCount: ({ context }) => context.entityCount === 'one' && currentEntity(context)?.id === undefined,
    backToMethod: ({ context }) => context.provisionMethod === 'software' && context.entityCount === undefined && currentEntity(context)?.id === undefined,
    backToChecklist: ({ context }) =>
      showsChecklist(context.config) && context.provisionMethod === undefined && context.entityCount === undefined && currentEntity(context)?.id === undefined,
  },
  actions: {
    setError: assign({ error: ({ context, event }, params: { step: JourneyStep }) => errorFor(context, errorOf(event), params.step) }),
    setCancelled: assign({
      error: ({ context }) => ({
        code: 'connection_cancelled' as const,
        message: errorMessage('connection_cancelled', context.locale),
        userRecoverable: true,
        step: 'connecting' as const,
      }),
    }),
    setConnectionFailed: assign({
      error: ({ context }) => ({
        code: 'connection_failed' as const,
        message: errorMessage('connection_failed', context.locale),
        userRecoverable: true,
        step: 'connecting' as const,
      }),
    }),
    setConnectionError: assign({
      error: ({ context, event }) => {
        const code = event.type === 'CONNECTION_ERROR' ? event.code : 'connection_failed';
        return { code, message: errorMessage(code, context.locale), userRecoverable: true, step: 'connecting' as const };
      },
    }),
    clearError: assign({ error: undefined }),
    forgetUpload: enqueueActions(({ context, enqueue, self }) => {
      const kind = context.pendingUpload?.kind;
      if (kind) enqueue(() => releaseRecords(self, kind));
      enqueue.assign({ pendingUpload: undefined });
    }),
    emitError: emit(({ context }) => ({ type: 'error' as const, error: context.error! })),
    chooseManual: assign({ selectedIntegrationKey: MANUAL_UPLOAD_INTEGRATION_KEY }),
    forgetManual: assign({ selectedIntegrationKey: undefined, pendingConsent: undefined }),
    holdConsent: assign({
      pendingConsent: ({ context, event }) =>
        event.type === 'GIVE_CONSENT' ? { text: event.text, version: event.version ?? context.config.consentVersion } : context.pendingConsent,
    }),
    companyEntity: assign(({ context }) => withCompanyEntity(context)),
    forgetUncreatedEntity: assign(({ context }) => withoutUncreatedEntity(context)),
    connected: enqueueActions(({ context, event, enqueue }) => {
      const output = outputOf<ConnectOutput>(event);
      enqueue.assign({ entities: withConnection(context, output), pendingConsent: undefined });
      if (output.consent) {
        const { integrationKey, textHash, version, dataTypes } = output.consent;
        enqueue.emit({ type: 'consent_given', integrationKey, textHash, version, dataTypes });
      }
      const { connection } = output;
      enqueue.emit({
        type: 'connection_started',
        integrationKey: connection.integrationKey,
        connectionId: connection.id,
        connectionKind: connection.kind,
        entityId: connection.entityId,
      });
    }),
    entityRegistered: enqueueActions(({ context, event, enqueue }) => {
      const entity = outputOf<Entity>(event);
      enqueue.assign({ entities: withRegisteredEntity(context, entity) });
      enqueue.emit({ type: 'entity_added', entityId: entity.id, name: entity.name });
    }),
    connectionSettled: enqueueActions(({ context, event, enqueue }) => {
      const connection = outputOf<Connection>(event);
      enqueue.assign({ entities: withConnectionResult(context, connection) });
      enqueue.emit({
        type: 'connection_completed',
        integrationKey: connection.integrationKey,
        connectionId: connection.id,
        entityId: connection.entityId,
        status: connection.status,
      });
    }),
    queueUpload: enqueueActions(({ context, event, enqueue, self }) => {
      if (event.type !== 'UPLOAD_REPORT') return;
      // The records stay out of the context (it is persisted on every snapshot): see held-records.ts.
      const { kind, records } = event;
      enqueue(() => holdRecords(self, kind, records));
      const pending: PendingUpload = { kind: event.kind, recordCount: event.records.length };
      if (event.fileName !== undefined) pending.fileName = event.fileName;
      if (event.summary !== undefined) pending.summary = event.summary;
      enqueue.assign({ pendingUpload: pending, error: undefined });
      const entityId = currentEntity(context)?.id;
      enqueue.emit({
        type: 'upload_started',
        kind: event.kind,
        recordCount: event.records.length,
        ...(entityId ? { entityId } : {}),
        ...(event.summary ? { summary: event.summary } : {}),
      });
    }),
    uploadProgress: assign({
      entities: ({ context, event }) => (event.type === 'UPLOAD_PROGRESS' ? withUpload(context, event.progress, false) : context.entities),
    }),
    uploadDone: enqueueActions(({ context, event, enqueue, self }) => {
      const { progress } = outputOf<UploadOutput>(event);
      enqueue(() => releaseRecords(self, progress.kind));
      const last = progress.kind !== 'suppliers' || nextUploadStep(context.config, 'suppliers') === undefined;
      enqueue.assign({ entities: withUpload(context, progress, last), pendingUpload: undefined });
      const entityId = currentEntity(context)?.id;
      enqueue.emit({
        type: 'upload_completed',
        kind: progress.kind,
        recordCount: progress.recordCount,
        totalBatches: progress.totalBatches,
        ...(entityId ? { entityId } : {}),
        ...(progress.summary ? { summary: progress.summary } : {}),
      });
    }),
  },
});
