import { basename } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentException } from '../../errors/MessengerException.js';
import type { CommandContext, GlobalOptions } from '../CommandContext.js';
import { complete } from '../completion/complete.js';
import { type AppAccess, completes } from '../completion/Completions.js';
import { ConsoleOutput } from '../console/ConsoleOutput.js';
import { formatSuggestions } from '../completion/formatSuggestions.js';
import { completionScript, isShell, SHELLS, type Shell } from '../completion/shellScripts.js';
import { splitLine } from '../completion/splitLine.js';
import { runCommand } from '../runCommand.js';

const HELP = `
The completion command prints the shell completion script of messenger (bash, zsh and fish).
Load it in the current shell, or add the line to your shell's start-up file:

  bash   eval "$(messenger completion bash)"        (in ~/.bashrc)
  zsh    eval "$(messenger completion zsh)"         (in ~/.zshrc, after compinit)
  fish   messenger completion fish | source         (or save it as ~/.config/fish/completions/messenger.fish)

The messenger command must be on your PATH (npm install --global, or node_modules/.bin on PATH).
Transport, bus and message id suggestions come from the application of the current directory.`;

/** `messenger completion [shell]`, and the hidden `_complete` its scripts call (Symfony's completion and _complete). */
export function registerCompletionCommands(program: Command, context: CommandContext): void {
  completes(
    program
      .command('completion')
      .description('Dump the shell completion script')
      .argument('[shell]', `the shell: ${SHELLS.join(', ')} (default: the one $SHELL names)`)
      .addHelpText('after', HELP)
      .action(
        runCommand(context, async (name: string | undefined) => {
          context.stdout.write(completionScript(shellNamed(name), program.name()));
          return 0;
        }),
      ),
    { arguments: [() => SHELLS] },
  );
  program
    .command('_complete', { hidden: true })
    .description('Suggest what may come at the cursor (called by the completion scripts)')
    .requiredOption('--shell <shell>', 'bash, zsh or fish')
    .requiredOption('--line <line>', 'the command line up to the cursor')
    .option('--breaks <characters>', "bash's COMP_WORDBREAKS", '')
    .action(async (options: { shell: string; line: string; breaks: string }) => {
      const shell = shellNamed(options.shell);
      const words = splitLine(options.line);
      const suggestions = await complete(program, { words, app: applicationOf(context, words) });
      // Descriptions can quote a failed message's error: they reach the terminal through the console layer.
      new ConsoleOutput(context.stdout, { ansi: false }).write(
        formatSuggestions(suggestions, shell, words.at(-1) ?? '', options.breaks),
      );
    });
}

function shellNamed(name: string | undefined): Shell {
  const shell = name ?? basename(process.env['SHELL'] ?? '');
  if (isShell(shell)) return shell;
  throw new InvalidArgumentException(
    name === undefined
      ? `Shell not detected ($SHELL is "${process.env['SHELL'] ?? ''}"): pass one of ${SHELLS.join(', ')}.`
      : `The "${shell}" shell is not supported: pass one of ${SHELLS.join(', ')}.`,
  );
}

/** The application the line being completed would load (its --app and --env), or nothing if it cannot be loaded. */
function applicationOf(context: CommandContext, words: readonly string[]): AppAccess {
  const globals: GlobalOptions = {};
  for (let i = 1; i < words.length - 1; i++) {
    const [flag, value] = words[i]!.includes('=') ? words[i]!.split(/=(.*)/s) : [words[i]!, words[i + 1]];
    if (flag === '--app') globals.app = value;
    if (flag === '-e' || flag === '--env') globals.env = value;
  }
  return async (work) => {
    try {
      return await context.withApplication(async (messenger) => work(messenger), globals);
    } catch {
      return undefined;
    }
  };
}
