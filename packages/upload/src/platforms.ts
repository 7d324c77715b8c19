/**
 * Per-platform export profiles: the headers each accounting package writes in its standard
 * Suppliers (vendor list) and Bills (open bills, AP invoices, aged payables) exports, and the headers
 * that tell its files apart. Where a profile came from is said above it; "template" means the
 * vendor's import template, which its export mirrors (the same file goes out and comes back in).
 *
 * A profile only adds names: the general synonyms, the header words and the values still decide,
 * so a customer who renamed or removed a column is read as well as one who did not.
 */
import { normaliseHeader } from './normalize.js';
import type { ReportKind } from './types.js';

export type Synonyms = Record<string, readonly string[]>;

export interface PlatformProfile {
  /** Profile key; catalog keys are matched to it by `catalog`. */
  key: string;
  name: string;
  /** Substrings of the catalog keys this profile serves ("sap" serves "sap-ecc", "s4hana-cloud"…). */
  catalog: readonly string[];
  headers: Partial<Record<ReportKind, Synonyms>>;
  /** Headers (as written) that together identify the platform's exports; two or more must be present. */
  signature: readonly string[];
  /** Yes/no status columns whose "yes" means inactive, where the header does not say so. */
  inactiveFlags?: readonly string[];
}

export const PLATFORMS: readonly PlatformProfile[] = [
  // QuickBooks Online. Vendor fields: Intuit help "Which contacts fields are imported?"
  // (plugin-qbo.intuit.com … help_admin_import_contacts_which_fields.htm; community.intuit.com
  // article 1583081): Full Name, Company, Email, Phone, Mobile, Fax, Website, Street, City, State,
  // ZIP code, Country, Opening Balance, Tax ID, Currency. Bills: the bill import fields the importers
  // for QBO document (importer.transactionpro.com Docs/Import/Bill.aspx): Bill No., Vendor, Bill Date,
  // Due Date, Terms, Memo, Line Amount, Currency. Reports (Unpaid Bills) group bills under the vendor.
  {
    key: 'quickbooks-online',
    name: 'QuickBooks Online',
    catalog: ['quickbooks-online'],
    headers: {
      suppliers: {
        supplierName: ['full name', 'vendor', 'display name'],
        taxNumber: ['tax id', 'business id no'],
        postalCode: ['zip code', 'zip or postal code'],
        region: ['state', 'state province region'],
        city: ['city town'],
      },
      bills: {
        billNumber: ['bill no', 'num'],
        supplierName: ['vendor', 'supplier'],
        amountDue: ['open balance'],
        totalAmount: ['amount', 'line amount'],
        description: ['memo', 'line description'],
      },
    },
    signature: ['Open balance', 'Past due', 'Transaction type', 'Bill No.', 'Opening Balance Date', 'ZIP or Postal code'],
  },
  // QuickBooks Desktop. Vendor list export (Vendor Center › Excel › Export Vendor List; address in
  // numbered "Bill from" lines: cietrade.helpscoutdocs.com article 740) and the IIF vendor fields of
  // Intuit's IIF import kit (NAME, COMPANYNAME, ADDR1…5, PHONE1, TAXID, TERMS).
  {
    key: 'quickbooks-desktop',
    name: 'QuickBooks Desktop',
    catalog: ['quickbooks-desktop'],
    headers: {
      suppliers: {
        supplierName: ['vendor', 'company', 'companyname', 'name'],
        addressLine1: ['bill from 2', 'addr2'],
        phone: ['main phone', 'phone1'],
        emailAddress: ['main email'],
        taxNumber: ['tax id', 'taxid'],
        status: ['active status'],
      },
      bills: {
        billNumber: ['num', 'docnum'],
        supplierName: ['name', 'vendor', 'source name'],
        amountDue: ['open balance'],
        totalAmount: ['amount', 'original amount'],
        dueDate: ['due date', 'duedate'],
      },
    },
    signature: ['Bill from 1', 'Bill from 2', 'Active Status', 'Main Email', 'Eligible for 1099', 'Open Balance', 'Aging'],
  },
  // Xero. Contacts export = the contacts import template (help.xero.com/us/Contacts-Import-Existing);
  // invoice/bill export columns as the Xero export templates of its integrators reproduce them
  // (docs.moment.team … file-export-accounting-system/xero): one row per line, Total/TaxTotal/
  // InvoiceAmountDue repeated, LineAmount/TaxAmount per line.
  {
    key: 'xero',
    name: 'Xero',
    catalog: ['xero'],
    headers: {
      suppliers: {
        supplierName: ['*contactname', 'contactname'],
        supplierId: ['accountnumber'],
        addressLine1: ['poaddressline1'],
        city: ['pocity'],
        region: ['poregion'],
        postalCode: ['popostalcode'],
        country: ['pocountry'],
        phone: ['phonenumber'],
        taxNumber: ['taxnumber'],
        registrationNumber: ['companynumber'],
        emailAddress: ['emailaddress'],
      },
      bills: {
        supplierName: ['*contactname', 'contactname'],
        billNumber: ['*invoicenumber', 'invoicenumber'],
        issueDate: ['*invoicedate', 'invoicedate'],
        dueDate: ['*duedate', 'duedate'],
        totalAmount: ['total'],
        amountDue: ['invoiceamountdue'],
        taxAmount: ['taxtotal'],
        currency: ['currency'],
        status: ['status'],
        description: ['*description', 'description'],
      },
    },
    signature: [
      '*ContactName',
      'ContactName',
      'POAddressLine1',
      'SAAddressLine1',
      'InvoiceAmountDue',
      'InvoiceAmountPaid',
      'TrackingName1',
      'TaxTotal',
      'LineAmount',
      'AccountsPayableTaxCodeName',
    ],
  },
  // Sage 50 Accounts (UK/IE). Supplier record fields (Sage KB "Supplier record data fields you can
  // import", gb-kb.sage.com k2dockey 250321114613797: A/C, Name, Address Line 1–5, Contact Name,
  // Telephone, VAT Number…); "Data to Excel" output of the Aged Creditors report heads its columns
  // with report variables such as SupplierRecord.AccountReference, TransactionOverview.Reference
  // (support.validis.com article 14990459224852); audit-trail layout Type, Account Reference, Date,
  // Reference, Details, Net Amount, Tax Amount (makingithappen.co.uk CI/std/audittrans.htm).
  {
    key: 'sage-50-uk',
    name: 'Sage 50 Accounts',
    catalog: ['sage-50', 'sage-200'],
    headers: {
      suppliers: {
        supplierId: ['a c', 'account_ref', 'supplierrecord accountreference', 'account reference'],
        supplierName: ['name', 'supplierrecord accountname', 'company name'],
        taxNumber: ['vat number', 'vat_reg_number'],
        addressLine1: ['address line 1', 'address_1', 'street1'],
        city: ['address line 3'],
        postalCode: ['address line 5', 'post code', 'postcode'],
        emailAddress: ['e_mail', 'email1'],
      },
      bills: {
        supplierId: ['a c', 'account reference', 'supplierrecord accountreference'],
        supplierName: ['supplierrecord accountname'],
        billNumber: ['reference', 'ref', 'transactionoverview reference'],
        issueDate: ['transactionoverview date'],
        totalAmount: ['gross', 'transactionoverview amount'],
        amountDue: ['transactionoverview agedamount', 'outstanding'],
        taxAmount: ['tax amount', 'vat'],
        description: ['details', 'transactionoverview details'],
      },
    },
    signature: [
      'A/C',
      'SupplierRecord.AccountReference',
      'SupplierRecord.AccountName',
      'TransactionOverview.Reference',
      'TransactionOverview.Date',
      'TransactionOverview.AgedAmount',
      'ACCOUNT_REF',
      'DEF_NOM_CODE',
      'Nominal A/C Ref',
    ],
  },
  // Sage 50 Accounting (US, formerly Peachtree). VENDOR.CSV and PURCHASE.CSV fields in Sage's order
  // (help-sage50.na.sage.com 2019 IEFIELDS_Vendor_List.htm, IEFIELDS_Purchase_Journal.htm): Vendor ID,
  // Vendor Name, Inactive, Contact, Address-Line 1, City, State, Zip Code, Country, Telephone 1,
  // Vendor Email, Tax ID Number; Invoice # (Invoice/CM #), Date, Date Due, Amount; dates MM/DD/YY,
  // one row per distribution line.
  {
    key: 'sage-50-us',
    name: 'Sage 50 (US)',
    catalog: ['sage-50'],
    headers: {
      suppliers: {
        supplierId: ['vendor id'],
        supplierName: ['vendor name'],
        addressLine1: ['address line 1', 'address-line 1'],
        postalCode: ['zip code'],
        emailAddress: ['vendor email'],
        phone: ['telephone 1'],
        taxNumber: ['tax id number'],
        status: ['inactive'],
      },
      bills: {
        supplierId: ['vendor id'],
        supplierName: ['vendor name'],
        billNumber: ['invoice #', 'invoice/cm #', 'invoice cm number'],
        issueDate: ['date'],
        dueDate: ['date due'],
        totalAmount: ['amount'],
      },
    },
    signature: [
      'Vendor ID',
      'Vendor Name',
      'Address-Line 1',
      'Address-Line 2',
      'Invoice/CM #',
      'Number of Distributions',
      'Date Due',
      'Vendor Email',
      'G/L Purchase Account',
      'Apply to Invoice #',
    ],
  },
  // Sage Business Cloud Accounting. Suppliers file format (gb-kb.sage.com solutionid 240701101019900):
  // Reference, Company Name, Currency, Credit Limit, Main Address Type, Main Address Line 1/2, Town,
  // County, Post Code, Country, Main Contact Name, Phone, Email, VAT Number. Purchase invoice fields
  // (ie-kb.sage.com solutionid 222001000100977): Supplier, Date, Reference, Due Date.
  {
    key: 'sage-business-cloud',
    name: 'Sage Business Cloud Accounting',
    catalog: ['sage-business-cloud'],
    headers: {
      suppliers: {
        supplierId: ['reference'],
        supplierName: ['company name'],
        defaultCurrency: ['currency'],
        addressLine1: ['main address line 1'],
        city: ['main address town'],
        region: ['main address county'],
        postalCode: ['main address post code'],
        country: ['main address country'],
        phone: ['main contact phone'],
        emailAddress: ['main contact email'],
        taxNumber: ['vat number'],
      },
      bills: {
        supplierName: ['supplier'],
        billNumber: ['reference', 'invoice number'],
        issueDate: ['date'],
        dueDate: ['due date'],
        totalAmount: ['total', 'gross'],
        amountDue: ['outstanding'],
        taxAmount: ['vat'],
      },
    },
    signature: [
      'Main Address Type',
      'Main Address Line 1',
      'Main Address Town',
      'Main Address County',
      'Main Address Post Code',
      'Main Contact Name',
      'Main Contact Email',
      'Address 2 Type',
    ],
  },
  // Sage Intacct. Import templates use the internal field names (intacct.com/ia/docs … Uploading_Data/
  // AP/import-bills.htm, import-vendors.htm): VENDOR_ID, NAME, ADDRESS1, CITY, STATE, ZIP, COUNTRY,
  // TAX_ID; bills BILL_NO, VENDOR_ID, CREATED_DATE (bill date), DUE_DATE, LINE_NO, AMOUNT, one row
  // per line.
  {
    key: 'sage-intacct',
    name: 'Sage Intacct',
    catalog: ['sage-intacct'],
    headers: {
      suppliers: {
        supplierId: ['vendor_id', 'vendorid'],
        supplierName: ['name', 'print_as'],
        addressLine1: ['address1'],
        city: ['city'],
        region: ['state'],
        postalCode: ['zip'],
        country: ['country'],
        taxNumber: ['tax_id'],
        emailAddress: ['email1'],
        phone: ['phone1'],
        paymentTerms: ['termname'],
      },
      bills: {
        billNumber: ['bill_no', 'record_id'],
        supplierId: ['vendor_id'],
        issueDate: ['created_date', 'when_created'],
        dueDate: ['due_date', 'when_due'],
        totalAmount: ['amount', 'total_entered'],
        amountDue: ['total_due'],
        description: ['memo', 'description'],
        currency: ['currency'],
      },
    },
    signature: ['BILL_NO', 'VENDOR_ID', 'CREATED_DATE', 'LINE_NO', 'ACCT_NO', 'DONOTIMPORT', 'PRINT_AS', 'VENDOR_ACCTNO', 'FORM1099TYPE', 'APBILLITEM_ITEMID'],
  },
  // Oracle NetSuite. Vendor record labels (NetSuite records browser, vendor: Vendor, Company Name,
  // Primary Contact, Account, Balance, Category, Currency); CSV vendor import field order (Oracle
  // NetSuite help section_0729011708). A/P Aging Detail: Type, Date, Document Number, Due Date, Age,
  // Open Balance, under each vendor (the aging detail as its SuiteQL replicas write it).
  {
    key: 'netsuite',
    name: 'Oracle NetSuite',
    catalog: ['netsuite'],
    headers: {
      suppliers: {
        supplierName: ['name', 'vendor', 'company name'],
        supplierId: ['id', 'entity id'],
        phone: ['phone'],
        emailAddress: ['email'],
        defaultCurrency: ['currency'],
        taxNumber: ['tax id', 'business number'],
      },
      bills: {
        billNumber: ['document number', 'ref no', 'reference no'],
        supplierName: ['vendor', 'name'],
        issueDate: ['date'],
        dueDate: ['due date'],
        amountDue: ['open balance', 'amount remaining'],
        totalAmount: ['amount', 'amount (foreign currency)'],
        currency: ['currency'],
        status: ['status'],
      },
    },
    signature: ['Document Number', 'Open Balance', 'Primary Contact', 'Login Access', 'Age', 'Amount Remaining', 'Category'],
  },
  // Dynamics 365 Business Central. Vendor table (table 23) captions: No., Name, Address, City, Contact,
  // Phone No., Currency Code, Post Code, Country/Region Code, VAT Registration No., E-Mail (as BC's
  // schema lists them, xpt.tools/schema/vendor-23); the Vendors list exports its visible columns with
  // "Open in Excel". Posted purchase invoices: No., Vendor Invoice No., Buy-from Vendor No./Name,
  // Due Date, Amount, Amount Including VAT, Remaining Amount.
  {
    key: 'business-central',
    name: 'Dynamics 365 Business Central',
    catalog: ['dynamics-365-business-central'],
    headers: {
      suppliers: {
        supplierId: ['no'],
        supplierName: ['name'],
        addressLine1: ['address'],
        phone: ['phone no'],
        postalCode: ['post code'],
        country: ['country region code'],
        taxNumber: ['vat registration no'],
        emailAddress: ['e mail'],
        defaultCurrency: ['currency code'],
        paymentTerms: ['payment terms code'],
        status: ['blocked'],
      },
      bills: {
        billNumber: ['vendor invoice no', 'external document no'],
        supplierId: ['buy from vendor no', 'vendor no'],
        supplierName: ['buy from vendor name', 'vendor name'],
        issueDate: ['document date', 'posting date'],
        dueDate: ['due date'],
        totalAmount: ['amount including vat'],
        amountDue: ['remaining amount'],
        currency: ['currency code'],
      },
    },
    signature: [
      'No.',
      'Balance (LCY)',
      'Balance Due (LCY)',
      'Buy-from Vendor No.',
      'Buy-from Vendor Name',
      'Vendor Invoice No.',
      'Amount Including VAT',
      'Remaining Amount',
      'Search Name',
      'Vendor Posting Group',
    ],
  },
  // Dynamics 365 Finance and Operations, Dynamics GP and older Dynamics lines (v1 synonyms, kept):
  // Vendor account, Vendor group, Vendor hold in the All vendors grid; Vendor ID, Vendor Name,
  // Document Number, Current Trx Amount in GP's SmartList.
  {
    key: 'dynamics',
    name: 'Microsoft Dynamics',
    catalog: ['dynamics'],
    headers: {
      suppliers: {
        supplierId: ['vendor account', 'vendor no', 'no', 'vendor id'],
        supplierName: ['name', 'vendor name'],
        taxNumber: ['vat registration no', 'sales tax group'],
        status: ['vendor hold', 'vendor status'],
      },
      bills: {
        billNumber: ['invoice', 'vendor invoice no', 'external document no', 'document number'],
        supplierId: ['vendor account', 'buy from vendor no', 'vendor no', 'vendor id'],
        totalAmount: ['amount', 'amount including vat', 'invoice amount', 'document amount'],
        amountDue: ['remaining amount', 'unapplied amount', 'current trx amount'],
        currency: ['currency code', 'currency', 'currency id'],
      },
    },
    signature: ['Vendor account', 'Vendor group', 'Vendor hold', 'Vendor Class ID', 'Current Trx Amount', 'Voucher Number', 'Vendor Check Name'],
  },
  // MYOB AccountRight (and AccountEdge, its North American edition: same import/export tables,
  // help.accountedge.com prem16 impexptables-05.htm; help.myob.com wiki x/8YFk): supplier cards Co./Last
  // Name, First Name, Card ID, Card Status, Currency Code, Addr 1 - Line 1…, Addr 1 - City, Postcode,
  // Phone # 1, Email; service purchases Co./Last Name, Purchase No., Date, Supplier Invoice No.,
  // Description, Amount, Tax Code, Tax Amount, Purchase Status; tab-delimited, one row per line.
  {
    key: 'myob',
    name: 'MYOB',
    catalog: ['myob'],
    headers: {
      suppliers: {
        supplierName: ['co last name', 'co./last name'],
        supplierId: ['card id'],
        status: ['card status'],
        defaultCurrency: ['currency code'],
        addressLine1: ['addr 1 line 1'],
        city: ['addr 1 city'],
        region: ['addr 1 state'],
        postalCode: ['addr 1 postcode', 'addr 1 zip code'],
        country: ['addr 1 country'],
        phone: ['addr 1 phone no 1', 'addr 1 phone 1'],
        emailAddress: ['addr 1 email'],
        taxNumber: ['a b n', 'abn', 'tax id no'],
      },
      bills: {
        supplierName: ['co last name', 'co./last name'],
        billNumber: ['supplier invoice no', 'vendor invoice no'],
        issueDate: ['date'],
        totalAmount: ['amount', 'total'],
        taxAmount: ['tax amount', 'gst amount'],
        currency: ['currency code'],
        description: ['description', 'journal memo'],
      },
    },
    // Card Status: blank or N is active, Y inactive (AccountEdge import/export tables).
    inactiveFlags: ['Card Status'],
    signature: [
      'Co./Last Name',
      'Card ID',
      'Card Status',
      'Addr 1 - Line 1',
      'Addr 1 - City',
      'Purchase No.',
      'Supplier Invoice No.',
      'Purchase Status',
      'Journal Memo',
    ],
  },
  // Zoho Books. Vendor fields (zoho.com/books/help/contacts): Display Name, Company Name, First/Last
  // Name, Email, Phone, Currency, Payment Terms, Billing Address; bill fields and statuses (zoho.com/in/
  // books/help/bills/basic-functions.html; API statuses paid, open, overdue, void, partially_paid):
  // Vendor Name, Bill#, Bill Date, Due Date, Bill ID beside Bill Number, Balance, Total.
  {
    key: 'zoho-books',
    name: 'Zoho Books',
    catalog: ['zoho'],
    headers: {
      suppliers: {
        supplierName: ['display name', 'contact name', 'company name'],
        supplierId: ['contact id'],
        defaultCurrency: ['currency code'],
        emailAddress: ['emailid', 'email id'],
        phone: ['phone'],
        city: ['billing city'],
        region: ['billing state'],
        country: ['billing country'],
        postalCode: ['billing code'],
        addressLine1: ['billing address'],
        status: ['status'],
      },
      bills: {
        billNumber: ['bill number', 'bill#'],
        supplierName: ['vendor name'],
        issueDate: ['bill date'],
        dueDate: ['due date'],
        totalAmount: ['total'],
        amountDue: ['balance'],
        status: ['bill status', 'status'],
        currency: ['currency code'],
      },
    },
    signature: ['Bill ID', 'Bill Number', 'Bill Status', 'Vendor Name', 'Contact ID', 'Display Name', 'Billing Code', 'Payment Terms Label', 'Exchange Rate'],
  },
  // Odoo. Vendor bills list (odoo.com/documentation/16.0 … accounting/vendor_bills.html): Number, Vendor,
  // Bill Date, Due Date, Tax Excluded, Total, Amount Due, Payment Status ("Not Paid", "In Payment",
  // "Paid", "Partially Paid"); contacts Name, Email, Phone, Street, City, Zip, Country, Tax ID.
  {
    key: 'odoo',
    name: 'Odoo',
    catalog: ['odoo'],
    headers: {
      suppliers: {
        supplierName: ['name', 'display name'],
        taxNumber: ['tax id', 'vat'],
        addressLine1: ['street'],
        postalCode: ['zip'],
        emailAddress: ['email'],
      },
      bills: {
        billNumber: ['number', 'bill reference', 'reference'],
        supplierName: ['vendor', 'partner'],
        issueDate: ['bill date', 'invoice bill date'],
        dueDate: ['due date'],
        totalAmount: ['total', 'total signed'],
        amountDue: ['amount due', 'amount due signed'],
        taxAmount: ['tax'],
        status: ['payment status', 'payment'],
      },
    },
    signature: ['Payment Status', 'Tax Excluded', 'Bill Date', 'Total Signed', 'Amount Due Signed', 'Tax Excluded Signed'],
  },
  // SAP Business One (business partners of type S: BP Code, BP Name, BP Type; A/P invoices Doc. No.,
  // Vendor Ref. No.), SAP ECC/S/4HANA (FBL1N: Vendor, Reference, Document Date, Net Due Date, Amount in
  // Doc. Curr.) and ByDesign (v1 synonyms, kept).
  {
    key: 'sap',
    name: 'SAP',
    catalog: ['sap', 's4hana', 'netweaver'],
    headers: {
      suppliers: {
        supplierId: ['lifnr', 'vendor', 'supplier', 'bp code'],
        supplierName: ['name 1', 'name1', 'name of vendor', 'bp name'],
        taxNumber: ['tax number 1', 'vat reg no', 'stceg', 'federal tax id'],
        postalCode: ['postal code', 'pstlz', 'zip code'],
        addressLine1: ['street house number'],
      },
      bills: {
        billNumber: ['reference', 'xblnr', 'reference document', 'vendor ref no'],
        supplierId: ['vendor', 'lifnr', 'account', 'vendor code'],
        supplierName: ['vendor name'],
        issueDate: ['document date', 'bldat', 'doc date', 'posting date'],
        dueDate: ['net due date', 'net due dt'],
        totalAmount: ['amount in doc curr', 'amount in dc', 'amount in document currency', 'wrbtr', 'gross invoice amount', 'document total'],
        currency: ['document currency', 'waers', 'crcy'],
        paidDate: ['clearing date', 'clearing'],
      },
    },
    signature: [
      'BP Code',
      'BP Name',
      'BP Type',
      'Name 1',
      'Amount in Doc. Curr.',
      'Net Due Date',
      'Document Currency',
      'Assignment',
      'DocumentNo',
      'Vendor Ref. No.',
    ],
  },
  // Oracle E-Business Suite and Fusion Payables (v1 synonyms; report headings Invoice Number, Invoice
  // Date, Supplier, Total Amount, Unpaid Amount: docs.oracle.com cd/A60725_05 … je/hun00033.htm).
  {
    key: 'oracle',
    name: 'Oracle',
    catalog: ['oracle-ebs', 'oracle-fusion', 'oracle-cloud', 'ebs'],
    headers: {
      suppliers: {
        supplierId: ['supplier number', 'vendor number', 'segment1'],
        supplierName: ['supplier', 'vendor name', 'supplier name'],
        taxNumber: ['taxpayer id', 'tax registration number'],
      },
      bills: {
        billNumber: ['invoice num', 'invoice number'],
        supplierId: ['supplier number', 'vendor num'],
        supplierName: ['supplier', 'supplier name'],
        totalAmount: ['invoice amount', 'entered amount', 'total amount'],
        amountDue: ['amount remaining', 'remaining amount', 'unpaid amount'],
        currency: ['invoice currency code', 'invoice currency'],
        paymentMethod: ['payment method lookup code', 'payment method code'],
      },
    },
    signature: [
      'Supplier Number',
      'Invoice Num',
      'Invoice Currency Code',
      'Amount Remaining',
      'Payment Method Lookup Code',
      'Taxpayer ID',
      'Unpaid Amount',
      'Supplier Site',
    ],
  },
  // Workday, PeopleSoft, JD Edwards, Epicor, Tyler (v1 synonyms, kept).
  {
    key: 'workday',
    name: 'Workday',
    catalog: ['workday'],
    headers: {
      suppliers: { supplierId: ['supplier id', 'supplier reference id'], supplierName: ['supplier', 'supplier name'] },
      bills: {
        billNumber: ['supplier invoice number', 'invoice number', 'supplier invoice'],
        supplierName: ['supplier'],
        totalAmount: ['invoice amount', 'total invoice amount'],
        amountDue: ['balance due', 'amount due'],
      },
    },
    signature: ['Supplier Reference ID', 'Supplier Invoice Number', 'Total Invoice Amount', 'Supplier Invoice'],
  },
  {
    key: 'peoplesoft',
    name: 'PeopleSoft',
    catalog: ['peoplesoft'],
    headers: {
      suppliers: { supplierId: ['vendor id', 'setid vendor id'], supplierName: ['vendor name', 'short vendor name', 'name 1'] },
      bills: {
        billNumber: ['invoice id', 'invoice'],
        supplierId: ['vendor id'],
        totalAmount: ['gross invoice amount', 'gross amt'],
        issueDate: ['invoice date'],
      },
    },
    signature: ['SetID', 'Short Vendor Name', 'Gross Invoice Amount', 'Gross Amt', 'Voucher ID'],
  },
  {
    key: 'jd-edwards',
    name: 'JD Edwards',
    catalog: ['jd-edwards', 'jde'],
    headers: {
      suppliers: { supplierId: ['address number', 'addr number', 'an8'], supplierName: ['alpha name', 'alph'], taxNumber: ['tax id', 'taxid'] },
      bills: {
        billNumber: ['document number', 'doc number', 'invoice number', 'vinv'],
        supplierId: ['address number', 'supplier number'],
        supplierName: ['alpha name'],
        totalAmount: ['gross amount', 'ag'],
        amountDue: ['open amount', 'aap'],
      },
    },
    signature: ['Address Number', 'Alpha Name', 'Gross Amount', 'Open Amount', 'Doc Ty', 'Pay Item'],
  },
  {
    key: 'epicor',
    name: 'Epicor',
    catalog: ['epicor'],
    headers: {
      suppliers: { supplierId: ['vendor id', 'vendornum', 'supplier id'], supplierName: ['name'] },
      bills: { billNumber: ['invoice', 'invoicenum'], supplierId: ['vendor id', 'supplier id'], totalAmount: ['invoice amount', 'invoice total'] },
    },
    signature: ['VendorNum', 'InvoiceNum', 'Invoice Total'],
  },
  {
    key: 'tyler',
    name: 'Tyler Technologies',
    catalog: ['tyler'],
    headers: { bills: { billNumber: ['invoice', 'invoice number'], supplierId: ['vendor', 'vendor number'] } },
    signature: [],
  },
];

