import type { JourneyEvent } from '@codat-link/core';
import type { StepIntent } from '../steps/intents.js';

/**
 * The machine events a step intent stands for. Intents the element handles itself (close,
 * redirect, can't-find) and pure notifications (pop-up blocked) map to nothing here.
 */
export function intentToEvent(intent: StepIntent): JourneyEvent[] {
  switch (intent.type) {
    case 'chooseProvision':
      return [{ type: 'SELECT_PROVISION_METHOD', method: intent.method === 'manual' ? 'manual' : 'software' }];
    case 'chooseEntityCount':
      return [{ type: 'SET_ENTITY_COUNT', count: intent.count }];
    case 'submitEntityName':
      return [{ type: 'SUBMIT_ENTITY_NAME', name: intent.name }];
    case 'selectSoftware':
      return [{ type: 'SELECT_INTEGRATION', integrationKey: intent.integrationKey }];
    case 'giveConsent':
      return [{ type: 'GIVE_CONSENT', text: intent.text, version: intent.version }];
    case 'continue':
      return [{ type: 'CONTINUE' }];
    case 'back':
      return [{ type: 'BACK' }];
    case 'connectionMessage':
      // The pop-up's word is a hint: on `linked` or `failed` the backend is asked for the truth.
      return [{ type: intent.status === 'cancelled' ? 'CONNECTION_CANCELLED' : 'CONNECTION_AUTHORIZED' }];
    case 'cancelConnection':
      return [{ type: 'CONNECTION_CANCELLED' }];
    case 'addEntity':
      return [{ type: 'ADD_ENTITY' }];
    case 'finish':
      return [{ type: 'FINISH' }];
    case 'retry':
      return [{ type: 'RETRY' }];
    case 'uploadReport':
      return [{ type: 'UPLOAD_REPORT', kind: intent.kind, records: intent.records, fileName: intent.fileName, summary: { skipped: intent.skipped } }];
    case 'cantFindSoftware':
      return [{ type: 'USE_MANUAL_UPLOAD' }];
    case 'popupBlocked':
      return [{ type: 'CONNECTION_ERROR', code: 'popup_blocked' }];
    case 'close':
    case 'redirect':
      return [];
  }
}
