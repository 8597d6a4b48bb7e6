/**
 * `@messenger-ts/runtime/contract`: what tools that read the runtime's output need, and nothing
 * that runs a messenger (the VS Code extension bundles it): the JSON the CLI prints with
 * `--format json` and its version, the configuration problem codes with their severities, the
 * `messenger debug` table, the masking every displayed DSN goes through, and the terminal-safety
 * every printed text goes through.
 */
export * from './cli/json/schema.js';
export {
  CONFIG_PROBLEM_SEVERITIES,
  type ConfigProblemCode,
  type ConfigProblemCodeOf,
} from './errors/InvalidConfigurationException.js';
export type { HandlerMapping } from './app/HandlerMapping.js';
export { maskDsn } from './transport/Dsn.js';
export { terminalSafe, terminalSafeJson } from './cli/console/terminalSafe.js';
