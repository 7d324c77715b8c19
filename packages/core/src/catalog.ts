import type { DataType, IntegrationKind } from './backend.js';

/** Text in every shipped locale. */
export interface LocalizedText {
  en: string;
  fr: string;
}

/** One accounting platform the customer can pick. The catalog is data, validated by a schema. */
export interface Integration {
  /** Stable key, e.g. `xero`, `sap-business-bydesign`. */
  key: string;
  name: string;
  kind: IntegrationKind;
  /** Sandbox platforms are shown only when the configuration allows them. */
  sandbox: boolean;
  dataTypes: DataType[];
  logoUrl?: string;
  /** File-upload platforms: where to find each report in the software. */
  instructions?: { suppliers: LocalizedText; bills: LocalizedText };
}
