/**
 * The sandbox backend, in its own chunk: a partner with a real backend never downloads the
 * in-memory one nor the catalog it serves.
 */
export { MemoryBackend } from '@codat-link/core';
