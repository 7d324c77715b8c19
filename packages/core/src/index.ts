export * from './errors.js';
export * from './backend.js';
export * from './catalog.js';
