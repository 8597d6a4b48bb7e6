/**
 * Starts the language server right after activation instead of during it: vscode-languageclient
 * is most of the extension's code, so it lives in its own bundle (dist/languageClient.js),
 * loaded once activate() has returned. Activation stays fast; the server is no later for it,
 * since it starts asynchronously either way.
 */
import * as vscode from 'vscode';
import type * as LanguageClientModule from '../languageClient/startLanguageClient';
import type { MessengerStatusBar } from '../statusBar/statusBar';
import type { MessengerContext } from './MessengerContext';

/** The bundle built from languageClient/startLanguageClient.ts (see scripts/build.mjs). */
const LANGUAGE_CLIENT_BUNDLE = 'dist/languageClient.js';

export function startServerLater(ctx: MessengerContext, statusBar: MessengerStatusBar): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    setImmediate(() => {
      try {
        // A computed path, so esbuild leaves this require to run time instead of bundling it here.
        const module = require(ctx.extension.asAbsolutePath(LANGUAGE_CLIENT_BUNDLE)) as typeof LanguageClientModule;
        const server = module.startLanguageClient(ctx);
        ctx.server = server;
        ctx.push(server.onDidChangeState((state) => statusBar.update({ server: state })));
        server.ready.then(() => {
          void ctx.model.attach(server);
          resolve();
        }, reject);
      } catch (error) {
        reject(error);
      }
    });
  });
  const reported = ready.then(
    () => ctx.log.info('Language server ready.'),
    (error: unknown) => {
      const message = `Messenger: the language server did not start: ${error instanceof Error ? error.message : String(error)}`;
      ctx.log.error(message);
      statusBar.update({ server: 'failed' });
      void vscode.window.showErrorMessage(message, 'Show Logs').then((choice) => choice && ctx.log.show());
      throw error;
    },
  );
  reported.catch(() => {}); // reported above; the API still rejects for whoever awaits it
  return reported;
}
