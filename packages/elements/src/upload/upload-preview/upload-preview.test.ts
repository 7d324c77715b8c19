import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../define.js';
import { describe, it, afterEach, bringToFront, sendToBack, expectNoLitWarnings } from '../test-globals.js';
import type { UploadPreview } from './upload-preview.js';
import type { IntakeView, PreviewRow } from '../upload-types.js';

/** A long problem message: it wraps, so its row is taller than one line per problem. */
const LONG = 'This value does not look like anything the report expects, and it is kept as typed. '.repeat(4);

/**
 * `count` rows; with `problems`, one row in 100 has an error under it. With `tall`, one row in 300
 * has three problems, one of them long enough to wrap: rows of four different heights.
 */
function view(count: number, { problems = true, tall = false } = {}): IntakeView {
  const rows: PreviewRow[] = [];
  for (let i = 0; i < count; i += 1) {
    const bad = problems && i % 100 === 7;
    const issue = (message: string) => ({ row: i + 2, field: 'issueDate', code: 'invalid_date', severity: 'error' as const, message });
    const issues = !bad
      ? []
      : tall && i % 300 === 7
        ? [issue(`Issue date “x${i}” is not a date.`), issue(LONG), issue('Also this.')]
        : [issue(`Issue date “x${i}” is not a date.`)];
    rows.push({
      row: i + 2,
      values: { billNumber: `INV-${i}`, supplierName: i === 0 ? '=HYPERLINK("http://evil")' : `<b>Supplier ${i}</b>`, totalAmount: i * 1.5 },
      issues,
      worst: bad ? 'error' : null,
    });
  }
  return {
    kind: 'bills',
    fileName: 'bills.csv',
    headers: ['Invoice', 'Vendor', 'Total'],
    samples: {},
    mapping: [
      { field: 'billNumber', required: true, source: 'Invoice', confidence: 1, manual: false },
      { field: 'supplierName', required: true, source: 'Vendor', confidence: 1, manual: false },
      { field: 'totalAmount', required: true, source: 'Total', confidence: 1, manual: false },
      { field: 'dueDate', required: false, source: null, confidence: 0, manual: false },
    ],
    rows,
    fileIssues: [{ code: 'date_order_ambiguous', severity: 'warning', message: 'Dates could be day/month or month/day.' }],
    counts: { error: Math.ceil((count - 7) / 100), warning: 1, info: 0 },
    looksLike: null,
    sendable: [],
    refusedRows: [],
    raw: null,
  };
}

const renderedRows = (el: UploadPreview) => [...el.shadowRoot!.querySelectorAll('.body [role=row]')];

const frames = (n: number) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });

/**
 * Scrolls the preview's table to `positions` evenly spread points, top to bottom, and reports at each
 * the rows a person sees (rows whose box meets the table's visible area below the sticky header) and
 * how many fit in that area. The rows are all one height (no problems), so both must agree.
 */
async function scrollAndCount(el: UploadPreview, positions: number) {
  const table = el.shadowRoot!.querySelector<HTMLElement>('[part=table]')!;
  const header = el.shadowRoot!.querySelector<HTMLElement>('.head')!;
  const seen: { at: number; visible: number; fit: number; first: string }[] = [];
  for (let i = 0; i < positions; i += 1) {
    const at = Math.round(((table.scrollHeight - table.clientHeight) * i) / (positions - 1));
    table.scrollTop = at;
    const count = () => {
      const box = table.getBoundingClientRect();
      const top = header.getBoundingClientRect().bottom;
      const bottom = box.top + table.clientTop + table.clientHeight;
      const rows = renderedRows(el).filter((r) => {
        const rect = r.getBoundingClientRect();
        return rect.height > 0 && rect.bottom > top + 0.5 && rect.top < bottom - 0.5;
      });
      const height = rows[0]?.getBoundingClientRect().height ?? 0;
      return {
        visible: rows.length,
        fit: height > 0 ? Math.ceil((bottom - top) / height) : -1,
        first: rows[0]?.querySelector('[role=rowheader]')?.textContent ?? '',
      };
    };
    // The window follows the scroll within a few frames; the count is taken once it settled.
    let last = count();
    for (let tries = 0; tries < 30; tries += 1) {
      await frames(2);
      const now = count();
      if (now.visible === last.visible && now.first === last.first && now.visible > 0) break;
      last = now;
    }
    seen.push({ at, ...count() });
  }
  return seen;
}

