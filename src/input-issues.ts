/**
 * What is wrong with a client's input, told back to it: the first few problems zod found, each
 * cut short, never all of them. Input that breaks many rules at once (400 bad values of a record,
 * a body of a thousand bad fields) would otherwise be answered with an error several times its
 * own size. Rooms (payloads, options) and the REST API (`fields`) tell it this way.
 */
import type { z } from 'zod';

/** At most this many problems are named, each in at most `MAX_ISSUE_LENGTH` characters. */
export const MAX_ISSUES = 3;
const MAX_ISSUE_LENGTH = 200;

function cut(text: string): string {
  return text.length > MAX_ISSUE_LENGTH ? `${text.slice(0, MAX_ISSUE_LENGTH - 1)}…` : text;
}

/** The first problems, each as `{ path, message }` (for the REST API's `fields`). */
export function firstIssues(issues: readonly z.core.$ZodIssue[]): Array<{ path: string; message: string }> {
  return issues.slice(0, MAX_ISSUES).map((issue) => ({ path: cut(issue.path.map(String).join('.')), message: cut(issue.message) }));
}

/** The first problems in one line: "time.initial Too big; color Invalid option; and 4 more". */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root: string): string {
  const shown = firstIssues(issues).map(({ path, message }) => cut(`${path || root} ${message}`));
  if (issues.length > MAX_ISSUES) shown.push(`and ${issues.length - MAX_ISSUES} more`);
  return shown.join('; ');
}
