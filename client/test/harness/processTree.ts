/**
 * Processes started in their own process group, so that stopping one stops its children
 * too (code-server forks its extension host, which forks our language server), by the PID
 * we started and never by name.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export function spawnGroup(program: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return spawn(program, [...args], { ...options, detached: true });
}

/** SIGTERM to the group, SIGKILL after `graceMs` if anything is left; resolves when the leader exited. */
export async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    killGroup(pid, 'SIGKILL'); // the leader may be gone while its children live on
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  killGroup(pid, 'SIGKILL');
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already
  }
}
