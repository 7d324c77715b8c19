import { assign, emit, enqueueActions, or, setup, stateIn } from 'xstate';
import type { DoneActorEvent, ErrorActorEvent } from 'xstate';
import type { Connection, ReportKind } from '../backend.js';
import { MANUAL_UPLOAD_INTEGRATION_KEY } from '../catalog-data.js';
import { errorMessage, toLinkError } from '../link-error.js';
import type { JourneyStep, JourneyTag } from '../steps.js';
import { missingBackendActors } from './actors.js';
import {
  canAddEntity,
  currentEntity,
  errorFor,
  initialContext,
  integrationsFor,
  nextUploadStep,
  selectedIntegration,
  spendOnly,
  withConnection,
  withConnectionResult,
  withNewEntity,
  withoutUncreatedEntity,
  withUpload,
} from './logic.js';
import type { ConnectOutput, JourneyContext, JourneyEmitted, JourneyEvent, JourneyInput, PendingUpload, UploadOutput } from './types.js';

/** Bumped whenever a persisted snapshot of the previous version could no longer be restored safely. */
export const JOURNEY_MACHINE_VERSION = 1;

const actors = missingBackendActors();

// Guards and actions declared in setup see the union of UI events; these read the invoke results.
const outputOf = <T>(event: unknown): T => (event as DoneActorEvent<T>).output;
const errorOf = (event: unknown): unknown => (event as ErrorActorEvent).error;

/** Inputs every backend actor shares. */
const callInput = ({ context }: { context: JourneyContext }) => ({ retry: context.config.retry, locale: context.locale });

const uploadInput = ({ context }: { context: JourneyContext }) => {
  const pending = context.pendingUpload;
  const entity = currentEntity(context);
  return {
    ...callInput({ context }),
    connectionId: entity?.connectionId ?? '',
    kind: pending?.kind ?? 'suppliers',
    batchSize: context.config.batchSize,
    ...(pending?.fileName === undefined ? {} : { fileName: pending.fileName }),
    ...(pending?.records === undefined ? {} : { records: pending.records }),
  };
};

