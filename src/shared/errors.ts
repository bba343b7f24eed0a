/**
 * Errors users can act on carry a code and a Danish message; handlers turn them into a card.
 * Anything else is a bug and goes to the turn error handler.
 */
export type ErrorCode =
  | 'NOT_REGISTERED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'DEADLINE_PASSED'
  | 'STALE'
  | 'CONFLICT'
  | 'CLOSED'
  | 'UNAVAILABLE';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Shown to the user as is: Danish, no internals. */
    readonly userMessage: string,
    /** Extra fields a handler may offer the user (e.g. a retry target or the draft to refill). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'DomainError';
  }
}

export const forbidden = (msg = 'Du har ikke adgang til denne handling.') => new DomainError('FORBIDDEN', msg);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} blev ikke fundet.`);
export const invalidInput = (msg: string, details: Record<string, unknown> = {}) =>
  new DomainError('INVALID_INPUT', msg, details);

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
