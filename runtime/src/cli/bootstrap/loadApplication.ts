import { pathToFileURL } from 'node:url';
import type { Messenger } from '../../app/Messenger.js';
import { RuntimeException } from '../../errors/MessengerException.js';
import type { ApplicationLocation } from './findApplication.js';

const TYPESCRIPT = /\.(c|m)?ts$/;

/**
 * Imports the bootstrap module and returns its Messenger. TypeScript sources run as they are
 * (tsx is registered only for them, so a compiled production app never loads it). The
 * default export may be a Messenger, a promise of one, or a function returning either.
 */
export async function loadApplication(location: ApplicationLocation): Promise<Messenger> {
  if (TYPESCRIPT.test(location.module)) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  const module = (await import(pathToFileURL(location.module).href)) as Record<string, unknown>;
  let exported: unknown = module['default'] ?? module['messenger'];
  if (typeof exported === 'function') exported = (exported as () => unknown)();
  exported = await exported;
  if (!isMessenger(exported)) {
    throw new RuntimeException(
      `${location.module} must export (default) a Messenger, e.g. \`export default createMessenger({ … })\`; it exports ${exported === undefined ? 'nothing' : typeof exported}.`,
    );
  }
  return exported;
}

// Duck-typed: the app may resolve its own copy of the runtime package.
function isMessenger(value: unknown): value is Messenger {
  const candidate = value as Partial<Messenger> | null;
  return typeof candidate?.handlerMapping === 'function' && typeof candidate.getBus === 'function';
}
