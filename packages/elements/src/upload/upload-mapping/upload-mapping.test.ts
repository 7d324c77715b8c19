import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../define.js';
import type { UploadMappingEvent } from '../upload-events.js';
import { describe, it, afterEach, expectNoLitWarnings } from '../test-globals.js';
import type { UploadMapping } from './upload-mapping.js';
import type { FieldMapping } from '../upload-types.js';

const mapping: FieldMapping[] = [
  { field: 'supplierName', required: true, source: 'Vendor Name', confidence: 0.95, manual: false },
  { field: 'supplierId', required: false, source: 'Vendor No', confidence: 0.7, manual: false },
  { field: 'country', required: false, source: null, confidence: 0, manual: false },
];
const headers = ['Vendor No', 'Vendor Name', 'Land'];

describe('codat-link-upload-mapping', () => {
  afterEach(expectNoLitWarnings);
  it('shows each field with its column and confidence, and applies a changed choice', async () => {
    const el = await fixture<UploadMapping>(html`<codat-link-upload-mapping .mapping=${mapping} .headers=${headers}></codat-link-upload-mapping>`);
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => tr.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows[0]).to.contain('Supplier name (required)').and.contain('Sure (95%)');
    expect(rows[1]).to.contain('Likely (70%)');
    const country = el.shadowRoot!.querySelector<HTMLSelectElement>('#field-country')!;
    expect(country.value).to.equal('');
    country.value = 'Land';
    country.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('tbody tr')[2]!.textContent).to.contain('Your choice');
    setTimeout(() => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=apply]')!.click());
    const event = (await oneEvent(el, 'codat-link-upload-mapping')) as unknown as UploadMappingEvent;
    expect(event.mapping).to.deep.equal({ supplierName: 'Vendor Name', supplierId: 'Vendor No', country: 'Land' });
    await expect(el).to.be.accessible();
  });

  it('refuses to apply while a required field has no column, naming it', async () => {
    const el = await fixture<UploadMapping>(html`<codat-link-upload-mapping .mapping=${mapping} .headers=${headers}></codat-link-upload-mapping>`);
    const name = el.shadowRoot!.querySelector<HTMLSelectElement>('#field-supplierName')!;
    name.value = '';
    name.dispatchEvent(new Event('change'));
    let applied = false;
    el.addEventListener('codat-link-upload-mapping', () => (applied = true));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=apply]')!.click();
    await el.updateComplete;
    expect(applied).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part=missing]')!.textContent!.trim()).to.equal('Pick a column for: Supplier name.');
    expect(name.getAttribute('aria-invalid')).to.equal('true');
  });

  it('shows a few values of the chosen column, follows a new choice, and says when values alone matched', async () => {
    const samples = { 'Vendor No': ['V-001', 'V-002', 'V-003', 'V-004'], 'Vendor Name': ['Acme Ltd', '‮gnp.exe', ''], Land: ['GB', 'FR'] };
    const guessed: FieldMapping[] = [
      { field: 'supplierName', required: true, source: 'Vendor Name', confidence: 0.45, manual: false, reason: 'values' },
      { field: 'supplierId', required: false, source: 'Vendor No', confidence: 0.98, manual: false, reason: 'header' },
      { field: 'country', required: false, source: null, confidence: 0, manual: false },
    ];
    const el = await fixture<UploadMapping>(
      html`<codat-link-upload-mapping .mapping=${guessed} .headers=${headers} .samples=${samples}></codat-link-upload-mapping>`,
    );
    const root = el.shadowRoot!;
    const cells = () => [...root.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('td')!.textContent!.replace(/\s+/g, ' ').trim());
    // Three values at most, blanks left out; customer text isolated so it cannot reorder the line.
    expect(cells()[1]).to.contain('In this column: V-001, V-002, V-003').and.not.contain('V-004');
    expect(root.querySelectorAll('#field-supplierName-samples bdi')).to.have.length(2);
    expect(cells()[0]).to.contain('Matched from its values');
    expect(root.querySelector('#field-supplierId')!.getAttribute('aria-describedby')).to.equal('field-supplierId-samples');
    expect(root.querySelector('#field-country')!.hasAttribute('aria-describedby')).to.equal(false);
    const country = root.querySelector<HTMLSelectElement>('#field-country')!;
    country.value = 'Land';
    country.dispatchEvent(new Event('change'));
    const name = root.querySelector<HTMLSelectElement>('#field-supplierName')!;
    name.value = 'Vendor No';
    name.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(cells()[2]).to.contain('In this column: GB, FR');
    expect(cells()[0]).to.contain('V-001').and.not.contain('Matched from its values');
    await expect(el).to.be.accessible();
    el.locale = 'fr';
    await el.updateComplete;
    expect(cells()[2]).to.contain('Dans cette colonne : GB, FR');
  });
});
