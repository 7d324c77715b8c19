import { uploadInput } from './inputs.js';
import { journeySetup } from './setup.js';
import { failAt } from './failures.js';

/**
 * The Suppliers and Bills steps: choose a file (the UI parses it and sends UPLOAD_REPORT with the
 * records), send it in batches, then move on. Identical but for the report and where they lead.
 */
export function reportUploadStep(kind: 'suppliers' | 'bills') {
  const step = kind === 'suppliers' ? 'uploadSuppliers' : 'uploadBills';
  return journeySetup.createStateConfig({
    id: step,
    tags: [`step:${step}`],
    initial: 'idle',
    states: {
      idle: {
        on: {
          UPLOAD_REPORT: { guard: { type: 'reportOf', params: { kind } }, target: 'sending', actions: 'queueUpload' },
          BACK:
            kind === 'suppliers'
              ? { target: '#disclaimer', actions: 'clearError' }
              : [
                  { guard: 'suppliersFirst', target: '#uploadSuppliers', actions: 'clearError' },
                  { target: '#disclaimer', actions: 'clearError' },
                ],
        },
      },
      sending: {
        tags: ['busy'],
        on: { UPLOAD_PROGRESS: { actions: 'uploadProgress' } },
        invoke: {
          id: kind === 'suppliers' ? 'sendSuppliers' : 'sendBills',
          src: 'uploadReport',
          input: uploadInput,
          onDone:
            kind === 'suppliers'
              ? [
                  { guard: 'billsNext', target: '#uploadBills', actions: 'uploadDone' },
                  { target: '#entityComplete', actions: 'uploadDone' },
                ]
              : { target: '#entityComplete', actions: 'uploadDone' },
          // After a reload the records are gone: back to choosing the file, with the reason shown.
          onError: failAt(step, { interrupted: true }),
        },
      },
      failed: {
        tags: ['step:error'],
        on: {
          RETRY: { target: 'sending', actions: 'clearError' },
          BACK: { target: 'idle', actions: ['clearError', 'forgetUpload'] },
        },
      },
    },
  });
}
