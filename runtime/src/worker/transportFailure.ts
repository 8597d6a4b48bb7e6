import { TransportException } from '../errors/TransportException.js';

/**
 * The error a worker stops with when its transport keeps failing (a database down longer than
 * the retries cover): the transport's own message, and what to do about it. As in Symfony the
 * worker exits (non-zero, from the CLI); bringing it back is a process manager's job.
 */
export function stoppedByTransport(error: TransportException): TransportException {
  return new TransportException(
    `${error.message}\nThe worker has stopped: its transport still failed after retrying. Run workers under a process manager that restarts them (systemd, supervisor: see "Running workers in production" in the README); messages that were not acknowledged are delivered again.`,
    { cause: error },
  );
}
