import { currentEntity } from './logic.js';
import type { JourneyContext } from './types.js';

/** Inputs every backend actor shares. */
export const callInput = ({ context }: { context: JourneyContext }) => ({ retry: context.config.retry, locale: context.locale });

export const uploadInput = ({ context }: { context: JourneyContext }) => {
  const pending = context.pendingUpload;
  const entity = currentEntity(context);
  return {
    ...callInput({ context }),
    connectionId: entity?.connectionId ?? '',
    kind: pending?.kind ?? 'suppliers',
    batchSize: context.config.batchSize,
    ...(pending?.fileName === undefined ? {} : { fileName: pending.fileName }),
    ...(pending?.summary === undefined ? {} : { summary: pending.summary }),
  };
};

export const registerInput = ({ context }: { context: JourneyContext }) => ({
  ...callInput({ context }),
  sessionId: context.sessionId,
  name: currentEntity(context)?.name ?? '',
});
