// Preloaded with `node --import` into a child process: records every module it loads, ESM
// (a resolve hook) and CommonJS (Module._load), into the file $MESSENGER_RECORD_LOADS on exit.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const record = process.env.MESSENGER_RECORD_LOADS;
if (record) {
  register(new URL('./recordLoadsHooks.mjs', import.meta.url), { data: { record } });
  const load = Module._load;
  Module._load = function (request, parent, isMain, ...rest) {
    try {
      appendFileSync(record, `${Module._resolveFilename(request, parent, isMain)}\n`);
    } catch {
      // A request that does not resolve fails in load() itself, as it would have.
    }
    return load.call(this, request, parent, isMain, ...rest);
  };
}
