import { createInterface } from 'node:readline/promises';
import { RuntimeException } from '../../errors/MessengerException.js';

/** Questions a command asks its user; tests script the answers. */
export interface Prompter {
  /** Whether questions can be asked at all (a terminal on both ends). */
  isInteractive(): boolean;
  confirm(question: string, defaultAnswer: boolean): Promise<boolean>;
  /** One of `choices` (by name or number); the default when the answer is empty. */
  choice(question: string, choices: readonly string[], defaultChoice: string): Promise<string>;
}

/** Asks on the terminal, like Symfony's question helper. Never asks without a terminal: that would hang a script. */
export class TerminalPrompter implements Prompter {
  isInteractive(): boolean {
    return process.stdin.isTTY === true && process.stdout.isTTY === true;
  }

  async confirm(question: string, defaultAnswer: boolean): Promise<boolean> {
    const answer = (await this.ask(` ${question} (yes/no) [${defaultAnswer ? 'yes' : 'no'}]:\n > `))
      .trim()
      .toLowerCase();
    return answer === '' ? defaultAnswer : answer.startsWith('y');
  }

  async choice(question: string, choices: readonly string[], defaultChoice: string): Promise<string> {
    const list = choices.map((c, i) => `  [${i}] ${c}`).join('\n');
    for (;;) {
      const answer = (await this.ask(` ${question} [${defaultChoice}]:\n${list}\n > `)).trim();
      if (answer === '') return defaultChoice;
      const picked = /^\d+$/.test(answer) ? choices[Number(answer)] : choices.find((c) => c === answer);
      if (picked !== undefined) return picked;
      process.stdout.write(` [ERROR] Value "${answer}" is invalid\n`);
    }
  }

  private async ask(prompt: string): Promise<string> {
    if (!this.isInteractive()) throw new RuntimeException('Cannot ask a question without a terminal.');
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await rl.question(prompt);
    } finally {
      rl.close();
    }
  }
}
