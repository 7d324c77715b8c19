import { render, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';

/**
 * The body of the scrolling table is this tall at most, in CSS px: 2^24, under Firefox's limit on a
 * box's height (about 17.9 million px; Chromium's is about 33.5 million). 500k rows of one line fit
 * (about 16.5 million px); a taller list is mapped onto it (see `#toContent`).
 */
const MAX_BODY_PX = 2 ** 24;
/** Rows rendered beyond each edge of the visible area, in px. */
const OVERSCAN_PX = 100;
/** Until a row has been measured: one line of cells (1.5rem, its padding and border) at 16 px. */
const GUESS_ROW_PX = 33;
const GUESS_ISSUE_PX = 24;
/**
 * Passes of render → measure in one layout. The first is the only one unless measured heights differ
 * from their estimates (rows measured for the first time, with problems under them).
 */
const MAX_PASSES = 6;

export interface RowWindowOptions {
  /** The element that scrolls (the table). */
  scroller: HTMLElement;
  /** The sticky header inside the scroller, above the body: it hides the rows under it. */
  header: HTMLElement;
  /** The rows' container, after the header; its children are the rendered rows, nothing else. */
  body: HTMLElement;
}

/**
 * Windowing of a long list of rows of variable height inside a scrolling element: only the rows in
 * view (and OVERSCAN_PX each side) are in the DOM, after a top padding that stands for the rows
 * above; the body is as tall as all rows together (or mapped onto MAX_BODY_PX).
 *
 * Heights: a row is estimated until it has been rendered once, then its measured height is kept.
 * The estimate is learned from the rows measured: one height for a row without problems, and per
 * problem line for the rows with problems (their list makes them taller). Offsets are prefix sums in
 * a Fenwick tree, so finding the row at a scroll position and the top of a row are O(log n), and a
 * measurement updates one entry in O(log n). When measured rows above the top of the view turn out
 * taller or shorter than estimated, the scroll position is moved by as much, so the rows in view
 * stay still. A width change (the wide layout, a resized dialog) can rewrap problem lines: the
 * measurements are then dropped and taken again as rows show.
 *
 * Each layout is synchronous (in the scroll event, or the owner's update): render the rows for the
 * visible range, place the padding and the body's height, measure the rows in one layout; again
 * only when the measurements differ from the estimates. No animation frame is awaited, so a page in a background tab
 * lays rows out too.
 */
export class RowWindow<T> {
  readonly #scroller: HTMLElement;
  readonly #header: HTMLElement;
  readonly #body: HTMLElement;
  #items: readonly T[] = [];
  #renderItem: (item: T, index: number) => TemplateResult = () => {
    throw new Error('RowWindow: set() before layout()');
  };
  #issues: (item: T) => number = () => 0;

  /** Measured heights (0: not measured yet). */
  #measured = new Float64Array(0);
  /** Fenwick tree of the heights in use (measured, or estimated). */
  #tree = new Float64Array(1);
  #total = 0;
  /** The estimates, learned from measured rows. */
  #rowPx = GUESS_ROW_PX;
  #issuePx = GUESS_ISSUE_PX;
  #rowSamples = 0;
  #issueSamples = 0;
  #issueLinesSeen = 0;
  #issueExtraSeen = 0;

  #first = 0;
  #last = 0;
  /** How many row elements are recycled: the longest window so far, so keys in a window are distinct. */
  #pool = 1;
  #width = -1;
  #dirty = true;
  #resize: ResizeObserver | undefined;
  readonly #onScroll = () => this.layout();
  readonly #onVisible = () => {
    if (document.visibilityState === 'visible') this.layout();
  };

  constructor({ scroller, header, body }: RowWindowOptions) {
    this.#scroller = scroller;
    this.#header = header;
    this.#body = body;
    body.style.boxSizing = 'border-box';
    // The window places rows itself and moves the scroll position when heights change above the
    // view; the browser's scroll anchoring would move it a second time.
    scroller.style.setProperty('overflow-anchor', 'none');
    scroller.addEventListener('scroll', this.#onScroll, { passive: true });
    document.addEventListener('visibilitychange', this.#onVisible);
    // The table's size changes with the layout (the wide layout is taller, a dialog opens).
    if (typeof ResizeObserver === 'function') {
      this.#resize = new ResizeObserver(() => {
        this.#dirty = true;
        this.layout();
      });
      this.#resize.observe(scroller);
    }
  }

  /** The rows and how to render one; a row's problem count feeds its estimated height. */
  set(items: readonly T[], renderItem: (item: T, index: number) => TemplateResult, issues: (item: T) => number): void {
    this.#renderItem = renderItem;
    this.#issues = issues;
    if (items !== this.#items) {
      // Other rows (another file, the filter): from their top, not from a position in the old ones.
      if (this.#items.length > 0) this.#scroller.scrollTop = 0;
      this.#items = items;
      this.#measured = new Float64Array(items.length);
      this.#rebuild();
      this.#first = 0;
      this.#last = 0;
    }
    this.#dirty = true;
  }

  /** The container the rows are rendered into. */
  get body(): HTMLElement {
    return this.#body;
  }

  disconnect(): void {
    this.#scroller.removeEventListener('scroll', this.#onScroll);
    document.removeEventListener('visibilitychange', this.#onVisible);
    this.#resize?.disconnect();
  }

  /** Renders the rows in view, measures them and places them. */
  layout(): void {
    const n = this.#items.length;
    if (!this.#body.isConnected) return;
    const width = this.#scroller.clientWidth;
    if (width !== this.#width) {
      // Problem lines can wrap differently: what was measured no longer holds.
      if (this.#width !== -1) this.#forget();
      this.#width = width;
      this.#dirty = true;
    }
    for (let pass = 0; pass < MAX_PASSES; pass += 1) {
      const view = this.#viewport();
      const top = this.#toContent(view.top, view.height);
      // What the person sees now: the row at the top of the view and how far into it.
      const anchor = n > 0 ? this.#indexAt(top) : 0;
      const anchorOffset = top - this.#offsetOf(anchor);
      let first = n > 0 ? this.#indexAt(Math.max(0, top - OVERSCAN_PX)) : 0;
      let last = n > 0 ? this.#indexAt(top + view.height + OVERSCAN_PX) + 1 : 0;
      first = Math.min(first, n);
      last = Math.min(Math.max(last, first), n);
      const moved = first !== this.#first || last !== this.#last;
      if (moved || this.#dirty) {
        this.#first = first;
        this.#last = last;
        this.#dirty = false;
        const items = this.#items.slice(first, last);
        // Keys recycle the rows' elements: a row scrolled out at one edge becomes the row scrolled in
        // at the other (one element moved and its text set, the others untouched), and after a jump
        // every element is reused rather than rebuilt.
        this.#pool = Math.max(this.#pool, last - first);
        const pool = this.#pool;
        render(
          repeat(
            items,
            (_, i) => (first + i) % pool,
            (item, i) => this.#renderItem(item, first + i),
          ),
          this.#body,
        );
        // Placed before measuring: the rows are laid out once, where they go.
        this.#place(view.top, view.height);
      } else {
        // The same rows: nothing to measure, unless the rows are mapped onto a shorter body, where
        // the padding follows the scroll position.
        if (this.#total > this.#bodyHeight()) this.#place(view.top, view.height);
        return;
      }
      // One layout, then reads only.
      if (!this.#measure()) return;
      // Heights differ from their estimates: the body's height and the padding change, and the
      // range is found again from the heights as measured.
      this.#place(view.top, view.height);
      if (anchor > 0) {
        // Rows above the view were taller or shorter than their estimate: the view keeps its row.
        const want = this.#toScroll(this.#offsetOf(anchor) + anchorOffset, view.height);
        if (Math.abs(want - view.top) >= 1) this.#scroller.scrollTop = want;
      }
    }
  }

  /** The visible part of the body: its top in the body's coordinates (the scroll position) and height. */
  #viewport(): { top: number; height: number } {
    // The header is sticky: it covers the top of the scroller's box, and the body starts under it.
    const height = Math.max(0, this.#scroller.clientHeight - this.#header.offsetHeight);
    return { top: this.#scroller.scrollTop, height };
  }

  /** The body's height: all rows, or the most a box can be. */
  #bodyHeight(): number {
    return Math.min(this.#total, MAX_BODY_PX);
  }

  /**
   * A scroll position (in the body) as a position in the rows. When the rows are taller than the
   * body may be, the positions are stretched so the last scroll position shows the last rows.
   */
  #toContent(scroll: number, view: number): number {
    const body = this.#bodyHeight();
    if (this.#total <= body || body <= view) return scroll;
    return (scroll * (this.#total - view)) / (body - view);
  }

  #toScroll(content: number, view: number): number {
    const body = this.#bodyHeight();
    if (this.#total <= body || body <= view) return content;
    return (content * (body - view)) / (this.#total - view);
  }

  /** The padding above the first rendered row and the body's height. */
  #place(scroll: number, view: number): void {
    const content = this.#toContent(scroll, view);
    // In the body's coordinates: where the scroll position maps the first row to.
    const top = Math.max(0, this.#offsetOf(this.#first) - content + scroll);
    this.#body.style.paddingTop = `${top}px`;
    this.#body.style.height = `${this.#bodyHeight()}px`;
  }

  /** Measures the rendered rows; true when a height in use changed. */
  #measure(): boolean {
    const rows = this.#body.children;
    const count = Math.min(rows.length, this.#last - this.#first);
    let changed = false;
    let learned = false;
    for (let i = 0; i < count; i += 1) {
      const index = this.#first + i;
      const height = rows[i]!.getBoundingClientRect().height;
      // A row out of layout (the table hidden) says nothing about its height.
      if (height <= 0) continue;
      const before = this.#measured[index]!;
      if (before === 0) {
        const issues = this.#issues(this.#items[index]!);
        if (issues === 0) {
          // One line of cells is one height: the first row measured gives it.
          this.#rowSamples += 1;
          if (this.#rowSamples === 1 && Math.abs(height - this.#rowPx) > 0.01) {
            this.#rowPx = height;
            learned = true;
          }
        } else {
          this.#issueSamples += 1;
          this.#issueLinesSeen += issues;
          this.#issueExtraSeen += height - this.#rowPx;
          const perIssue = Math.max(0, this.#issueExtraSeen / this.#issueLinesSeen);
          if (this.#issueSamples <= 8 && Math.abs(perIssue - this.#issuePx) > 0.5) {
            this.#issuePx = perIssue;
            learned = true;
          }
        }
      }
      if (Math.abs(height - before) > 0.01) {
        this.#measured[index] = height;
        const delta = height - (before || this.#estimate(index));
        if (delta !== 0) {
          this.#add(index, delta);
          changed = true;
        }
      }
    }
    if (learned) {
      this.#rebuild();
      changed = true;
    }
    return changed;
  }

  /** Drops the measurements and what was learned from them. */
  #forget(): void {
    this.#measured.fill(0);
    this.#rowSamples = 0;
    this.#issueSamples = 0;
    this.#issueLinesSeen = 0;
    this.#issueExtraSeen = 0;
    this.#rebuild();
  }

  #estimate(index: number): number {
    const issues = this.#issues(this.#items[index]!);
    return this.#rowPx + issues * this.#issuePx;
  }

  /** Builds the tree from the heights in use, in O(n). */
  #rebuild(): void {
    const n = this.#items.length;
    const tree = new Float64Array(n + 1);
    let total = 0;
    for (let i = 0; i < n; i += 1) {
      const h = this.#measured[i] || this.#estimate(i);
      total += h;
      tree[i + 1]! += h;
      const parent = i + 1 + ((i + 1) & -(i + 1));
      if (parent <= n) tree[parent]! += tree[i + 1]!;
    }
    this.#tree = tree;
    this.#total = total;
  }

  #add(index: number, delta: number): void {
    const tree = this.#tree;
    for (let i = index + 1; i < tree.length; i += i & -i) tree[i]! += delta;
    this.#total += delta;
  }

  /** The top of row `index`: the heights of the rows before it. */
  #offsetOf(index: number): number {
    let sum = 0;
    for (let i = Math.min(index, this.#tree.length - 1); i > 0; i -= i & -i) sum += this.#tree[i]!;
    return sum;
  }

  /** The row at `y` (clamped to the rows): the last row whose top is at or above y. */
  #indexAt(y: number): number {
    const tree = this.#tree;
    const n = tree.length - 1;
    let index = 0;
    let left = y;
    let step = 1;
    while (step * 2 <= n) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = index + step;
      if (next <= n && tree[next]! <= left) {
        index = next;
        left -= tree[next]!;
      }
    }
    return Math.min(index, n - 1);
  }
}
