// Domain errors: expected failures with a stable code and, for bad input,
// the path of the offending field. graphql/errors.ts is the one place that
// turns them into GraphQL errors.
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'CAPACITY_EXCEEDED',
  // The request met others for the same thing and gave up before it could
  // be served; nothing was written. Sent again, it will most likely succeed.
  'TRY_AGAIN',
  // Too many failed sign-ins for this account or from this address: wait details.retryAfterSeconds.
  'RATE_LIMITED',
  // A file sent over HTTP is larger than its route takes (details.limitBytes), or of a type it does not read.
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldPath = (string | number)[];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: FieldPath,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: FieldPath, message: string, details?: Record<string, unknown>) =>
  new DomainError('BAD_USER_INPUT', message, field, details);

export const notFound = (what: string, id: string, field?: FieldPath) =>
  new DomainError('NOT_FOUND', `${what} "${id}" not found`, field, { id });

export const forbidden = (message = 'You are not allowed to do this') => new DomainError('FORBIDDEN', message);

/** `field`: the input the conflict is about (a taken email), in extensions.field like every input error. */
export const conflict = (message: string, details?: Record<string, unknown>, field?: FieldPath) =>
  new DomainError('CONFLICT', message, field, details);

/** Contention, not a fact about the data: retry after the hint (details.retryAfterSeconds). */
export const tryAgain = (message: string, retryAfterSeconds = 1) =>
  new DomainError('TRY_AGAIN', message, undefined, { retryable: true, retryAfterSeconds });

/** "a DRAFT", "an ACTIVE" ("A DRAFT", "An ACTIVE" to start a sentence): a status (or any word) with its article, for messages. */
export function withArticle(word: string, capital = false): string {
  const article = /^[aeiou]/i.test(word) ? 'an' : 'a';
  return `${capital ? article[0]!.toUpperCase() + article.slice(1) : article} ${word}`;
}
