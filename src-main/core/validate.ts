/**
 * The one check at every boundary: a value from outside (a request, a worker message, a file read back) is parsed
 * against its contract schema, and the first problems become one INVALID_ARGUMENT naming each field and what it
 * may be — before any work starts.
 */

import type { z } from 'zod';
import { HebbError } from './errors';

const MAX_ISSUES = 8;
/** A key or path segment sent as a novel is quoted this far; the whole message is capped too. */
const QUOTE = 60;
const MAX_MESSAGE = 1000;
const cut = (k: PropertyKey): string => (String(k).length > QUOTE ? `${String(k).slice(0, QUOTE)}…` : String(k));

/** The field an issue is about, as a dotted path (an unknown field included). */
function fieldOf(issue: z.core.$ZodIssue): string {
  const at = issue.path.map(cut);
  if (issue.code === 'unrecognized_keys' && issue.keys.length) at.push(cut(issue.keys[0]!));
  return at.join('.');
}

function describe(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.map(cut).join('.') : '(the whole value)';
  const i = issue as z.core.$ZodIssue & { values?: unknown[]; keys?: string[]; expected?: string; received?: string };
  if (issue.code === 'invalid_value' && i.values) return `${where}: must be one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'unrecognized_keys' && i.keys) return `${where === '(the whole value)' ? '' : `${where}.`}${i.keys.map(cut).join(', ')}: unknown field${i.keys.length > 1 ? 's' : ''} (not allowed)`;
  return `${where}: ${issue.message}`;
}

/** Parse `value` with `schema`; a mismatch throws INVALID_ARGUMENT "<what>: <field>: <why>; …" (file set when given). */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string, file?: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues;
  const text = issues.slice(0, MAX_ISSUES).map(describe).join('; ') + (issues.length > MAX_ISSUES ? `; and ${issues.length - MAX_ISSUES} more` : '');
  const message = `${what}: ${text}`;
  throw new HebbError('INVALID_ARGUMENT', message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message, file, { fields: issues.map(fieldOf) });
}
