import type { ConsoleOutput } from './ConsoleOutput.js';

const WIDTH = 28;
/** Redrawn at most this often (ms), so a fast run does not spend its time drawing. */
const REDRAW_EVERY = 100;

/**
 * Symfony's ProgressBar on a terminal: ` 3/10 [========>-------------------]  30%`, redrawn
 * in place; with -v the elapsed time follows. Like Symfony's, it belongs on stderr, so stdout
 * keeps only the command's result.
 */
export class ProgressBar {
  private current = 0;
  private drawnAt = Number.NEGATIVE_INFINITY;
  private readonly startedAt: number;

  constructor(
    private readonly out: ConsoleOutput,
    private readonly max: number,
    private readonly verbosity = 0,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.startedAt = now();
  }

  /** A bar on a terminal; none elsewhere (a log or a pipe gets the summary alone). */
  static on(out: ConsoleOutput, max: number, verbosity = 0): ProgressBar | undefined {
    return out.isTTY ? new ProgressBar(out, max, verbosity) : undefined;
  }

  start(): void {
    this.draw();
  }

  advance(step = 1): void {
    this.current = Math.min(this.max, this.current + step);
    if (this.now() - this.drawnAt >= REDRAW_EVERY) this.draw();
  }

  /** Draws the bar full and moves to the next line. */
  finish(): void {
    this.current = this.max;
    this.draw();
    this.out.write('\n');
  }

  private draw(): void {
    this.drawnAt = this.now();
    const ratio = this.max === 0 ? 1 : this.current / this.max;
    const filled = Math.floor(ratio * WIDTH);
    const bar = filled >= WIDTH ? '='.repeat(WIDTH) : `${'='.repeat(filled)}>${'-'.repeat(WIDTH - filled - 1)}`;
    const count = `${String(this.current).padStart(String(this.max).length)}/${this.max}`;
    const percent = `${String(Math.floor(ratio * 100)).padStart(3)}%`;
    const elapsed = this.verbosity >= 1 ? ` ${elapsedText(this.now() - this.startedAt).padStart(6)}` : '';
    // Back to the start of the line and clear it: the bar redraws itself in place.
    this.out.writeControl('\r\u001b[2K');
    this.out.write(` ${count} [${bar}] ${percent}${elapsed}`);
  }
}

function elapsedText(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} sec${seconds === 1 ? '' : 's'}`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min${minutes === 1 ? '' : 's'}`;
}
