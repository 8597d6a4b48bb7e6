/**
 * `npm run test:setup`, the first step of `npm test`: installs what the full suite needs and this
 * machine lacks, and says what it does.
 *   - Debian packages (chromium, libkrb5-dev, neovim, redis-sentinel, PHP's Symfony Messenger for the
 *     interoperability tests), through apt-get (with sudo unless root).
 *   - Node 24 and code-server, which run the real VS Code, into ~/.cache/messenger-ts (once,
 *     about 2.5 minutes; later runs find them there).
 * `--dry-run` says what it would do and changes nothing. Exits 1, saying what to install by
 * hand, when it cannot install something.
 */
import { isAbsolute } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cacheDir, ensureVsCodeTools, vsCodeToolsInstalled } from '../../client/test/harness/tools.ts';
import { DEBIAN_REQUIREMENTS, installPlan, locate, missingRequirements } from './debianPackages.ts';

const dryRun = process.argv.includes('--dry-run');
const say = (line: string): void => console.log(`test:setup: ${line}`);

function debianPackages(): boolean {
  const missing = missingRequirements(DEBIAN_REQUIREMENTS);
  for (const r of DEBIAN_REQUIREMENTS) if (!missing.includes(r)) say(`${r.package}: ${locate(r)} (${r.neededBy})`);
  for (const r of missing)
    say(`${r.package}: missing, no ${r.command}${isAbsolute(r.command) ? '' : ' on PATH'} (${r.neededBy})`);
  const plan = installPlan(missing, { uid: process.getuid?.() ?? 0, path: process.env['PATH'] ?? '' });
  if (plan.kind === 'nothing') return true;
  if (plan.kind === 'by hand') {
    console.error(`test:setup: ${plan.reason}`);
    return false;
  }
  for (const command of plan.commands) {
    say(`${dryRun ? 'would run' : 'running'}: ${command.join(' ')}`);
    if (dryRun) continue;
    const run = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`test:setup: ${command.join(' ')} failed (${run.error?.message ?? `exit code ${run.status}`}).`);
      return false;
    }
  }
  const still = missingRequirements(DEBIAN_REQUIREMENTS);
  if (dryRun || still.length === 0) return true;
  console.error(`test:setup: still no ${still.map((r) => r.command).join(', ')} on PATH after apt-get.`);
  return false;
}

function vsCodeTools(): boolean {
  if (vsCodeToolsInstalled()) {
    say(`Node 24 and code-server: in ${cacheDir()}`);
    return true;
  }
  if (dryRun) {
    say(`would install Node 24 and code-server into ${cacheDir()} (about 2.5 minutes, 630 MB)`);
    return true;
  }
  try {
    ensureVsCodeTools((line) => say(line));
    return true;
  } catch (error) {
    console.error(`test:setup: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

process.exitCode = debianPackages() && vsCodeTools() ? 0 : 1;