/**
 * The rendered rows from the top of the table's visible area (under the sticky header) to its
 * bottom: they must follow one another (consecutive aria-rowindex, each row's top at the previous
 * row's bottom) and cover the whole area, whatever their heights.
 */
function coverage(el: UploadPreview) {
  const table = el.shadowRoot!.querySelector<HTMLElement>('[part=table]')!;
  const top = el.shadowRoot!.querySelector<HTMLElement>('.head')!.getBoundingClientRect().bottom;
  const bottom = table.getBoundingClientRect().top + table.clientTop + table.clientHeight;
  const rows = renderedRows(el)
    .map((r) => ({ index: Number(r.getAttribute('aria-rowindex')), rect: r.getBoundingClientRect() }))
    .filter((r) => r.rect.bottom > top + 0.5 && r.rect.top < bottom - 0.5);
  const problems: string[] = [];
  if (rows.length === 0) problems.push('no row');
  else {
    if (rows[0]!.rect.top > top + 0.5) problems.push(`a gap of ${rows[0]!.rect.top - top} px at the top`);
    // Short of the bottom only when the last row is the file's last.
    if (rows.at(-1)!.rect.bottom < bottom - 0.5 && rows.at(-1)!.index !== Number(table.getAttribute('aria-rowcount')))
      problems.push(`a gap of ${bottom - rows.at(-1)!.rect.bottom} px at the bottom`);
    for (let i = 1; i < rows.length; i += 1) {
      if (rows[i]!.index !== rows[i - 1]!.index + 1) problems.push(`row ${rows[i]!.index} after ${rows[i - 1]!.index}`);
      if (Math.abs(rows[i]!.rect.top - rows[i - 1]!.rect.bottom) > 0.5) problems.push(`row ${rows[i]!.index} not at the bottom of ${rows[i - 1]!.index}`);
    }
  }
  return { problems, first: rows[0]?.index ?? 0, firstTop: rows[0]?.rect.top ?? 0, heights: new Set(rows.map((r) => Math.round(r.rect.height))).size };
}

/** Every position shows rows, as many as the area holds (one more when a row is cut at each edge). */
function expectFullWindows(seen: Awaited<ReturnType<typeof scrollAndCount>>) {
  for (const s of seen) {
    expect(s.visible, `rows seen at scrollTop ${s.at}: ${JSON.stringify(seen)}`).to.be.greaterThan(0);
    expect(s.visible, `rows seen at scrollTop ${s.at}: ${JSON.stringify(seen)}`).to.be.within(s.fit, s.fit + 1);
  }
}

