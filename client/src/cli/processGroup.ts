/**
 * The CLI may be a wrapper (`npx`, `npx tsx …`) whose child is the real worker: a signal to the
 * process we spawned alone would kill the wrapper and leave the worker running. So on POSIX each
 * CLI process starts in its own process group (detached) and signals go to the whole group, by
 * the pid we started and never by name — as a terminal's CONTROL-C reaches every process of the
 * command. Windows has no process groups: a stop ends the process, a kill ends its tree (taskkill).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** The spawn options that give the child its own group (POSIX; on Windows, detached would open a console). */
export function groupOptions(
  platform: NodeJS.Platform = process.platform,
): Pick<SpawnOptions, 'detached' | 'windowsHide'> {
  return platform === 'win32' ? { windowsHide: true } : { detached: true };
}

/** Sends `signal` to the child's group (POSIX) or ends it, and its tree for SIGKILL (Windows). Never throws. */
export function signalGroup(
  child: ChildProcess,
  signal: 'SIGTERM' | 'SIGKILL',
  platform: NodeJS.Platform = process.platform,
): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (platform === 'win32') {
    if (signal === 'SIGKILL')
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () =>
        child.kill(),
      );
    else child.kill(signal);
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is gone already.
  }
}

/** Whether the child itself has ended (its group may live on: wrappers' children). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}
