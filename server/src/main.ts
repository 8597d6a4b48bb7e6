/**
 * The language server's entry: binds LSP connection events to MessengerServer. Safe to bundle
 * as CommonJS (no top-level await, no import.meta).
 */
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  type Disposable,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type DiskWatcher, watchDisk } from './diskWatcher.js';
import { FEATURES, featureCapabilities } from './features/index.js';
import { MessengerServer } from './MessengerServer.js';
import { MODEL_REQUEST, type ModelParams } from './protocol.js';
import { watchedFileGlobs } from './watchers.js';

// stdio unless the client chose another transport (VS Code passes --node-ipc or --stdio itself).
if (!process.argv.some((arg) => /^--(stdio|node-ipc|socket|pipe)/.test(arg))) process.argv.push('--stdio');
const connection = createConnection(ProposedFeatures.all);
// TextDocuments applies the client's incremental edits; the workspace keeps the string getText()
// returns (the document's own, not a copy) as its overlay: each buffer's text is in memory once.
const documents = new TextDocuments(TextDocument);
const server = new MessengerServer({
  publishDiagnostics: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
  sendNotification: (method, params) => void connection.sendNotification(method, params),
  log: (message) => connection.console.error(message),
  showWarning: (message) => void connection.window.showWarningMessage(message),
});
let watchFiles = false;
/** The folders to watch on disk ourselves when the client cannot watch files for us. */
let folderPaths: string[] = [];
let diskWatcher: DiskWatcher | undefined;
let watchers: { readonly globs: string; readonly registration: Promise<Disposable> } | undefined;

// A bug must be reported, not end the editor's session.
process.on('uncaughtException', (error) =>
  connection.console.error(`messenger: uncaught exception: ${error.stack ?? error.message}`),
);
process.on('unhandledRejection', (reason) =>
  connection.console.error(
    `messenger: unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`,
  ),
);

connection.onInitialize((params) => {
  const folders =
    params.workspaceFolders?.map((f) => f.uri) ??
    (params.rootUri ? [params.rootUri] : params.rootPath ? [params.rootPath] : []);
  server.initialize(folders, params.initializationOptions, params.capabilities);
  folderPaths = folders.map((folder) => (folder.startsWith('file:') ? fileURLToPath(folder) : folder));
  watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      ...featureCapabilities(FEATURES),
    },
    serverInfo: { name: 'messenger-language-server' },
  };
});

/** Asks the client to watch what the server reads; again when the configured config file changes. */
function registerWatchers(): void {
  if (!watchFiles) return;
  const globs = watchedFileGlobs(server.configFile);
  if (watchers?.globs === globs.join('\n')) return;
  const previous = watchers?.registration;
  watchers = {
    globs: globs.join('\n'),
    registration: connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: globs.map((globPattern) => ({ globPattern })),
    }),
  };
  void previous?.then((registration) => registration.dispose());
}

// The first analysis may take seconds on a large codebase: it starts once the client has the initialize answer.
connection.onInitialized(() => {
  registerWatchers();
  server.start();
  // Diagnostics follow the disk for the whole workspace, open files or not: with the client's watcher, else our own.
  if (!watchFiles && folderPaths.length > 0)
    diskWatcher = watchDisk(
      folderPaths,
      (change) => server.filesChanged([{ uri: pathToFileURL(change.path).href, created: change.created }]),
      () => connection.console.info(`messenger: watching ${folderPaths.join(', ')} for changes on disk`),
    );
});

documents.onDidOpen((event) => server.openDocument(event.document.uri, event.document.getText()));
documents.onDidChangeContent((event) => server.changeDocument(event.document.uri, event.document.getText()));
documents.onDidClose((event) => server.closeDocument(event.document.uri));
connection.onDidChangeWatchedFiles((params) =>
  server.filesChanged(params.changes.map((c) => ({ uri: c.uri, created: c.type !== FileChangeType.Changed }))),
);
connection.onDidChangeConfiguration((params) => {
  server.configure(params.settings);
  registerWatchers();
});
connection.onRequest(MODEL_REQUEST, (params: ModelParams | undefined) => server.model(params));
for (const feature of FEATURES)
  connection.onRequest(feature.method, (params: unknown) => server.request(feature, params));
connection.onShutdown(async () => {
  server.dispose();
  await diskWatcher?.close();
});

documents.listen(connection);
connection.listen();
