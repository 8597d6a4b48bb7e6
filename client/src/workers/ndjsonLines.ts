/**
 * Splits a byte stream into lines as chunks arrive: a worker's stdout delivers NDJSON in
 * arbitrary pieces, and one event may straddle two chunks. Handles `\n` and `\r\n`.
 */
export class LineSplitter {
  private pending = '';
  private readonly decoder = new TextDecoder('utf-8');

  /** The complete lines in this chunk (without their line ends); the rest waits for more. */
  push(chunk: Uint8Array | string): string[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.map(stripCarriageReturn);
  }

  /** What is left when the stream ends (a last line without a line end), if anything. */
  flush(): string[] {
    const rest = this.pending + this.decoder.decode();
    this.pending = '';
    return rest === '' ? [] : [stripCarriageReturn(rest)];
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
