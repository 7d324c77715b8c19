/**
 * The best one-to-one assignment of rows to columns of a weight matrix (the Hungarian method, in
 * its O(n²·m) shortest-augmenting-path form). Used to give fields to columns so that the total
 * score is highest, which first-come-first-served matching does not guarantee.
 */

/**
 * `weights[r][c]` ≥ 0; 0 means "not a candidate". Returns, per row, the chosen column or -1 when
 * the row is better left unassigned. Every column is used at most once.
 */
export function bestAssignment(weights: readonly (readonly number[])[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const m = weights[0]!.length;
  // n extra columns of weight 0 let any row stay unassigned, so the problem is always square enough.
  const width = m + n;
  let max = 0;
  for (const row of weights) for (const w of row) if (w > max) max = w;
  const cost = (r: number, c: number) => max - (c < m ? weights[r]![c]! : 0);
  // 1-based arrays as in the textbook form: u, v potentials; p[c] = row matched to column c.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(width + 1);
  const p = new Int32Array(width + 1);
  const way = new Int32Array(width + 1);
  for (let r = 1; r <= n; r++) {
    p[0] = r;
    let c0 = 0;
    const minv = new Float64Array(width + 1).fill(Infinity);
    const used = new Uint8Array(width + 1);
    do {
      used[c0] = 1;
      const r0 = p[c0]!;
      let delta = Infinity;
      let c1 = 0;
      for (let c = 1; c <= width; c++) {
        if (used[c]) continue;
        const cur = cost(r0 - 1, c - 1) - u[r0]! - v[c]!;
        if (cur < minv[c]!) {
          minv[c] = cur;
          way[c] = c0;
        }
        if (minv[c]! < delta) {
          delta = minv[c]!;
          c1 = c;
        }
      }
      for (let c = 0; c <= width; c++) {
        if (used[c]) {
          u[p[c]!]! += delta;
          v[c]! -= delta;
        } else minv[c]! -= delta;
      }
      c0 = c1;
    } while (p[c0] !== 0);
    do {
      const c1 = way[c0]!;
      p[c0] = p[c1]!;
      c0 = c1;
    } while (c0 !== 0);
  }
  const result = new Array<number>(n).fill(-1);
  for (let c = 1; c <= m; c++) if (p[c]! > 0) result[p[c]! - 1] = c - 1;
  return result;
}
