/**
 * Loading messenger.yaml as it grows: 16k, 32k and 64k routing keys. Reading must stay linear
 * in the number of keys (the YAML library's own duplicate-key check was quadratic: 6.5 s, 32 s
 * and 116 s for these sizes); time per key is the figure to compare across sizes.
 */
import { readMessengerConfig } from '@messenger-ts/runtime';

const sizes = [16_000, 32_000, 64_000];

function config(keys: number): string {
  const lines = ['framework:', '  messenger:', "    transports: { async: 'in-memory://' }", '    routing:'];
  for (let i = 0; i < keys; i++) lines.push(`      'App\\Message\\Message${i}': async`);
  return `${lines.join('\n')}\n`;
}

console.log('\n## Loading messenger.yaml');
const perKey: number[] = [];
for (const keys of sizes) {
  const text = config(keys);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    const { problems } = readMessengerConfig({
      projectDir: '/project',
      processEnv: {},
      readFile: (path) => (path.endsWith('config/packages/messenger.yaml') ? text : undefined),
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (problems.length > 0) throw new Error(`unexpected problems: ${problems[0]!.message}`);
    best = Math.min(best, ms);
  }
  perKey.push((best * 1000) / keys);
  console.log(
    `  ${`${keys.toLocaleString('en-US')} routing keys`.padEnd(58)} ${Math.round(best).toLocaleString('en-US').padStart(12)} ms  (${((best * 1000) / keys).toFixed(1)} µs/key)`,
  );
}
console.log(
  `  ${'time per key, 64k / 16k'.padEnd(58)} ${(perKey[2]! / perKey[0]!).toFixed(2).padStart(12)}\n  (goal: linear, the ratio near 1)`,
);
