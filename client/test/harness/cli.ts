/**
 * The real-VS-Code harness from the command line:
 *   node --import tsx client/test/harness/cli.ts install-tools     warm the cache (CI does this first)
 *   node --import tsx client/test/harness/cli.ts run [--grep text] [--screenshots dir] [--workspace dir] [--vsix file] [--restricted] [--keep] [--verbose]
 * `npm test` runs the same suite through test/vscode.test.ts. With --screenshots, the suite
 * runs the README's screenshot scenario instead of the tests (`npm run screenshots` takes them
 * on examples/app into docs/).
 */
import { runVsCodeSuite } from './runVsCodeSuite';
import { ensureVsCodeTools } from './tools';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function main(): Promise<number> {
  const command = process.argv[2];
  if (command === 'install-tools') {
    const started = Date.now();
    const tools = ensureVsCodeTools((line) => console.log(line));
    console.log(`Node 24: ${tools.node}\ncode-server: ${tools.codeServer}\n(${Date.now() - started} ms)`);
    return 0;
  }
  if (command === 'run') {
    const report = await runVsCodeSuite({
      grep: option('grep'),
      screenshotDir: option('screenshots'),
      workspace: option('workspace'),
      vsix: option('vsix'),
      restricted: process.argv.includes('--restricted'),
      keepRunDir: process.argv.includes('--keep'),
      verbose: process.argv.includes('--verbose'),
    });
    const { toolsMs, codeServerMs, suiteMs, totalMs } = report.timings;
    console.log(`\n${report.result?.passed.length ?? 0} passed, ${report.result?.failed.length ?? 0} failed`);
    console.log(
      `timings: tools ${toolsMs} ms, code-server start ${codeServerMs} ms, suite ${suiteMs} ms, total ${totalMs} ms`,
    );
    for (const file of report.screenshots) console.log(`screenshot: ${file}`);
    return report.exitCode === 0 && report.result !== undefined ? 0 : 1;
  }
  console.error(
    'usage: cli.ts install-tools | run [--grep text] [--screenshots dir] [--workspace dir] [--vsix file] [--restricted] [--keep] [--verbose]',
  );
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
