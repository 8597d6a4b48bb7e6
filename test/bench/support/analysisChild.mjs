// Runs in its own process so its memory and time are its own: `analyze <dir>` (the built
// analysis, cold) or `ts6 <dir>` (TypeScript 6 through ts-morph: createProgram + diagnostics).
// Prints one JSON line.
const [mode, dir] = process.argv.slice(2);
const started = performance.now();
if (mode === 'analyze') {
  const { Workspace } = await import('../../../server/dist/analysis/index.js');
  const loaded = performance.now();
  const result = new Workspace({ projectDir: dir }).analyze();
  const done = performance.now();
  console.log(
    JSON.stringify({
      loadMs: loaded - started,
      analyzeMs: done - loaded,
      totalMs: done - started,
      diagnostics: result.diagnostics.length,
      maxRssKb: process.resourceUsage().maxRSS,
    }),
  );
} else if (mode === 'ts6') {
  const { ts } = await import('ts-morph');
  const config = ts.getParsedCommandLineOfConfigFile(
    `${dir}/tsconfig.json`,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} },
  );
  const program = ts.createProgram(config.fileNames, config.options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  console.log(
    JSON.stringify({
      totalMs: performance.now() - started,
      diagnostics: diagnostics.length,
      maxRssKb: process.resourceUsage().maxRSS,
    }),
  );
}
