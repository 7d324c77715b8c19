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
});
