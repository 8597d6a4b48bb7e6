import type { Command } from 'commander';
import { requestWorkerRestart, restartSignalFile } from '../../worker/restartSignal.js';
import { type CommandContext, type OutputFormat, parseFormat } from '../CommandContext.js';
import { JSON_FORMAT_VERSION, type StopWorkersJson } from '../json/schema.js';
import { runCommand } from '../runCommand.js';

/**
 * `messenger stop-workers`: every worker of the project stops after its current message
 * (`messenger:stop-workers`). The request is a timestamp in `var/messenger/restart_requested_timestamp`
 * under the project directory (the nearest package.json's), which running workers check.
 */
export function registerStopWorkersCommand(program: Command, context: CommandContext): void {
  program
    .command('stop-workers')
    .alias('messenger:stop-workers')
    .description('Stop workers after their current message')
    .option('--format <format>', 'txt or json', parseFormat, 'txt')
    .addHelpText(
      'after',
      '\nEach worker finishes the message it is handling, then exits. Workers are not restarted: that is the job of a process manager (systemd, Supervisor…).',
    )
    // Only a file is written: the application is not loaded, so workers can be stopped even when it no longer boots.
    .action(
      runCommand(context, async (options: { format: OutputFormat }) => {
        const signalFile = restartSignalFile(await context.projectDir());
        const requestedAt = requestWorkerRestart(signalFile);
        if (options.format === 'json')
          context.printJson({
            version: JSON_FORMAT_VERSION,
            signalFile,
            requestedAt: new Date(requestedAt).toISOString(),
          } satisfies StopWorkersJson);
        else context.io().success('Signal successfully sent to stop any running workers.');
        return 0;
      }),
    );
}
