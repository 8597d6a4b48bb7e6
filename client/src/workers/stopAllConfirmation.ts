/**
 * What Stop All Workers asks: `messenger stop-workers` reaches every worker of the project,
 * those started in a terminal, by Supervisor or on another machine sharing var/ included; the
 * workers started here can be stopped alone instead.
 */
export function stopAllConfirmation(oursRunning: number): {
  readonly message: string;
  readonly detail: string;
  readonly all: string;
  readonly onlyOurs: string | undefined;
  readonly buttons: string[];
} {
  const all = 'Stop Every Worker';
  const onlyOurs =
    oursRunning === 0 ? undefined : `Stop Only the ${oursRunning === 1 ? 'One' : oursRunning} Started Here`;
  return {
    message: 'Stop every worker of this project, including those started outside VS Code?',
    detail:
      '`messenger stop-workers` asks every worker of the project to stop after its current message: the ones started here, and those started in a terminal, by Supervisor or systemd, or on another machine that shares var/. A process manager may start those again.',
    all,
    onlyOurs,
    buttons: onlyOurs === undefined ? [all] : [all, onlyOurs],
  };
}
