/**
 * The drop-in entry: `<script type="module" src=".../codat-link.js">` and the tags work.
 * Built by vite into dist/cdn/codat-link.js. The HTTP adapter and the upload steps are loaded
 * on demand, so the first step renders with Lit, the machine and zod/mini only.
 */
import './define.js';
export * from './index.js';