const BY_KEY = new Map(PLATFORMS.map((p) => [p.key, p]));

/** The profile a catalog key (or a profile key) names, or null. */
export function platformProfile(software: string | undefined): PlatformProfile | null {
  return software ? (profilesFor(software)[0] ?? null) : null;
}

/** Every profile a catalog key may mean: "sage-50" is Sage 50 Accounts in the UK, Peachtree in the US. */
export function profilesFor(software: string): PlatformProfile[] {
  const key = software.toLowerCase();
  const direct = BY_KEY.get(key);
  if (direct) return [direct];
  return PLATFORMS.filter((p) => p.catalog.some((c) => key.includes(c)));
}

const SIGNATURES = PLATFORMS.map((p) => ({ profile: p, folded: new Set(p.signature.map(normaliseHeader)) }));

export interface DetectedPlatform {
  key: string;
  name: string;
  /** The headers that identified it. */
  evidence: string[];
}

/**
 * The platform whose signature headers the file's header holds most of (two at least, and more
 * than any other platform's), or null. Used when the caller did not say which software made it.
 */
export function detectPlatform(headers: readonly string[], among?: readonly PlatformProfile[]): DetectedPlatform | null {
  const folded = headers.map((h) => normaliseHeader(h));
  let best: DetectedPlatform | null = null;
  let second = 0;
  for (const { profile, folded: signature } of SIGNATURES) {
    if (among && !among.includes(profile)) continue;
    const evidence = headers.filter((_, i) => folded[i] !== '' && signature.has(folded[i]!));
    const n = new Set(evidence.map(normaliseHeader)).size;
    if (n > (best?.evidence.length ?? 0)) {
      second = best?.evidence.length ?? 0;
      best = { key: profile.key, name: profile.name, evidence };
    } else if (n > second) second = n;
  }
  return best && best.evidence.length >= 2 && best.evidence.length > second ? best : null;
}
