/**
 * A refusal with a stable code. Services and rules throw or return these; the HTTP layer maps
 * the code to a status (http/errors.ts), rooms send it as the `error` message.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: string;
  readonly details: unknown;

  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
