/**
 * Starts the bundled language server (dist/server.js) over Node IPC with vscode-languageclient.
 * The server only analyses files (it never runs the project), so it runs in restricted mode
 * too. Its documents and settings: documentSelector.ts.
 */
import {
  MODEL_CHANGED_NOTIFICATION,
  MODEL_REQUEST,
  type ModelParams,
  type ModelResult,
} from '@messenger-ts/server/protocol';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { MessengerContext } from '../activation/MessengerContext';
import type { ModelSource } from '../model/ModelStore';
import { configFileSetting } from '../config/projectLayout';
import { DOCUMENT_SELECTOR, serverSettings } from './documentSelector';

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

/** The running server; as a ModelSource, it feeds the views with `messenger/model`. */
export interface LanguageServerHandle extends ModelSource {
  readonly client: LanguageClient;
  /** Resolves when the server answered `initialize`; rejects if it could not start. */
  readonly ready: Promise<void>;
  state(): ServerState;
  onDidChangeState(listener: (state: ServerState) => void): vscode.Disposable;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function settingsFor(ctx: MessengerContext): ReturnType<typeof serverSettings> {
  const settings = ctx.settings();
  return serverSettings(settings.environment, configFileSetting(settings.configPath));
}

const SERVER_ID = 'messenger';
const SERVER_NAME = 'Messenger Language Server';

export function startLanguageClient(ctx: MessengerContext): LanguageServerHandle {
  const module = ctx.extension.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR.map((selector) => ({ ...selector })),
    outputChannel: vscode.window.createOutputChannel(SERVER_NAME, { log: true }),
    initializationOptions: settingsFor(ctx),
  };
  const client = new LanguageClient(SERVER_ID, SERVER_NAME, serverOptions, clientOptions);
  ctx.push(clientOptions.outputChannel!);
  ctx.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (
        !(event.affectsConfiguration('messenger.environment') || event.affectsConfiguration('messenger.configPath')) ||
        client.state !== State.Running
      )
        return;
      void client.sendNotification(DidChangeConfigurationNotification.type, { settings: settingsFor(ctx) });
    }),
  );

  let failed = false;
  const states = new vscode.EventEmitter<ServerState>();
  ctx.push(states);
  const state = (): ServerState =>
    failed
      ? 'failed'
      : client.state === State.Running
        ? 'running'
        : client.state === State.Starting
          ? 'starting'
          : 'stopped';
  ctx.push(client.onDidChangeState(() => states.fire(state())));

  const ready = client.start().catch((error: unknown) => {
    failed = true;
    states.fire('failed');
    throw error;
  });
  return {
    client,
    ready,
    state,
    onDidChangeState: (listener) => states.event(listener),
    requestModel: () => client.sendRequest<ModelResult>(MODEL_REQUEST, {} satisfies ModelParams),
    // Registered on the client, so it survives a restart of the server.
    onModelChanged: (listener) => client.onNotification(MODEL_CHANGED_NOTIFICATION, () => listener()),
    restart: async () => {
      failed = false;
      await client.restart();
    },
    stop: async () => {
      if (client.needsStop()) await client.stop();
    },
  };
}
