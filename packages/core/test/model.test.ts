/**
 * Model-based coverage: @xstate/graph explores the machine under several configurations with every UI
 * event and every outcome of every invoked call; the test then proves each state node was entered and
 * each transition (including eventless ones and invoke results) was taken at least once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getAdjacencyMap } from '@xstate/graph';
import { createEmptyActor } from 'xstate';
import type { AnyEventObject, AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { INTEGRATION_CATALOG, journeyMachine, LinkError, MANUAL_UPLOAD_INTEGRATION_KEY } from '@codat-link/core';
import type { JourneyContext, JourneyInput, ReportKind } from '@codat-link/core';

const CONFIGS: JourneyInput['config'][] = [
  { dataTypes: ['spendAnalysis'] },
  { dataTypes: ['financials'] },
  { dataTypes: ['spendAnalysis'], multiEntity: false, uploadSteps: ['suppliers'] },
  { dataTypes: ['spendAnalysis'], manualUpload: false, multiEntity: false, uploadSteps: ['bills'] },
  { dataTypes: ['spendAnalysis'], manualUpload: false },
];

const UI_EVENTS: AnyEventObject[] = [
  { type: 'SELECT_PROVISION_METHOD', method: 'manual' },
  { type: 'SELECT_PROVISION_METHOD', method: 'software' },
  { type: 'SET_ENTITY_COUNT', count: 'one' },
  { type: 'SET_ENTITY_COUNT', count: 'several' },
  { type: 'SUBMIT_ENTITY_NAME', name: 'Acme UK' },
  { type: 'SUBMIT_ENTITY_NAME', name: 'Acme France' },
  { type: 'SELECT_INTEGRATION', integrationKey: 'xero' },
  { type: 'SELECT_INTEGRATION', integrationKey: 'epicor' },
  { type: 'USE_MANUAL_UPLOAD' },
  { type: 'GIVE_CONSENT', text: 'I agree' },
  { type: 'CONNECTION_AUTHORIZED' },
  { type: 'CONNECTION_CANCELLED' },
  { type: 'CONNECTION_ERROR', code: 'popup_blocked' },
  { type: 'CONTINUE' },
  ...(['suppliers', 'bills', 'supplierSpend'] as const).map((kind) => ({ type: 'UPLOAD_REPORT', kind, records: [{ n: 1 }] })),
  { type: 'ADD_ENTITY' },
  { type: 'FINISH' },
  { type: 'BACK' },
  { type: 'RETRY' },
  { type: 'CLOSE' },
  { type: 'CONFIRM_CLOSE' },
  { type: 'CANCEL_CLOSE' },
  { type: 'SET_LOCALE', locale: 'fr' },
];

function connection(kind: 'direct' | 'fileUpload' | 'manual', status = 'pending') {
  return { id: 'conn_1', entityId: 'ent_1', integrationKey: kind === 'direct' ? 'xero' : 'epicor', kind, status };
}

/** Every way each invoked call can end, by invoke id. */
function outcomes(id: string, context: JourneyContext): AnyEventObject[] {
  const done = (output: unknown): AnyEventObject => ({ type: `xstate.done.actor.${id}`, output, actorId: id });
  const failed = (error: LinkError): AnyEventObject => ({ type: `xstate.error.actor.${id}`, error, actorId: id });
  const failures = [failed(new LinkError('server_error')), failed(new LinkError('unauthorized'))];
  const entity = { id: 'ent_1', name: 'Acme', createdAt: '2026-01-01T00:00:00.000Z' };
  const kind: ReportKind = context.pendingUpload?.kind ?? 'suppliers';
  const progress = { uploadId: 'u', kind, recordCount: 1, totalBatches: 1, sentBatches: 1, sentRecords: 1, status: 'done' };
  switch (id) {
    case 'loadJourney':
      return [
        done({ request: { id: 'r', companyId: 'c', companyName: 'Acme', dataTypes: context.config.dataTypes }, integrations: INTEGRATION_CATALOG }),
        ...failures,
      ];
    case 'registerEntity':
    case 'registerCompany':
      return [done(entity), ...failures];
    case 'connect':
    case 'connectManual':
      return [done({ connection: connection('direct') }), done({ connection: connection(id === 'connect' ? 'fileUpload' : 'manual', 'linked') }), ...failures];
    case 'awaitConnection':
      return ['linked', 'failed', 'cancelled'].map((status) => done(connection('direct', status))).concat(failures);
    case 'sendManual':
    case 'sendSuppliers':
    case 'sendBills':
      return [
        { type: 'UPLOAD_PROGRESS', kind, progress: { ...progress, status: 'sending' } },
        done({ progress }),
        failed(new LinkError('upload_interrupted')),
        ...failures,
      ];
    case 'finishJourney':
      return [done({ requestId: 'r', finished: true, entities: [] }), ...failures];
    default:
      throw new Error(`no outcomes for invoke ${id}`);
  }
}

