import { and, assign, emit } from 'xstate';
import { MANUAL_UPLOAD_INTEGRATION_KEY } from '../catalog-keys.js';
import { errorMessage } from '../link-error.js';
import { collectedDataTypes, currentEntity, initialContext, withLoadedRequest, withConnectionAttempt, withNewEntity } from './logic.js';
import { callInput, registerInput, uploadInput } from './inputs.js';
import { journeySetup } from './setup.js';
import { reportUploadStep } from './upload-states.js';
import { failAt } from './failures.js';

/** Bumped whenever a persisted snapshot of the previous version could no longer be restored safely. */
export const JOURNEY_MACHINE_VERSION = 1;

export const journeyMachine = journeySetup.createMachine({
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
                      actions: assign(({ context, event }) => withLoadedRequest(context, event.output.request, event.output.integrations)),
                    },
                    onError: failAt('loading'),
                  },
                },
                failed: { tags: ['step:error'], on: { RETRY: { target: 'working', actions: 'clearError' } } },
              },
            },
            route: {
              id: 'route',
              always: [{ guard: 'checklistOffered', target: 'checklist' }, { target: 'start' }],
            },
            // *Before you start*: what the customer needs; Start goes on to the first choice.
            checklist: {
              id: 'checklist',
              tags: ['step:checklist'],
              on: { CONTINUE: 'start' },
            },
            start: {
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
                BACK: { guard: 'checklistOffered', target: 'checklist' },
                SELECT_PROVISION_METHOD: [
                  { guard: 'choseManual', target: 'consent', actions: [assign({ provisionMethod: 'manual' }), 'chooseManual', 'companyEntity'] },
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
                      target: 'registering',
                      actions: 'queueUpload',
                    },
                    BACK: '#consent',
                  },
                },
                registering: {
                  tags: ['busy'],
                  always: { guard: 'entityKnown', target: 'preparing' },
                  invoke: {
                    id: 'registerCompany',
                    src: 'registerEntity',
                    input: registerInput,
                    onDone: { target: 'preparing', actions: 'entityRegistered' },
                    onError: failAt('manualUpload'),
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
                      dataTypes: collectedDataTypes(context),
                      ...(context.pendingConsent ? { consent: context.pendingConsent } : {}),
                    }),
                    onDone: { target: 'sending', actions: 'connected' },
                    onError: failAt('manualUpload'),
                  },
                },
                sending: {
                  tags: ['busy'],
                  on: { UPLOAD_PROGRESS: { actions: 'uploadProgress' } },
                  invoke: {
                    id: 'sendManual',
                    src: 'uploadReport',
                    input: uploadInput,
                    onDone: [
                      { guard: 'severalEntities', target: '#entityComplete', actions: 'uploadDone' },
                      { target: '#finishing', actions: 'uploadDone' },
                    ],
                    onError: failAt('manualUpload', { interrupted: true }),
                  },
                },
                failed: {
                  tags: ['step:error'],
                  on: {
                    RETRY: { target: 'registering', actions: 'clearError' },
                    BACK: { target: 'idle', actions: ['clearError', 'forgetUpload'] },
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
                BACK: [
                  { guard: 'manualOffered', target: 'provisionMethod', actions: assign({ provisionMethod: undefined, entityCount: undefined }) },
                  { guard: 'checklistOffered', target: 'checklist', actions: assign({ entityCount: undefined }) },
                ],
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
                USE_MANUAL_UPLOAD: [
                  // Several entities: this entity's spend, by the template; the others keep their own way.
                  { guard: and(['manualFallbackOffered', 'severalEntities']), target: 'consent', actions: ['clearError', 'chooseManual'] },
                  {
                    guard: 'manualFallbackOffered',
                    target: 'consent',
                    actions: [
                      'clearError',
                      'forgetUncreatedEntity',
                      assign({ provisionMethod: 'manual', entityCount: undefined }),
                      'chooseManual',
                      'companyEntity',
                    ],
                  },
                ],
                BACK: [
                  { guard: 'backToName', target: 'entityName', actions: ['clearError', 'forgetUncreatedEntity'] },
                  { guard: 'backToCount', target: 'entityCount', actions: ['clearError', 'forgetUncreatedEntity', assign({ entityCount: undefined })] },
                  {
                    guard: 'backToMethod',
                    target: 'provisionMethod',
                    actions: ['clearError', 'forgetUncreatedEntity', assign({ provisionMethod: undefined })],
                  },
                  // The first choice of the journey, after *Before you start*: back to the checklist.
                  { guard: 'backToChecklist', target: 'checklist', actions: ['clearError', 'forgetUncreatedEntity'] },
                ],
              },
            },
            consent: {
              id: 'consent',
              tags: ['step:consent'],
              on: {
                GIVE_CONSENT: [
                  // The template's consent is recorded with its connection, when the file is sent.
                  { guard: and(['consentGiven', 'manualChosen']), target: 'manualUpload', actions: 'holdConsent' },
                  {
                    guard: 'consentGiven',
                    target: 'connecting',
                    actions: ['holdConsent', assign({ entities: ({ context }) => withConnectionAttempt(context) })],
                  },
                ],
                BACK: [
                  { guard: and(['manualChosen', 'severalEntities']), target: 'softwareSelection', actions: 'forgetManual' },
                  {
                    guard: 'manualChosen',
                    target: 'provisionMethod',
                    actions: ['forgetManual', assign({ provisionMethod: undefined }), 'forgetUncreatedEntity'],
                  },
                  { target: 'softwareSelection' },
                ],
              },
            },
            connecting: {
              id: 'connecting',
              initial: 'registering',
              states: {
                // The entity is created on its own, so its id is kept even if consent or the connection fails.
                registering: {
                  tags: ['step:consent', 'busy'],
                  always: { guard: 'entityKnown', target: 'starting' },
                  invoke: {
                    id: 'registerEntity',
                    src: 'registerEntity',
                    input: registerInput,
                    onDone: { target: 'starting', actions: 'entityRegistered' },
                    onError: failAt('consent'),
                  },
                },
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
                      dataTypes: collectedDataTypes(context),
                      ...(context.pendingConsent ? { consent: context.pendingConsent } : {}),
                      ...(context.redirectUri === undefined ? {} : { redirectUri: context.redirectUri }),
                      ...(context.openerOrigin === undefined ? {} : { openerOrigin: context.openerOrigin }),
                    }),
                    onDone: [
                      { guard: 'directConnection', target: 'authorizing', actions: 'connected' },
                      { target: '#disclaimer', actions: 'connected' },
                    ],
                    onError: failAt('consent'),
                  },
                },
                authorizing: {
                  tags: ['step:connecting'],
                  on: {
                    CONNECTION_AUTHORIZED: { target: 'confirming', actions: 'clearError' },
                    CONNECTION_CANCELLED: { target: '#softwareSelection', actions: ['setCancelled', 'emitError'] },
                    // The pop-up was blocked or answered from the wrong origin: shown on this step, which stays.
                    CONNECTION_ERROR: { actions: ['setConnectionError', 'emitError'] },
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
                    onError: failAt('connecting'),
                  },
                },
                failed: {
                  tags: ['step:error'],
                  on: {
                    RETRY: [
                      { guard: 'awaitingConnection', target: 'confirming', actions: 'clearError' },
                      { target: 'registering', actions: 'clearError' },
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
            uploadSuppliers: reportUploadStep('suppliers'),
            uploadBills: reportUploadStep('bills'),
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
                    onError: failAt('summary'),
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
