/**
 * The one error type of Rampart's services and routes, and its one HTTP mapping.
 *
 * A service throws an AppError (or a subclass naming its domain: ClusterError, ExceptionError …)
 * whose message is safe to show; withAuth (lib/auth/api.ts) answers every error a handler throws
 * through errorResponse (./respond.ts), so route handlers never translate errors themselves.
 * This file imports nothing: client code may import the errors of the modules it shares.
 */

/** An error whose message is safe to show to the caller, with the HTTP status to answer and an optional machine-readable code. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The code the caller sees (subclasses may answer a finer one). */
  get publicCode(): string | undefined {
    return this.code;
  }
}

export const badRequest = (message: string, code?: string): AppError => new AppError(400, message, code);
export const forbidden = (message: string, code?: string): AppError => new AppError(403, message, code);
export const notFound = (message: string, code?: string): AppError => new AppError(404, message, code);
export const conflict = (message: string, code?: string): AppError => new AppError(409, message, code);
