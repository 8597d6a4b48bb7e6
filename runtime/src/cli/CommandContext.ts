import type { Messenger } from '../app/Messenger.js';
import { findApplication } from './bootstrap/findApplication.js';
import { loadApplication } from './bootstrap/loadApplication.js';
import { SymfonyStyle } from './console/SymfonyStyle.js';

export type OutputFormat = 'txt' | 'json';

export interface GlobalOptions {
  app?: string;
  env?: string;
  ansi?: boolean;
}

/** What every command needs: the console, the output format, and the application. */
export class CommandContext {
  constructor(
    readonly cwd: string,
    private readonly globals: () => GlobalOptions,
  ) {}

  io(): SymfonyStyle {
    return new SymfonyStyle(process.stdout, { ansi: this.globals().ansi });
  }

  errorIo(): SymfonyStyle {
    return new SymfonyStyle(process.stderr, { ansi: this.globals().ansi });
  }

  /** Loads the application, runs `work`, and always closes the transports afterwards. */
  async withApplication<T>(work: (messenger: Messenger) => Promise<T>): Promise<T> {
    const { app, env } = this.globals();
    // The bootstrap module calls createMessenger() itself; APP_ENV is how the environment reaches it.
    if (env !== undefined) process.env['APP_ENV'] = env;
    const messenger = await loadApplication(findApplication(this.cwd, app));
    try {
      return await work(messenger);
    } finally {
      await messenger.close();
    }
  }
}

export function parseFormat(value: string): OutputFormat {
  if (value !== 'txt' && value !== 'json') throw new Error(`Unsupported format "${value}": use "txt" or "json".`);
  return value;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
