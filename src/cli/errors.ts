/** Exit code for a mistake in how the command was called (unknown flag, bad --set, unknown --model). */
export const USAGE = 2;
/** Exit code for a problem with the user's data or model file. */
export const DATA = 1;

/** An error a user can make: main prints `nabla: error: <message>` (one line, no stack) and exits with `code`. */
export class CliError extends Error {
  constructor(message: string, readonly code: number = DATA) {
    super(message);
    this.name = 'CliError';
  }
}

/** Usage error (exit code 2). */
export function usage(message: string): CliError {
  return new CliError(message, USAGE);
}
