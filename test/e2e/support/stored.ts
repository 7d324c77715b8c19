/** What the reference server stored, read straight from its SQLite database. */
import type { Demo } from './demo.js';

export interface StoredReport {
  /** Every stored record of that kind for the entity, in batch then row order. */
  records: Record<string, unknown>[];
  /** Batch indexes stored (one entry per stored batch). */
  batchIndexes: number[];
}

export function storedReport(demo: Demo, entityName: string, kind: 'suppliers' | 'bills' | 'supplierSpend'): StoredReport {
  const db = demo.server.store.db;
  const batches = db
    .prepare(
      `SELECT b.id, b.batch_index AS batchIndex FROM batches b
       JOIN connections c ON c.id = b.connection_id JOIN entities e ON e.id = c.entity_id
       WHERE e.name = ? AND b.kind = ? ORDER BY b.batch_index`,
    )
    .all(entityName, kind) as { id: number; batchIndex: number }[];
  const rows = db.prepare('SELECT data FROM records WHERE batch_id = ? ORDER BY row_index');
  return {
    batchIndexes: batches.map((b) => b.batchIndex),
    records: batches.flatMap((b) => (rows.all(b.id) as { data: string }[]).map((r) => JSON.parse(r.data) as Record<string, unknown>)),
  };
}
