import type { DataType, Integration } from '@codat-link/core';

/**
 * The server's default catalog (public facts from the design). A partner passes its own
 * `integrations` to createServer; a company may be restricted further to a list of keys.
 */
const DIRECT = [
  'Dynamics 365 Business Central', 'Exact Online', 'FreeAgent', 'FreshBooks', 'MYOB Business', 'Oracle NetSuite',
  'QuickBooks Desktop', 'QuickBooks Online', 'Sage 200 Standard', 'Sage 50', 'Sage Business Cloud Accounting',
  'Sage Intacct', 'Workday', 'Xero',
];
const FILE_UPLOAD = [
  'SAP Business ByDesign', 'SAP Business One', 'Oracle Cloud ERP', 'Dynamics 365 Finance',
  'Dynamics 365 Finance and Operations', 'Dynamics Great Plains', 'Dynamics SL', 'Oracle E-Business Suite (EBS)', 'EBS R12',
  'SAP ECC', 'Epicor', 'Oracle Fusion', 'JD Edwards EnterpriseOne', 'JD Edwards World', 'SAP NetWeaver', 'PeopleSoft',
  'S/4HANA Cloud', 'S/4HANA On-Premises', 'Tyler Tech',
];

export const slug = (name: string): string =>
  name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const BOTH: DataType[] = ['financials', 'spendAnalysis'];

const instructions = (name: string): NonNullable<Integration['instructions']> => ({
  suppliers: {
    en: `In ${name}, export the list of suppliers (vendors) as CSV or Excel.`,
    fr: `Dans ${name}, exportez la liste des fournisseurs au format CSV ou Excel.`,
  },
  bills: {
    en: `In ${name}, export the bills (supplier invoices) of the last 12 months as CSV or Excel.`,
    fr: `Dans ${name}, exportez les factures fournisseurs des 12 derniers mois au format CSV ou Excel.`,
  },
});

export const SANDBOX_INTEGRATION_KEY = 'sandbox-accounting';
export const SANDBOX_FILE_UPLOAD_KEY = 'sandbox-file-upload';
/** The supplier-spend template path: a connection of kind `manual`, not a catalog entry. */
export const MANUAL_INTEGRATION_KEY = 'supplier-spend-template';

export const DEFAULT_INTEGRATIONS: Integration[] = [
  { key: SANDBOX_INTEGRATION_KEY, name: 'Sandbox Accounting', kind: 'direct', sandbox: true, dataTypes: BOTH },
  {
    key: SANDBOX_FILE_UPLOAD_KEY, name: 'Sandbox Files', kind: 'fileUpload', sandbox: true, dataTypes: ['spendAnalysis'],
    instructions: instructions('Sandbox Files'),
  },
  ...DIRECT.map((name): Integration => ({ key: slug(name), name, kind: 'direct', sandbox: false, dataTypes: BOTH })),
  // Some platforms offer both paths; the file-upload variant gets its own key.
  ...[...FILE_UPLOAD, 'Dynamics 365 Business Central', 'Workday'].map(
    (name): Integration => ({
      key: DIRECT.includes(name) ? `${slug(name)}-file` : slug(name),
      name,
      kind: 'fileUpload',
      sandbox: false,
      dataTypes: ['spendAnalysis'],
      instructions: instructions(name),
    }),
  ),
];

/** The integrations a request may use: its company's allow-list, and its data types. */
export function integrationsFor(
  catalog: readonly Integration[],
  allowed: readonly string[] | null,
  dataTypes: readonly DataType[],
): Integration[] {
  return catalog.filter(
    (integration) =>
      (allowed === null || allowed.includes(integration.key)) &&
      dataTypes.some((type) => integration.dataTypes.includes(type)),
  );
}
