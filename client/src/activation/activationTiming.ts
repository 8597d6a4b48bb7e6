/**
 * The extension's own activation time, as VS Code splits it: loading our code (evaluating the
 * bundle, between timestamps the build puts on its first and last lines) and the activate()
 * call. What the extension host does in between (creating the ExtensionContext, its storage)
 * is reported apart: it is not ours to speed up. `npm run bench` reads this through the API.
 */
const START_KEY = '__messengerBundleStart';
const END_KEY = '__messengerBundleEnd';

function timestamp(key: string): number | undefined {
  const value = (globalThis as Record<string, unknown>)[key];
  return typeof value === 'number' ? value : undefined;
}

export interface ActivationTiming {
  /** Evaluating dist/extension.js (undefined when not run from the bundle). */
  readonly loadMs: number | undefined;
  /** From the end of loading to the call of activate(): the extension host's own work. */
  readonly hostMs: number | undefined;
  /** activate() itself. */
  readonly activateMs: number;
  /** Ours: loading plus activate(). */
  readonly totalMs: number;
}

export function activationTiming(activateStart: number, activateEnd: number): ActivationTiming {
  const start = timestamp(START_KEY);
  const end = timestamp(END_KEY);
  const loadMs = start === undefined || end === undefined ? undefined : end - start;
  const hostMs = end === undefined ? undefined : activateStart - end;
  const activateMs = activateEnd - activateStart;
  return { loadMs, hostMs, activateMs, totalMs: activateMs + (loadMs ?? 0) };
}
