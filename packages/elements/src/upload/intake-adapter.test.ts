import { expect } from '@open-wc/testing';
import type { IntakeIssue, IntakeResult } from '@codat-link/upload';
import { FIELDS, REQUIRED_ONE_OF } from '@codat-link/upload';
import { describeRows, mappingIsSure, toIntakeView } from './intake-adapter.js';
import { describe, it } from './test-globals.js';

const catalog = { fields: FIELDS.suppliers, oneOf: REQUIRED_ONE_OF.suppliers };
const issue = (row: number | null, code: IntakeIssue['code'], severity: IntakeIssue['severity']): IntakeIssue => ({
  row,
  column: null,
  field: 'emailAddress',
  code,
  severity,
  message: `${code} at ${row}`,
  value: null,
});

function result(extra: Partial<IntakeResult> & { recordRows?: number[] } = {}): IntakeResult {
  return {
    kind: 'suppliers',
    detected: { format: 'csv', encoding: 'utf-8', bom: false, delimiter: ',', headerRow: 1, headers: ['Id', 'Name', 'Email'] },
    mapping: {
      supplierId: { header: 'Id', confidence: 0.98, source: 'synonym' },
      supplierName: { header: 'Name', confidence: 0.95, source: 'synonym' },
    },
    records: [
      { supplierId: 'V1', supplierName: 'A' },
      { supplierId: 'V2', supplierName: 'B' },
      { supplierId: 'V4', supplierName: 'D' },
    ],
    issues: [],
    stats: { bytes: 1, rowsRead: 4, records: 3, rowsRejected: 1, totalRowsExcluded: 0, errors: 1, warnings: 1, infos: 0, durationMs: 1 },
    rejected: false,
    ...extra,
  } as IntakeResult;
}

describe('toIntakeView', () => {
  it('puts each issue under the row it names, and rows refused for errors among the records', async () => {
    const view = await toIntakeView(
      result({ issues: [issue(4, 'required_value_missing', 'error'), issue(5, 'invalid_email', 'warning')] }),
      'suppliers.csv',
      catalog,
    );
    expect(view.rows.map((r) => [r.row, r.values.supplierId ?? null, r.worst])).to.deep.equal([
      [2, 'V1', null],
      [3, 'V2', null],
      [4, null, 'error'],
      [5, 'V4', 'warning'],
    ]);
    expect(view.sendable.map((r) => r.supplierId)).to.deep.equal(['V1', 'V2', 'V4']);
    expect(view.refusedRows).to.deep.equal([4]);
    expect(view.counts).to.deep.equal({ error: 1, warning: 1, info: 0 });
  });

  it('uses the row of each record when intake gives it (a blank line in the data)', async () => {
    const view = await toIntakeView(
      result({ recordRows: [2, 4, 6], issues: [issue(5, 'required_value_missing', 'error'), issue(6, 'invalid_email', 'warning')] }),
      'suppliers.csv',
      catalog,
    );
    expect(view.rows.map((r) => [r.row, r.values.supplierId ?? null, r.worst])).to.deep.equal([
      [2, 'V1', null],
      [4, 'V2', null],
      [5, null, 'error'],
      [6, 'V4', 'warning'],
    ]);
  });

  it('says which report a wrong file looks like, and skips the review only when required fields are sure', async () => {
    const wrong = await toIntakeView(result({ kind: 'bills', issues: [issue(null, 'wrong_report', 'error')], records: [] }), 'x.csv', {
      fields: FIELDS.bills,
      oneOf: REQUIRED_ONE_OF.bills,
    });
    expect(wrong.looksLike).to.equal('suppliers');
    const sure = await toIntakeView(result(), 'x.csv', catalog);
    expect(mappingIsSure(sure.mapping, catalog)).to.equal(true);
    const unsure = await toIntakeView(result({ mapping: { supplierName: { header: 'Name', confidence: 0.7, source: 'fuzzy' } } }), 'x.csv', catalog);
    expect(mappingIsSure(unsure.mapping, catalog)).to.equal(false);
  });

  it('writes row lists a person can find', () => {
    expect(describeRows([3, 5, 6, 7, 9])).to.equal('3, 5–7, 9');
  });
});