describe('codat-link-upload-preview', () => {
  afterEach(expectNoLitWarnings);

  it('renders only a window of a 50k-row file, with cells as text and counts by severity', async function () {
    this.timeout(30_000);
    const el = await fixture<UploadPreview>(html`<codat-link-upload-preview .view=${view(50_000)}></codat-link-upload-preview>`);
    // The window is rendered with the update, in a background tab too.
    expect(renderedRows(el).length, `no row rendered (page ${document.visibilityState})`).to.be.above(0);
    const rows = renderedRows(el);
    expect(rows.length).to.be.within(1, 200);
    expect(rows[0]!.textContent).to.contain('=HYPERLINK("http://evil")');
    expect(rows[1]!.querySelector('b')).to.equal(null);
    expect(rows[1]!.textContent).to.contain('<b>Supplier 1</b>');
    expect(el.shadowRoot!.querySelector('[part=counts]')!.textContent!.trim()).to.equal('500 errors, 1 warning, 0 notes');
    const headers = [...el.shadowRoot!.querySelectorAll('[role=columnheader]')].map((h) => h.textContent!.trim());
    expect(headers).to.deep.equal(['Row', 'Invoice number', 'Supplier name', 'Total amount']);
    expect(el.shadowRoot!.querySelector('[part=file-issues]')!.textContent).to.contain('Dates could be day/month');
  });

  it('filters to rows with problems and shows each problem under its row', async () => {
    const el = await fixture<UploadPreview>(html`<codat-link-upload-preview .view=${view(1000)}></codat-link-upload-preview>`);
    el.shadowRoot!.querySelector<HTMLInputElement>('[part=filter] input')!.click();
    await el.updateComplete;
    await waitUntil(() => renderedRows(el).length === 10, 'the filter did not apply', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('.shown')!.textContent!.trim()).to.equal('10 of 1,000 rows shown');
    const first = renderedRows(el)[0]!;
    expect(first.textContent).to.contain('INV-7').and.contain('Error').and.contain('Issue date “x7” is not a date.');
    await expect(el).to.be.accessible();
  });

  it('asks for the issues CSV', async () => {
    const el = await fixture<UploadPreview>(html`<codat-link-upload-preview locale="fr" .view=${view(10)}></codat-link-upload-preview>`);
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=download]')!;
    expect(button.textContent!.trim()).to.equal('Télécharger les problèmes (CSV)');
    setTimeout(() => button.click());
    await oneEvent(el, 'codat-link-upload-download-issues');
  });

  /** The preview of `data` in the page (inline) or in a modal dialog; `done()` removes the dialog. */
  async function place(layout: 'inline' | 'modal', data: IntakeView) {
    if (layout === 'inline')
      return { el: await fixture<UploadPreview>(html`<codat-link-upload-preview .view=${data}></codat-link-upload-preview>`), done: () => undefined };
    const dialog = document.createElement('dialog');
    document.body.append(dialog);
    const el = document.createElement('codat-link-upload-preview') as UploadPreview;
    el.view = data;
    dialog.append(el);
    dialog.showModal();
    await el.updateComplete;
    return { el, done: () => dialog.remove() };
  }

  for (const rows of [100_000, 500_000]) {
    for (const layout of ['inline', 'modal'] as const) {
      it(`shows a full window of rows at every scroll position of a ${rows / 1000}k-row file (${layout})`, async function () {
        this.timeout(60_000);
        // Scroll events come in animation frames, which only the visible tab gets.
        expect(await bringToFront(), 'the page could not become the visible tab').to.equal(true);
        const { el, done } = await place(layout, view(rows, { problems: false }));
        try {
          // The window is rendered with the update: no frame to wait for.
          expect(renderedRows(el).length).to.be.within(1, 60);
          const table = el.shadowRoot!.querySelector<HTMLElement>('[part=table]')!;
          expect(table.getAttribute('aria-rowcount')).to.equal(String(rows + 1));
          expectFullWindows(await scrollAndCount(el, 10));
          // The last row is the file's last.
          const last = renderedRows(el).at(-1)!;
          expect(last.getAttribute('aria-rowindex')).to.equal(String(rows + 1));
          expect(last.querySelector('[role=rowheader]')!.textContent).to.equal((rows + 1).toLocaleString('en'));
          // And back up: the rows at the top come back.
          table.scrollTop = 0;
          await frames(2);
          expect(renderedRows(el)[0]!.getAttribute('aria-rowindex')).to.equal('2');
          expectFullWindows(await scrollAndCount(el, 2));
          expect(renderedRows(el).length, 'rows in the DOM').to.be.below(60);
        } finally {
          done();
        }
      });
    }
  }

  it('rows of different heights (problems under them, a long one wrapping) follow one another at every scroll position', async function () {
    this.timeout(60_000);
    expect(await bringToFront(), 'the page could not become the visible tab').to.equal(true);
    const el = await fixture<UploadPreview>(html`<codat-link-upload-preview .view=${view(100_000, { tall: true })}></codat-link-upload-preview>`);
    const table = el.shadowRoot!.querySelector<HTMLElement>('[part=table]')!;
    const seen: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      table.scrollTop = Math.round(((table.scrollHeight - table.clientHeight) * i) / 9);
      await frames(3);
      const c = coverage(el);
      seen.push(...c.problems.map((p) => `at ${table.scrollTop}: ${p}`));
    }
    // Up from the middle, a screen at a time, through rows measured for the first time: the row at
    // the top moves by what was scrolled, not by the estimates corrected above it.
    table.scrollTop = Math.round(table.scrollHeight / 2);
    await frames(3);
    let tall = 0;
    for (let i = 0; i < 40; i += 1) {
      const before = coverage(el);
      const from = table.scrollTop;
      table.scrollTop = from - 150;
      await frames(3);
      const after = coverage(el);
      seen.push(...after.problems.map((p) => `up ${i}: ${p}`));
      tall = Math.max(tall, after.heights);
      // What was asked (the window may move the scroll position further, to keep the rows still).
      const moved = Math.min(150, from);
      const row = renderedRows(el).find((r) => Number(r.getAttribute('aria-rowindex')) === before.first)!;
      const shift = row.getBoundingClientRect().top - before.firstTop - moved;
      if (Math.abs(shift) > 1) seen.push(`up ${i}: row ${before.first} moved ${shift} px more than the scroll`);
    }
    expect(seen).to.deep.equal([]);
    expect(tall, 'rows of several heights were seen').to.be.greaterThan(1);
  });

  it('renders rows while in a background tab, and follows a scroll made there once visible again', async function () {
    this.timeout(60_000);
    expect(await sendToBack(), 'the page could not become a background tab').to.equal(true);
    let el: UploadPreview | undefined;
    try {
      el = await fixture<UploadPreview>(html`<codat-link-upload-preview .view=${view(100_000, { problems: false })}></codat-link-upload-preview>`);
      // No animation frame runs here; the first window is rendered with the update.
      expect(document.visibilityState).to.equal('hidden');
      expect(coverage(el).problems).to.deep.equal([]);
      const table = el.shadowRoot!.querySelector<HTMLElement>('[part=table]')!;
      table.scrollTop = Math.round(table.scrollHeight / 2);
    } finally {
      expect(await bringToFront(), 'the page could not become the visible tab').to.equal(true);
    }
    await frames(3);
    const c = coverage(el);
    expect(c.problems).to.deep.equal([]);
    expect(c.first).to.be.within(49_000, 51_000);
    expectFullWindows(await scrollAndCount(el, 10));
  });

  it('maps rows taller than a box may be (700k rows, over 2^24 px) onto the scroll range, first row to last', async function () {
    this.timeout(60_000);
    expect(await bringToFront(), 'the page could not become the visible tab').to.equal(true);
    const el = await fixture<UploadPreview>(html`<codat-link-upload-preview .view=${view(700_000, { problems: false })}></codat-link-upload-preview>`);
    const table = el.shadowRoot!.querySelector<HTMLElement>('[part=table]')!;
    expect(table.scrollHeight).to.be.at.most(2 ** 24 + 100);
    expectFullWindows(await scrollAndCount(el, 10));
    expect(renderedRows(el).at(-1)!.getAttribute('aria-rowindex')).to.equal('700001');
    // Small steps in the middle (a wheel, the arrow keys) still show rows that follow one another.
    table.scrollTop = Math.round(table.scrollHeight / 2);
    await frames(2);
    for (let i = 0; i < 10; i += 1) {
      table.scrollTop += 40;
      await frames(2);
      expect(coverage(el).problems, `step ${i}`).to.deep.equal([]);
    }
  });

  it('scrolls by keyboard: the table takes focus and Page Down brings the next rows', async function () {
    expect(await bringToFront(), 'the page could not become the visible tab').to.equal(true);
    const el = await fixture<UploadPreview>(html`<codat-link-upload-preview .view=${view(100_000, { problems: false })}></codat-link-upload-preview>`);
    const table = el.shadowRoot!.querySelector<HTMLElement>('[part=table]')!;
    table.focus();
    for (let i = 0; i < 3; i += 1) await sendKeys({ press: 'PageDown' });
    await waitUntil(() => coverage(el).first > 20, 'Page Down did not scroll', { timeout: 5000 });
    expect(coverage(el).problems).to.deep.equal([]);
    await sendKeys({ press: 'End' });
    await waitUntil(() => renderedRows(el).at(-1)?.getAttribute('aria-rowindex') === '100001', 'End did not reach the last row', { timeout: 5000 });
    expect(coverage(el).problems).to.deep.equal([]);
  });

  it('the filter on a windowed file shows the rows with problems from their top, and off again all rows', async () => {
    const el = await fixture<UploadPreview>(html`<codat-link-upload-preview .view=${view(50_000)}></codat-link-upload-preview>`);
    const table = el.shadowRoot!.querySelector<HTMLElement>('[part=table]')!;
    table.scrollTop = table.scrollHeight - table.clientHeight;
    table.dispatchEvent(new Event('scroll'));
    el.onlyProblems = true;
    await el.updateComplete;
    // 500 rows with problems: still windowed, from the first one.
    expect(table.getAttribute('aria-rowcount')).to.equal('501');
    expect(renderedRows(el)[0]!.textContent).to.contain('INV-7');
    expect(coverage(el).problems).to.deep.equal([]);
    el.onlyProblems = false;
    await el.updateComplete;
    expect(renderedRows(el)[0]!.textContent).to.contain('INV-0');
    expect(coverage(el).problems).to.deep.equal([]);
  });

  it('is accessible when windowed: the table says how many rows there are, each row its index', async () => {
    const el = await fixture<UploadPreview>(html`<codat-link-upload-preview .view=${view(1000)}></codat-link-upload-preview>`);
    const table = el.shadowRoot!.querySelector<HTMLElement>('[part=table]')!;
    expect(table.getAttribute('aria-rowcount')).to.equal('1001');
    expect(table.tabIndex).to.equal(0);
    table.scrollTop = 10_000;
    table.dispatchEvent(new Event('scroll'));
    const first = renderedRows(el)[0]!;
    expect(Number(first.getAttribute('aria-rowindex'))).to.be.above(200);
    expect(first.querySelector('[role=rowheader]')!.textContent).to.equal(String(Number(first.getAttribute('aria-rowindex'))));
    await expect(el).to.be.accessible();
  });
});

