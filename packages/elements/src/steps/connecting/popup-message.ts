/**
 * The message the platform's callback page posts to the opener when authorization ends:
 * `{ type: 'codat-link:connection', connectionId, status }`. Anything else is ignored.
 */
export interface PopupMessage {
  connectionId: string;
  status: 'linked' | 'failed' | 'cancelled';
}

export const POPUP_MESSAGE_TYPE = 'codat-link:connection';

/**
 * Accepts a message only from the exact expected origin (scheme, host and port; no prefix or
 * suffix matching), only from the pop-up we opened, and only in the expected shape.
 */
export function readPopupMessage(event: MessageEvent, expectedOrigin: string, popup: Window | null): PopupMessage | null {
  if (event.origin !== expectedOrigin) return null;
  if (popup === null || event.source !== popup) return null;
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null) return null;
  const { type, connectionId, status } = data as Record<string, unknown>;
  if (type !== POPUP_MESSAGE_TYPE || typeof connectionId !== 'string' || connectionId.length > 200) return null;
  if (status !== 'linked' && status !== 'failed' && status !== 'cancelled') return null;
  return { connectionId, status };
}

export { originOf } from '../../util/url.js';