function events(snapshot: AnyMachineSnapshot): AnyEventObject[] {
  const context = snapshot.context as JourneyContext;
  return [...UI_EVENTS, ...Object.keys(snapshot.children).flatMap((id) => outcomes(id, context))];
}

/** The context that guards read, and nothing else: keeps the explored space finite. */
function serialize(snapshot: AnyMachineSnapshot): string {
  const c = snapshot.context as JourneyContext;
  const current = c.currentEntity === undefined ? undefined : c.entities[c.currentEntity];
  return JSON.stringify([
    snapshot.value,
    snapshot.status,
    c.provisionMethod,
    c.entityCount,
    Math.min(c.entities.length, 2),
    c.entities.some((e) => e.id),
    current?.id !== undefined,
    current?.connectionId !== undefined,
    c.error?.step,
    c.pendingUpload?.kind,
    c.request !== undefined,
    c.selectedIntegrationKey === MANUAL_UPLOAD_INTEGRATION_KEY,
  ]);
}

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap(allNodes)];
}

test('every state is reachable and every transition is taken', () => {
  const nodes = allNodes(journeyMachine.root);
  const transitions = new Set<unknown>();
  const label = new Map<unknown, string>();
  for (const node of nodes) {
    for (const [event, candidates] of node.transitions) {
      candidates.forEach((t, i) => {
        transitions.add(t);
        label.set(t, `${node.id} ${event} #${i}`);
      });
    }
    node.always?.forEach((t, i) => {
      transitions.add(t);
      label.set(t, `${node.id} (always) #${i}`);
    });
  }

  const visited = new Set<string>();
  const taken = new Set<unknown>();
  const empty = createEmptyActor();
  const scope = {
    self: empty,
    logger: () => {},
    id: '',
    sessionId: 'model',
    defer: () => {},
    system: {
      ...empty.system,
      _sendInspectionEvent: (event: { type: string; _transitions?: unknown[]; snapshot?: AnyMachineSnapshot }) => {
        if (event.type !== '@xstate.microstep') return;
        event._transitions?.forEach((t) => taken.add(t));
        // Transient states (the router) exist only inside a macrostep: seen here, never in a settled snapshot.
        event.snapshot?._nodes.forEach((node) => visited.add(node.id));
      },
    },
    stopChild: () => {},
    emit: () => {},
    actionExecutor: () => {},
  };

  for (const config of CONFIGS) {
    const input: JourneyInput = { config, sessionId: 'model' };
    // The explorer sends synthetic invoke results, which are not in the machine's public event type.
    const adjacency = getAdjacencyMap(journeyMachine as AnyStateMachine, { events, serializeState: serialize, input, limit: 200_000 });
    for (const { state, transitions: edges } of Object.values(adjacency)) {
      for (const node of state._nodes) visited.add(node.id);
      for (const { event } of Object.values(edges) as Array<{ event: AnyEventObject }>) {
        // Replayed with an inspecting scope: the microsteps name the transitions taken, eventless ones too.
        (journeyMachine as AnyStateMachine).transition(state, event, scope as never);
      }
    }
  }

  const missingStates = nodes.map((n) => n.id).filter((id) => !visited.has(id));
  const missingTransitions = [...transitions].filter((t) => !taken.has(t)).map((t) => label.get(t));
  const coveredTransitions = [...transitions].filter((t) => taken.has(t)).length;
  console.log(`states: ${nodes.length - missingStates.length}/${nodes.length}, transitions: ${coveredTransitions}/${transitions.size}`);
  assert.deepEqual({ missingStates, missingTransitions }, { missingStates: [], missingTransitions: [] });
});