describe('codat-link-upload-preview columns', () => {
  afterEach(expectNoLitWarnings);
  it('sizes columns to their content, lines headers up with cells, and keeps row numbers in view when scrolled sideways', async () => {
    const data = view(30, { problems: false });
    data.rows[3]!.values['supplierName'] = 'Fulcrum Industrial Facilities Management';
    const el = await fixture<UploadPreview>(html`<div style="width: 360px"><codat-link-upload-preview .view=${data}></codat-link-upload-preview></div>`);
    const preview = el.querySelector('codat-link-upload-preview') as unknown as UploadPreview;
    await preview.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
    const root = preview.shadowRoot!;
    const headers = [...root.querySelectorAll('[role=columnheader]')] as HTMLElement[];
    const first = root.querySelector('.body [role=row]')!;
    const cells = [...first.querySelectorAll('[role=rowheader], [role=cell]')] as HTMLElement[];
    // Header and cell of each column start at the same x (a bold header used to be wider).
    headers.forEach((h, i) => expect(Math.abs(h.getBoundingClientRect().left - cells[i]!.getBoundingClientRect().left)).to.be.below(1));
    // "Supplier 1" fits whole: before, every column was squeezed into the width ("Supplier…").
    const name = cells[2]!;
    expect(name.scrollWidth).to.be.at.most(name.clientWidth);
    expect(headers[2]!.scrollWidth).to.be.at.most(headers[2]!.clientWidth);
    // A value longer than the column's bound is cut, and its whole text is on hover.
    const long = root.querySelectorAll('.body [role=row]')[3]!.querySelectorAll('[role=cell]')[1] as HTMLElement;
    expect(long.title).to.equal('Fulcrum Industrial Facilities Management');
    // The table scrolls sideways; the row number stays where it was.
    const table = root.querySelector<HTMLElement>('.table')!;
    expect(table.scrollWidth).to.be.above(table.clientWidth);
    const before = cells[0]!.getBoundingClientRect().left;
    table.scrollLeft = 200;
    await new Promise((r) => requestAnimationFrame(r));
    expect(Math.abs(cells[0]!.getBoundingClientRect().left - before)).to.be.below(1);
    await expect(preview).to.be.accessible();
  });

  it('fits the row number header and the largest row number, in French too ("Ligne" was cut to "Lig…")', async () => {
    const data = view(30, { problems: false });
    data.rows.at(-1)!.row = 123456;
    const el = await fixture<UploadPreview>(
      html`<div style="width: 360px"><codat-link-upload-preview locale="fr" .view=${data}></codat-link-upload-preview></div>`,
    );
    const preview = el.querySelector('codat-link-upload-preview') as unknown as UploadPreview;
    await preview.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
    const header = preview.shadowRoot!.querySelector<HTMLElement>('[role=columnheader]')!;
    expect(header.textContent).to.equal('Ligne');
    expect(header.scrollWidth).to.be.at.most(header.clientWidth);
  });

  it('an element wider than 640 px gets the wide layout: one toolbar line, a taller table, long values whole, the width shared out', async () => {
    // It waits for animation frames, which only the visible tab gets.
    expect(await bringToFront(), 'the page could not become the visible tab').to.equal(true);
    const data = view(30, { problems: false });
    data.rows[3]!.values['supplierName'] = 'Fulcrum Industrial Facilities Management';
    const measure = async (width: number) => {
      const el = await fixture<HTMLElement>(
        html`<div style=${`width: ${width}px`}><codat-link-upload-preview .view=${data}></codat-link-upload-preview></div>`,
      );
      const preview = el.querySelector('codat-link-upload-preview') as unknown as UploadPreview;
      await preview.updateComplete;
      await new Promise((r) => requestAnimationFrame(r));
      const root = preview.shadowRoot!;
      const table = root.querySelector<HTMLElement>('.table')!;
      const top = (selector: string) => root.querySelector(selector)!.getBoundingClientRect().top;
      const long = root.querySelectorAll('.body [role=row]')[3]!.querySelectorAll('[role=cell]')[1] as HTMLElement;
      const row = root.querySelector<HTMLElement>('.body [role=row]')!;
      return {
        tableHeight: table.getBoundingClientRect().height,
        oneLine: Math.abs(top('[part=counts]') - top('[part=filter]')) < 8,
        downloadRight: root.querySelector('[part=download]')!.getBoundingClientRect().right,
        longCut: long.scrollWidth > long.clientWidth,
        rowFills: row.getBoundingClientRect().width >= table.clientWidth - 1,
        sideways: table.scrollWidth > table.clientWidth,
        right: el.getBoundingClientRect().right,
      };
    };
    // The wide table's height follows the viewport's (60%, within bounds).
    await setViewport({ width: 1280, height: 900 });
    const narrow = await measure(480);
    const wide = await measure(900);
    // 480 px: the narrow layout (24rem table, the long name cut, the table scrolls sideways).
    expect(narrow.tableHeight).to.be.closeTo(24 * 16, 2);
    expect(narrow.longCut).to.equal(true);
    expect(narrow.sideways).to.equal(true);
    // 900 px: taller, the counts and the filter on one line, the download at the right edge, the
    // long name whole, the columns filling the table with nothing to scroll sideways.
    expect(wide.tableHeight).to.be.above(narrow.tableHeight);
    expect(wide.oneLine).to.equal(true);
    expect(wide.right - wide.downloadRight).to.be.below(2);
    expect(wide.longCut).to.equal(false);
    expect(wide.rowFills).to.equal(true);
    expect(wide.sideways).to.equal(false);
  });
});
