/**
 * How the suite (in the extension host) and the harness (driving the browser) talk: marked
 * lines in the extension host's log. No `vscode` import here: the harness loads this too.
 */

/** Prefixes mocha's own output, so the harness can tell it from the workbench's logging. */
export const OUTPUT_MARKER = 'MESSENGER_SUITE│';
/** The last line: every test's outcome, as JSON. */
export const RESULT_MARKER = 'MESSENGER_SUITE_RESULT';
/** `MESSENGER_SCREENSHOT <name> [selector]`: the harness saves the page (or that part of it) as `<dir>/<name>.png`. */
export const SCREENSHOT_MARKER = 'MESSENGER_SCREENSHOT';

/** `MESSENGER_ACTIVATION {json}`: the extension's own activation timing (read by `npm run bench`). */
export const ACTIVATION_MARKER = 'MESSENGER_ACTIVATION';

export interface SuiteResult {
  readonly passed: { readonly title: string; readonly durationMs: number }[];
  readonly failed: { readonly title: string; readonly error: string }[];
}

/** The suite to run (the harness sets MESSENGER_SUITE_KIND): `restricted` runs restricted.test.ts alone, in an untrusted workspace. */
export type SuiteKind = 'main' | 'restricted' | 'live-cost';

/** `MESSENGER_LIVE_COST {json}`: what keeping the views live cost, as LiveCost (read by `npm run bench`). */
export const LIVE_COST_MARKER = 'MESSENGER_LIVE_COST';

/** CPU time (ms) used in each phase by the extension host and by the messenger CLI processes it started. */
export interface LiveCost {
  readonly queued: number;
  readonly seconds: number;
  readonly visible: { readonly extensionHostMs: number; readonly cliMs: number; readonly cliProcesses: number };
  readonly hidden: { readonly extensionHostMs: number; readonly cliMs: number; readonly cliProcesses: number };
}

/** What the restricted run's workspace sets in .vscode/settings.json: restricted mode must ignore it. */
export const RESTRICTED_WORKSPACE_CLI_COMMAND = 'node scripts/not-the-messenger-cli.js';
