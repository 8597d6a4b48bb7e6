// Runs the repository's tests with node:test: `*.test.ts` under runtime/test, server/test,
// client/test (each package's unit tests) and test/ (cross-package tests). TypeScript runs
// through tsx, with the `source` export condition so packages import each other's sources.
//
//   node test/run.mjs [--unit] [part of a path…]
//
// Arguments narrow the run to files whose path contains one of them. `--unit` (npm run
// test:unit) leaves out the files that talk to a service, drive an editor or run npm (FULL_ONLY).
//
// Last lines of defence against a hang: each file gets FILE_TIMEOUT_MS (10 minutes, 5 in the unit
// tier; then its process is killed and the file fails, by name), and everything the run started,
// in whatever process group or session, is killed when it ends (each carries the run's marker in
// its environment).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', 'out', 'fixtures', '.tmp', 'bench', 'vscode-suite']);

/** Files that need a service (a database, a broker, PHP), an editor, or npm and the network: the full tier only. */
const FULL_ONLY = [
  'runtime/test/amqp/',
  'runtime/test/beanstalkd/',
  'runtime/test/cli/failedCommands.test.ts',
  'runtime/test/cli/failedRequeue.test.ts',
  'runtime/test/cli/throughputGuarantees.test.ts',
  'runtime/test/cli/workerProcesses.test.ts',
  'runtime/test/doctrine/',
  'runtime/test/failed/FailedMessages.test.ts',
  'runtime/test/failed/requeue.test.ts',
  'runtime/test/redis/',
  'runtime/test/transportContract.test.ts',
  'runtime/test/worker/retries.test.ts',
  'runtime/test/worker/workerOnDatabase.test.ts',
  'test/interop/',
  'test/neovim',
  'test/packages.test.ts',
  'test/tour.test.ts',
  'test/vscode.test.ts',
];

/** Long enough for the slowest file on a loaded machine: the VS Code suite (three editor runs), or a unit file. */
const FILE_TIMEOUT_MS = { full: 10 * 60_000, unit: 5 * 60_000 };

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : walk(join(dir, entry.name));
    return /\.test\.(ts|mjs)$/.test(entry.name) ? [join(dir, entry.name)] : [];
  });
}

function selectFiles(args) {
  const unit = args.includes('--unit');
  const filters = args.filter((a) => a !== '--unit');
  return ['runtime/test', 'server/test', 'client/test', 'test']
    .flatMap((dir) => walk(join(root, dir)))
    .map((file) => relative(root, file))
    .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
    .filter((file) => !unit || !FULL_ONLY.some((f) => file.startsWith(f)))
    .sort();
}

/** In the runner's own process group: runs the files and reports with the spec reporter. */
async function runFiles(files) {
  const { run } = await import('node:test');
  const { spec } = await import('node:test/reporters');
  const tier = process.env['MESSENGER_TEST_TIER'] === 'unit' ? 'unit' : 'full';
  // Unit files only compute: one per core. The full tier's start servers, editors and workers of their own.
  const cores = availableParallelism();
  const fallback = tier === 'unit' ? cores : Math.max(1, cores - 1);
  const concurrency = Number(process.env['MESSENGER_TEST_CONCURRENCY'] ?? fallback);
  // Each file runs in a child process with this process's flags (--conditions=source --import tsx).
  const timeout = Number(process.env['MESSENGER_TEST_FILE_TIMEOUT_MS'] ?? FILE_TIMEOUT_MS[tier]);
  const stream = run({ files, concurrency, timeout });
  stream.on('test:fail', () => {
    process.exitCode = 1;
  });
  stream.compose(spec).pipe(process.stdout);
}

/**
 * `pid command` of the processes this run started that are still alive: every process whose
 * environment carries the run's marker. Not only its process group: a process started with
 * `detached: true` (a worker the extension runs, an editor) has a session of its own, and one
 * left behind would hold the terminal's (or CI's) output open after the run ends.
 */
function processesOfRun(marker) {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .flatMap((pid) => {
      try {
        const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
        if (!environment.includes(marker)) return [];
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
        return command === '' ? [] : [{ pid: Number(pid), command }]; // an empty command line: a zombie
      } catch {
        return [];
      }
    });
}

/** Starts the runner in a process group of its own, and kills that group when it ends or is interrupted. */
function launch(args) {
  const files = selectFiles(args);
  if (files.length === 0) {
    console.error(`No test files match ${args.join(', ')}.`);
    process.exit(1);
  }
  const marker = `MESSENGER_TEST_RUN=${process.pid}-${Date.now()}`;
  const runner = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', fileURLToPath(import.meta.url), '--files', ...files],
    {
      cwd: root,
      stdio: 'inherit',
      detached: true,
      env: {
        ...process.env,
        MESSENGER_TEST_TIER: args.includes('--unit') ? 'unit' : 'full',
        [marker.split('=')[0]]: marker.split('=')[1],
      },
    },
  );
  const killAll = (signal) => {
    try {
      process.kill(-runner.pid, signal);
    } catch {
      // The group is already empty.
    }
    for (const { pid } of processesOfRun(marker)) {
      try {
        process.kill(pid, signal);
      } catch {
        // Gone meanwhile.
      }
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      killAll('SIGTERM');
      process.exit(130);
    });
  }
  runner.on('exit', (code, signal) => {
    const left = processesOfRun(marker);
    if (left.length > 0)
      console.error(
        `\nThese processes started by the tests were still running; they are killed now:\n${left.map(({ pid, command }) => `  ${pid} ${command.slice(0, 200)}`).join('\n')}`,
      );
    killAll('SIGKILL');
    process.exit(code ?? (signal ? 1 : 0));
  });
}

const args = process.argv.slice(2);
if (args[0] === '--files') await runFiles(args.slice(1));
else launch(args);
