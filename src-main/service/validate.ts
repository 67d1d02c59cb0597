/**
 * The boundary check every request passes before its handler runs, whichever transport carried it (IPC, HTTP, a
 * test): the channel's schema from the contract, and on failure an INVALID_ARGUMENT naming the field, what was
 * wrong and, for a choice, the allowed values.
 */

import type { z } from 'zod';
import type { ApiHandlers, Channel } from '#contract/api';
import { requestSchemas } from '#contract/requests';
import { HebbError } from '../core/errors';

/** How much of a rejected value an error message quotes. */
const QUOTE = 60;

/** A field path as words; a key sent as a novel is cut short. */
function fieldOf(issue: z.core.$ZodIssue): string {
  const cut = (k: PropertyKey) => (String(k).length > QUOTE ? `${String(k).slice(0, QUOTE)}…` : String(k));
  const at = issue.path.map(cut).join('.');
  if (issue.code === 'unrecognized_keys') return [at, cut(issue.keys[0]!)].filter(Boolean).join('.');
  return at;
}

function reasonOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys': return `is not a field of this request (unknown ${issue.keys.length > 1 ? `fields: ${issue.keys.slice(0, 5).map((k) => k.slice(0, QUOTE)).join(', ')}` : 'field'})`;
    case 'invalid_value': return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': return issue.message === 'Invalid input' ? 'has none of the accepted shapes' : issue.message;
    default: return issue.message.replace(/^Invalid input: /, '');
  }
}

/** The first problem of a failed parse, in words: `train:start: config.learningRate: Too small: expected number to be >0`. */
export function invalidRequest(channel: string, error: z.ZodError): HebbError {
  const issue = error.issues[0]!;
  const field = fieldOf(issue);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  const message = `${channel}: ${field || 'request'} ${reasonOf(issue)}${more}`;
  const allowed = issue.code === 'invalid_value' ? { allowed: issue.values } : {};
  return new HebbError('INVALID_ARGUMENT', message.length > 500 ? `${message.slice(0, 500)}…` : message, undefined, { field: field || null, ...allowed });
}

/** Parse one request against its channel's schema; returns the parsed value (defaults filled) or throws INVALID_ARGUMENT. */
export function parseRequest(channel: Channel, req: unknown): unknown {
  const schema = requestSchemas[channel];
  if (!schema) throw new HebbError('INVALID_ARGUMENT', `Unknown API channel "${String(channel).slice(0, QUOTE)}"`);
  const r = schema.safeParse(req);
  if (!r.success) throw invalidRequest(channel, r.error);
  return r.data;
}

/** The same handlers, each behind parseRequest, so nothing reaches a handler that its schema refuses. */
export function validated(handlers: ApiHandlers): ApiHandlers {
  return Object.fromEntries(Object.entries(handlers).map(([channel, fn]) => [
    channel,
    async (req: unknown) => (fn as (r: unknown) => Promise<unknown>)(parseRequest(channel as Channel, req)),
  ])) as ApiHandlers;
}
