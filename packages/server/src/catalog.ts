import {
  INTEGRATION_CATALOG,
  MANUAL_UPLOAD_INTEGRATION_KEY,
  SANDBOX_DIRECT_KEY,
  SANDBOX_FILE_UPLOAD_KEY,
  type DataType,
  type Integration,
} from '@codat-link/core';

/**
 * The server serves core's catalog unless the partner passes its own `integrations` to
 * createServer; a company may be restricted further to a list of keys.
 */
export const DEFAULT_INTEGRATIONS: readonly Integration[] = INTEGRATION_CATALOG;
export const SANDBOX_INTEGRATION_KEY = SANDBOX_DIRECT_KEY;
export { SANDBOX_FILE_UPLOAD_KEY };
/** The supplier-spend template path: a connection of kind `manual`, not a catalog entry. */
export const MANUAL_INTEGRATION_KEY = MANUAL_UPLOAD_INTEGRATION_KEY;

/** The integrations a request may use: its company's allow-list, and its data types. */
export function integrationsFor(catalog: readonly Integration[], allowed: readonly string[] | null, dataTypes: readonly DataType[]): Integration[] {
  return catalog.filter(
    (integration) => (allowed === null || allowed.includes(integration.key)) && dataTypes.some((type) => integration.dataTypes.includes(type)),
  );
}