export const journeyMachine = setup({
  types: {
    context: {} as JourneyContext,
    events: {} as JourneyEvent,
    input: {} as JourneyInput,
    emitted: {} as JourneyEmitted,
    tags: {} as JourneyTag,
  },
  actors,
  guards: {
    spendOnly: ({ context }) => spendOnly(context),
    manualOffered: ({ context }) => spendOnly(context) && context.config.manualUpload,
    multiEntityOffered: ({ context }) => spendOnly(context) && context.config.multiEntity,
    choseManual: ({ event }) => event.type === 'SELECT_PROVISION_METHOD' && event.method === 'manual',
    choseOne: ({ event }) => event.type === 'SET_ENTITY_COUNT' && event.count === 'one',
    validName: ({ context, event }) => {
      if (event.type !== 'SUBMIT_ENTITY_NAME') return false;
      const name = event.name.trim().toLocaleLowerCase();
      return name.length > 0 && name.length <= 200 && !context.entities.some((e) => e.name.toLocaleLowerCase() === name);
    },
    integrationAvailable: ({ context, event }) =>
      event.type === 'SELECT_INTEGRATION' && context.integrations.some((i) => i.key === event.integrationKey),
    consentGiven: ({ event }) => event.type === 'GIVE_CONSENT' && event.text.trim().length > 0,
    directConnection: ({ event }) => outputOf<ConnectOutput>(event).connection.kind === 'direct',
    linked: ({ event }) => outputOf<{ status: string }>(event).status === 'linked',
    cancelled: ({ event }) => outputOf<{ status: string }>(event).status === 'cancelled',
    recoverable: ({ event }) => toLinkError(errorOf(event)).userRecoverable,
    interrupted: ({ event }) => toLinkError(errorOf(event)).code === 'upload_interrupted',
    reportOf: ({ event }, params: { kind: ReportKind }) =>
      event.type === 'UPLOAD_REPORT' && event.kind === params.kind && event.records.length > 0,
    suppliersFirst: ({ context }) => context.config.uploadSteps.includes('suppliers'),
    billsNext: ({ context }) => nextUploadStep(context.config, 'suppliers') === 'bills',
    canAddEntity: ({ context }) => canAddEntity(context),
    connectionStarted: ({ context }) => currentEntity(context)?.connectionId !== undefined,
    // The connection exists and only waiting for it failed: retry the wait, not the whole start.
    awaitingConnection: ({ context }) => currentEntity(context)?.connectionId !== undefined && context.error?.step === 'connecting',
    journeyOver: or([stateIn('#summary'), stateIn('#fatal')]),
    hasEntities: ({ context }) => context.entities.some((e) => e.id !== undefined),
    backToName: ({ context }) => context.entityCount === 'several' && currentEntity(context)?.id === undefined,
    backToCount: ({ context }) => context.entityCount === 'one' && currentEntity(context)?.id === undefined,
    backToMethod: ({ context }) =>
      context.provisionMethod === 'software' && context.entityCount === undefined && currentEntity(context)?.id === undefined,
  },
  actions: {
    setError: assign({ error: ({ context, event }, params: { step: JourneyStep }) => errorFor(context, errorOf(event), params.step) }),
    setCancelled: assign({
      error: ({ context }) => ({ code: 'connection_cancelled' as const, message: errorMessage('connection_cancelled', context.locale), userRecoverable: true, step: 'connecting' as const }),
    }),
    setConnectionFailed: assign({
      error: ({ context }) => ({ code: 'connection_failed' as const, message: errorMessage('connection_failed', context.locale), userRecoverable: true, step: 'connecting' as const }),
    }),
    clearError: assign({ error: undefined }),
    emitError: emit(({ context }) => ({ type: 'error' as const, error: context.error! })),
    companyEntity: assign(({ context }) => withNewEntity(context, context.request?.companyName ?? '')),
    forgetUncreatedEntity: assign(({ context }) => withoutUncreatedEntity(context)),
    connected: enqueueActions(({ context, event, enqueue }) => {
      const output = outputOf<ConnectOutput>(event);
      enqueue.assign({ entities: withConnection(context, output), pendingConsent: undefined });
      if (output.entityCreated) enqueue.emit({ type: 'entity_added', entityId: output.entity.id, name: output.entity.name });
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
    queueUpload: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'UPLOAD_REPORT') return;
      const pending: PendingUpload = { kind: event.kind, records: event.records };
      if (event.fileName !== undefined) pending.fileName = event.fileName;
      enqueue.assign({ pendingUpload: pending, error: undefined });
      const entityId = currentEntity(context)?.id;
      enqueue.emit({ type: 'upload_started', kind: event.kind, recordCount: event.records.length, ...(entityId ? { entityId } : {}) });
    }),
    uploadProgress: assign({
      entities: ({ context, event }) => (event.type === 'UPLOAD_PROGRESS' ? withUpload(context, event.progress, false) : context.entities),
    }),
    uploadDone: enqueueActions(({ context, event, enqueue }) => {
      const { progress } = outputOf<UploadOutput>(event);
      const last = progress.kind !== 'suppliers' || nextUploadStep(context.config, 'suppliers') === undefined;
      enqueue.assign({ entities: withUpload(context, progress, last), pendingUpload: undefined });
      const entityId = currentEntity(context)?.id;
      enqueue.emit({
        type: 'upload_completed',
        kind: progress.kind,
        recordCount: progress.recordCount,
        totalBatches: progress.totalBatches,
        ...(entityId ? { entityId } : {}),
      });
    }),
  },
}).createMachine({
  id: 'journey',
  context: ({ input }) => initialContext(input),
  initial: 'active',
  on: {
    SET_LOCALE: {
      actions: assign(({ context, event }) => ({
        locale: event.locale,
        ...(context.error ? { error: { ...context.error, message: errorMessage(context.error.code, event.locale) } } : {}),
      })),
    },
  },
  states: {
    active: {
      type: 'parallel',
      states: {
        flow: {
          initial: 'loading',
          states: {
            loading: {
              initial: 'working',
              tags: ['step:loading'],
              states: {
                working: {
                  tags: ['busy'],
                  invoke: {
                    id: 'loadJourney',
                    src: 'loadJourney',
                    input: callInput,
                    onDone: {
                      target: '#route',
                      actions: assign(({ context, event }) => ({
                        request: event.output.request,
                        integrations: integrationsFor(context, event.output.integrations),
                      })),
                    },
                    onError: [
                      { guard: 'recoverable', target: 'failed', actions: [{ type: 'setError', params: { step: 'loading' } }, 'emitError'] },
                      { target: '#fatal', actions: [{ type: 'setError', params: { step: 'loading' } }, 'emitError'] },
                    ],
                  },
                },
                failed: { tags: ['step:error'], on: { RETRY: { target: 'working', actions: 'clearError' } } },
              },
            },
            route: {
              id: 'route',
              always: [
                { guard: 'manualOffered', target: 'provisionMethod' },
                { guard: 'multiEntityOffered', target: 'entityCount' },
                { target: 'softwareSelection', actions: 'companyEntity' },
              ],
            },
            provisionMethod: {
              id: 'provisionMethod',
              tags: ['step:provisionMethod'],
              on: {
                SELECT_PROVISION_METHOD: [
                  { guard: 'choseManual', target: 'manualUpload', actions: [assign({ provisionMethod: 'manual' }), 'companyEntity'] },
                  { guard: 'multiEntityOffered', target: 'entityCount', actions: assign({ provisionMethod: 'software' }) },
                  { target: 'softwareSelection', actions: [assign({ provisionMethod: 'software' }), 'companyEntity'] },
                ],
              },
            },
            manualUpload: {
              id: 'manualUpload',
              tags: ['step:manualUpload'],
              initial: 'idle',
              states: {
                idle: {
                  on: {
                    UPLOAD_REPORT: {
                      guard: { type: 'reportOf', params: { kind: 'supplierSpend' } },
                      target: 'preparing',
                      actions: 'queueUpload',
                    },
                    BACK: { target: '#provisionMethod', actions: [assign({ provisionMethod: undefined }), 'forgetUncreatedEntity'] },
                  },
                },
                preparing: {
                  tags: ['busy'],
                  always: { guard: 'connectionStarted', target: 'sending' },
                  invoke: {
                    id: 'connectManual',
                    src: 'connect',
                    input: ({ context }) => ({
                      ...callInput({ context }),
                      sessionId: context.sessionId,
                      entity: currentEntity(context)!,
                      integrationKey: MANUAL_UPLOAD_INTEGRATION_KEY,
                      dataTypes: context.config.dataTypes,
                    }),
                    onDone: { target: 'sending', actions: assign({ entities: ({ context, event }) => withConnection(context, event.output) }) },
                    onError: [
                      { guard: 'recoverable', target: 'failed', actions: [{ type: 'setError', params: { step: 'manualUpload' } }, 'emitError'] },
                      { target: '#fatal', actions: [{ type: 'setError', params: { step: 'manualUpload' } }, 'emitError'] },
                    ],
                  },
                },
                sending: {
                  tags: ['busy'],
                  on: { UPLOAD_PROGRESS: { actions: 'uploadProgress' } },
                  invoke: {
                    id: 'sendManual',
                    src: 'uploadReport',
                    input: uploadInput,
                    onDone: { target: '#finishing', actions: 'uploadDone' },
                    onError: [
                      { guard: 'interrupted', target: 'idle', actions: [{ type: 'setError', params: { step: 'manualUpload' } }, assign({ pendingUpload: undefined })] },
                      { guard: 'recoverable', target: 'failed', actions: [{ type: 'setError', params: { step: 'manualUpload' } }, 'emitError'] },
                      { target: '#fatal', actions: [{ type: 'setError', params: { step: 'manualUpload' } }, 'emitError'] },
                    ],
                  },
                },
                failed: {
                  tags: ['step:error'],
                  on: {
                    RETRY: { target: 'preparing', actions: 'clearError' },
                    BACK: { target: 'idle', actions: ['clearError', assign({ pendingUpload: undefined })] },
                  },
                },
              },
            },
            entityCount: {
              id: 'entityCount',
              tags: ['step:entityCount'],
              on: {
                SET_ENTITY_COUNT: [
                  { guard: 'choseOne', target: 'softwareSelection', actions: [assign({ entityCount: 'one' }), 'companyEntity'] },
                  { target: 'entityName', actions: assign({ entityCount: 'several' }) },
                ],
                BACK: { guard: 'manualOffered', target: 'provisionMethod', actions: assign({ provisionMethod: undefined, entityCount: undefined }) },
              },
            },
            entityName: {
              id: 'entityName',
              tags: ['step:entityName'],
              on: {
                SUBMIT_ENTITY_NAME: {
                  guard: 'validName',
                  target: 'softwareSelection',
                  actions: assign(({ context, event }) => ({ ...withNewEntity(context, event.name), selectedIntegrationKey: undefined })),
                },
                BACK: [
                  { guard: 'hasEntities', target: 'entityComplete' },
                  { target: 'entityCount', actions: assign({ entityCount: undefined }) },
                ],
              },
            },
            softwareSelection: {
              id: 'softwareSelection',
              tags: ['step:softwareSelection'],
              on: {
                SELECT_INTEGRATION: {
                  guard: 'integrationAvailable',
                  target: 'consent',
                  actions: [
                    'clearError',
                    assign({ selectedIntegrationKey: ({ event }) => event.integrationKey }),
                    emit(({ event }) => ({ type: 'software_selected' as const, integrationKey: event.integrationKey })),
                  ],
                },
                BACK: [
                  { guard: 'backToName', target: 'entityName', actions: ['clearError', 'forgetUncreatedEntity'] },
                  { guard: 'backToCount', target: 'entityCount', actions: ['clearError', 'forgetUncreatedEntity', assign({ entityCount: undefined })] },
                  { guard: 'backToMethod', target: 'provisionMethod', actions: ['clearError', 'forgetUncreatedEntity', assign({ provisionMethod: undefined })] },
                ],
              },
            },
            consent: {
              id: 'consent',
              tags: ['step:consent'],
              on: {
                GIVE_CONSENT: {
                  guard: 'consentGiven',
                  target: 'connecting',
                  actions: assign({ pendingConsent: ({ context, event }) => ({ text: event.text, version: event.version ?? context.config.consentVersion }) }),
                },
                BACK: { target: 'softwareSelection' },
              },
            },
            connecting: {
              id: 'connecting',
              initial: 'starting',
              states: {
                starting: {
                  tags: ['step:consent', 'busy'],
                  invoke: {
                    id: 'connect',
                    src: 'connect',
                    input: ({ context }) => ({
                      ...callInput({ context }),
                      sessionId: context.sessionId,
                      entity: currentEntity(context)!,
                      integrationKey: context.selectedIntegrationKey!,
                      dataTypes: context.config.dataTypes,
                      ...(context.pendingConsent ? { consent: context.pendingConsent } : {}),
                      ...(context.redirectUri === undefined ? {} : { redirectUri: context.redirectUri }),
                      ...(context.openerOrigin === undefined ? {} : { openerOrigin: context.openerOrigin }),
                    }),
                    onDone: [
                      { guard: 'directConnection', target: 'authorizing', actions: 'connected' },
                      { target: '#disclaimer', actions: 'connected' },
                    ],
                    onError: [
                      { guard: 'recoverable', target: 'failed', actions: [{ type: 'setError', params: { step: 'consent' } }, 'emitError'] },
                      { target: '#fatal', actions: [{ type: 'setError', params: { step: 'consent' } }, 'emitError'] },
                    ],
                  },
                },
                authorizing: {
                  tags: ['step:connecting'],
                  on: {
                    CONNECTION_AUTHORIZED: 'confirming',
                    CONNECTION_CANCELLED: { target: '#softwareSelection', actions: ['setCancelled', 'emitError'] },
                    BACK: '#softwareSelection',
                  },
                },
                confirming: {
                  tags: ['step:connecting', 'busy'],
                  invoke: {
                    id: 'awaitConnection',
                    src: 'awaitConnection',
                    input: ({ context }) => ({ ...callInput({ context }), connectionId: currentEntity(context)?.connectionId ?? '' }),
                    onDone: [
                      { guard: 'linked', target: '#entityComplete', actions: 'connectionSettled' },
                      { guard: 'cancelled', target: '#softwareSelection', actions: ['connectionSettled', 'setCancelled', 'emitError'] },
                      { target: '#softwareSelection', actions: ['connectionSettled', 'setConnectionFailed', 'emitError'] },
                    ],
                    onError: [
                      { guard: 'recoverable', target: 'failed', actions: [{ type: 'setError', params: { step: 'connecting' } }, 'emitError'] },
                      { target: '#fatal', actions: [{ type: 'setError', params: { step: 'connecting' } }, 'emitError'] },
                    ],
                  },
                },
                failed: {
                  tags: ['step:error'],
                  on: {
                    RETRY: [
                      { guard: 'awaitingConnection', target: 'confirming', actions: 'clearError' },
                      { target: 'starting', actions: 'clearError' },
                    ],
                    BACK: { target: '#softwareSelection', actions: 'clearError' },
                  },
                },
              },
            },
            disclaimer: {
              id: 'disclaimer',
              tags: ['step:disclaimer'],
              on: {
                CONTINUE: [{ guard: 'suppliersFirst', target: 'uploadSuppliers' }, { target: 'uploadBills' }],
                BACK: '#softwareSelection',
              },
            },
            uploadSuppliers: {
              id: 'uploadSuppliers',
              tags: ['step:uploadSuppliers'],
              initial: 'idle',
              states: {
                idle: {
                  on: {
                    UPLOAD_REPORT: { guard: { type: 'reportOf', params: { kind: 'suppliers' } }, target: 'sending', actions: 'queueUpload' },
                    BACK: { target: '#disclaimer', actions: 'clearError' },
                  },
                },
                sending: {
                  tags: ['busy'],
                  on: { UPLOAD_PROGRESS: { actions: 'uploadProgress' } },
                  invoke: {
                    id: 'sendSuppliers',
                    src: 'uploadReport',
                    input: uploadInput,
                    onDone: [
                      { guard: 'billsNext', target: '#uploadBills', actions: 'uploadDone' },
                      { target: '#entityComplete', actions: 'uploadDone' },
                    ],
                    onError: [
                      { guard: 'interrupted', target: 'idle', actions: [{ type: 'setError', params: { step: 'uploadSuppliers' } }, assign({ pendingUpload: undefined })] },
                      { guard: 'recoverable', target: 'failed', actions: [{ type: 'setError', params: { step: 'uploadSuppliers' } }, 'emitError'] },
                      { target: '#fatal', actions: [{ type: 'setError', params: { step: 'uploadSuppliers' } }, 'emitError'] },
                    ],
                  },
                },
                failed: {
                  tags: ['step:error'],
                  on: {
                    RETRY: { target: 'sending', actions: 'clearError' },
                    BACK: { target: 'idle', actions: ['clearError', assign({ pendingUpload: undefined })] },
                  },
                },
              },
            },
            uploadBills: {
              id: 'uploadBills',
              tags: ['step:uploadBills'],
              initial: 'idle',
              states: {
                idle: {
                  on: {
                    UPLOAD_REPORT: { guard: { type: 'reportOf', params: { kind: 'bills' } }, target: 'sending', actions: 'queueUpload' },
                    BACK: [
                      { guard: 'suppliersFirst', target: '#uploadSuppliers', actions: 'clearError' },
                      { target: '#disclaimer', actions: 'clearError' },
                    ],
                  },
                },
                sending: {
                  tags: ['busy'],
                  on: { UPLOAD_PROGRESS: { actions: 'uploadProgress' } },
                  invoke: {
                    id: 'sendBills',
                    src: 'uploadReport',
                    input: uploadInput,
                    onDone: { target: '#entityComplete', actions: 'uploadDone' },
                    onError: [
                      { guard: 'interrupted', target: 'idle', actions: [{ type: 'setError', params: { step: 'uploadBills' } }, assign({ pendingUpload: undefined })] },
                      { guard: 'recoverable', target: 'failed', actions: [{ type: 'setError', params: { step: 'uploadBills' } }, 'emitError'] },
                      { target: '#fatal', actions: [{ type: 'setError', params: { step: 'uploadBills' } }, 'emitError'] },
                    ],
                  },
                },
                failed: {
                  tags: ['step:error'],
                  on: {
                    RETRY: { target: 'sending', actions: 'clearError' },
                    BACK: { target: 'idle', actions: ['clearError', assign({ pendingUpload: undefined })] },
                  },
                },
              },
            },
            entityComplete: {
              id: 'entityComplete',
              tags: ['step:entityComplete'],
              on: {
                ADD_ENTITY: { guard: 'canAddEntity', target: 'entityName', actions: assign({ selectedIntegrationKey: undefined, pendingConsent: undefined }) },
                FINISH: '#finishing',
              },
            },
            finishing: {
              id: 'finishing',
              initial: 'working',
              tags: ['step:summary'],
              states: {
                working: {
                  tags: ['busy'],
                  invoke: {
                    id: 'finishJourney',
                    src: 'finishJourney',
                    input: callInput,
                    onDone: {
                      target: '#summary',
                      actions: [
                        assign({ status: ({ event }) => event.output }),
                        emit(({ context }) => ({ type: 'finished' as const, entityCount: context.entities.length })),
                      ],
                    },
                    onError: [
                      { guard: 'recoverable', target: 'failed', actions: [{ type: 'setError', params: { step: 'summary' } }, 'emitError'] },
                      { target: '#fatal', actions: [{ type: 'setError', params: { step: 'summary' } }, 'emitError'] },
                    ],
                  },
                },
                failed: { tags: ['step:error'], on: { RETRY: { target: 'working', actions: 'clearError' } } },
              },
            },
            summary: { id: 'summary', tags: ['step:summary'] },
            fatal: { id: 'fatal', tags: ['step:error'] },
          },
        },
        exit: {
          initial: 'idle',
          states: {
            idle: {
              on: {
                CLOSE: [
                  // Nothing is lost by closing once the journey is over, so no confirmation is asked.
                  { guard: 'journeyOver', target: '#closed' },
                  { target: 'confirming' },
                ],
              },
            },
            confirming: {
              on: { CANCEL_CLOSE: 'idle', CONFIRM_CLOSE: '#closed' },
            },
          },
        },
      },
    },
    closed: {
      id: 'closed',
      type: 'final',
      tags: ['step:closed'],
      entry: emit(({ context }) => ({ type: 'closed' as const, completed: context.status !== undefined })),
    },
  },
});
