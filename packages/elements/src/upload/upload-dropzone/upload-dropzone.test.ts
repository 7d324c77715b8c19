import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../define.js';
import type { UploadRefusedEvent } from '../upload-events.js';
import type { UploadFileEvent } from '../upload-events.js';
import { describe, it, afterEach, expectNoLitWarnings } from '../test-globals.js';
import type { UploadDropzone } from './upload-dropzone.js';

const csv = (name: string, text = 'a,b\n1,2\n') => new File([text], name, { type: 'text/csv' });

function refusal(el: UploadDropzone) {
  return el.shadowRoot!.querySelector('[part=refusal]')!.textContent!.trim();
}

describe('codat-link-upload-dropzone', () => {
  afterEach(expectNoLitWarnings);
  it('accepts one CSV file and hands it on', async () => {
    const el = await fixture<UploadDropzone>(html`<codat-link-upload-dropzone></codat-link-upload-dropzone>`);
    const file = csv('suppliers.csv');
    setTimeout(() => el.offer([file]));
    const event = (await oneEvent(el, 'codat-link-upload-file')) as unknown as UploadFileEvent;
    expect(event.file).to.equal(file);
    expect(refusal(el)).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('refuses a second file, a wrong type, an empty file and an oversize file, in plain words', async () => {
    const el = await fixture<UploadDropzone>(html`<codat-link-upload-dropzone max-bytes="20"></codat-link-upload-dropzone>`);
    const codes: string[] = [];
    el.addEventListener('codat-link-upload-refused', (e) => codes.push((e as UploadRefusedEvent).code));
    let accepted = 0;
    el.addEventListener('codat-link-upload-file', () => (accepted += 1));

    el.offer([csv('a.csv'), csv('b.csv')]);
    await el.updateComplete;
    expect(refusal(el)).to.equal('Drop one file at a time. You dropped 2 files.');

    el.offer([new File(['%PDF'], 'bills.pdf')]);
    await el.updateComplete;
    expect(refusal(el)).to.contain('“bills.pdf” is not a file we can read');

    el.offer([new File([], 'empty.csv')]);
    await el.updateComplete;
    expect(refusal(el)).to.equal('“empty.csv” is empty.');

    el.offer([csv('big.csv', 'x'.repeat(100))]);
    await el.updateComplete;
    expect(refusal(el)).to.equal('“big.csv” is 100 B, over the 20 B limit. Export a shorter period or split the file.');

    expect(codes).to.deep.equal(['too_many_files', 'unsupported_type', 'empty_file', 'file_too_large']);
    expect(accepted).to.equal(0);
    expect(el.shadowRoot!.querySelector('[part=refusal]')!.getAttribute('role')).to.equal('alert');
  });

  it('takes a dropped file from a drag and drop', async () => {
    const el = await fixture<UploadDropzone>(html`<codat-link-upload-dropzone></codat-link-upload-dropzone>`);
    const zone = el.shadowRoot!.querySelector('[part=base]')!;
    const data = new DataTransfer();
    data.items.add(csv('bills.csv'));
    setTimeout(() => zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true })));
    const event = (await oneEvent(el, 'codat-link-upload-file')) as unknown as UploadFileEvent;
    expect(event.file.name).to.equal('bills.csv');
  });

  it('speaks French', async () => {
    const el = await fixture<UploadDropzone>(html`<codat-link-upload-dropzone locale="fr"></codat-link-upload-dropzone>`);
    expect(el.shadowRoot!.querySelector('[part=choose]')!.textContent!.trim()).to.equal('Choisir un fichier');
    el.offer([csv('a.csv'), csv('b.csv')]);
    await el.updateComplete;
    expect(refusal(el)).to.equal('Déposez un seul fichier à la fois. Vous en avez déposé 2.');
  });
});
