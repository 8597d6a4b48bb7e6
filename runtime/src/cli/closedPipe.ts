/** What a shell reports for a command killed by SIGPIPE (128 + 13), as `yes | head -1` ends. */
export const CLOSED_PIPE_EXIT_CODE = 141;

/**
 * `messenger debug | head -1`: once the reader has gone, a Unix tool ends quietly. Node ignores
 * SIGPIPE, so the write fails with EPIPE instead, an 'error' event that would otherwise crash
 * the process with a stack trace: the command ends there, silently, as SIGPIPE would have ended it.
 */
export function endQuietlyOnClosedPipe(
  stream: NodeJS.WritableStream,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    exit(CLOSED_PIPE_EXIT_CODE);
  });
}
