import type * as z from 'zod/mini';
import type { ConfigProblem } from './config.js';

/**
 * zod/mini ships without messages (they cost bundle weight), so problems are described here from the
 * issue's own data. These are for the partner's developer, in English, like any API error detail.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const i = issue as z.core.$ZodIssue & Record<string, unknown>;
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `Expected ${String(i.expected)}`;
    case 'too_small':
      return i.origin === 'array' || i.origin === 'string'
        ? `Expected at least ${String(i.minimum)} ${i.origin === 'array' ? 'item(s)' : 'character(s)'}`
        : `Expected a number ${i.inclusive ? '≥' : '>'} ${String(i.minimum)}`;
    case 'too_big':
      return i.origin === 'array' || i.origin === 'string'
        ? `Expected at most ${String(i.maximum)} ${i.origin === 'array' ? 'item(s)' : 'character(s)'}`
        : `Expected a number ${i.inclusive ? '≤' : '<'} ${String(i.maximum)}`;
    case 'invalid_value':
      return `Expected one of ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `Unknown option(s): ${(i.keys as string[]).join(', ')}`;
    case 'invalid_format':
      return `Expected a valid ${String(i.format)}`;
    default:
      return issue.message;
  }
}

export function toProblems(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: describeIssue(issue) }));
}
