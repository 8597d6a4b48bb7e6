import { Writable } from 'node:stream';
import type { Messenger } from '../../src/index.js';
import type { Prompter } from '../../src/cli/console/Prompter.js';
import { createProgram } from '../../src/cli/program.js';
import { within } from './deadline.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a `messenger` command in this process, on an application built by `application`, capturing its output;
 * with `terminal`, stderr passes for a terminal 80 columns wide (where progress bars are drawn).
 */
export async function runCli(
  args: readonly string[],
  application: () => Promise<Messenger>,
  prompter: Prompter = new ScriptedPrompter([], false),
  options: { readonly terminal?: boolean } = {},
): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture(options.terminal === true);
  const argv = ['node', 'messenger', ...args];
  let code: number;
  try {
    code = await within(
      createProgram({ argv, prompter, application, stdout: stdout.stream, stderr: stderr.stream }).run(argv),
      120_000,
      `messenger ${args.join(' ')} to finish`,
    );
  } finally {
    process.exitCode = undefined;
  }
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A stream that keeps what is written to it (by default not a terminal: no colors, no questions, no progress bars). */
class Capture {
  private readonly chunks: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.chunks.push(chunk.toString());
      done();
    },
  });

  constructor(terminal = false) {
    if (terminal) Object.assign(this.stream, { isTTY: true, columns: 80 });
  }

  text(): string {
    return this.chunks.join('');
  }
}

/** Answers questions from a list, as a user at a terminal would; records what was asked. */
export class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];

  constructor(
    private readonly answers: Array<string | boolean>,
    private readonly interactive = true,
  ) {}

  isInteractive(): boolean {
    return this.interactive;
  }

  async confirm(question: string): Promise<boolean> {
    this.asked.push(question);
    return this.next() === true;
  }

  async choice(question: string, choices: readonly string[]): Promise<string> {
    this.asked.push(`${question} [${choices.join('/')}]`);
    return String(this.next());
  }

  private next(): string | boolean {
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`No scripted answer left (asked: ${this.asked.join(' | ')})`);
    return answer;
  }
}
