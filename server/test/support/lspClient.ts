import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  type ClientCapabilities,
  DidChangeConfigurationNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Registration,
  RegistrationRequest,
  type ServerCapabilities,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
  type Unregistration,
  UnregistrationRequest,
} from 'vscode-languageserver-protocol/node';
import {
  MODEL_CHANGED_NOTIFICATION,
  MODEL_REQUEST,
  type ModelChangedParams,
  type ModelResult,
} from '../../src/protocol.js';

export const SERVER_BIN = fileURLToPath(new URL('../../bin/messenger-language-server.js', import.meta.url));

/**
 * A real JSON-RPC client driving the built language server over stdio, as an editor does:
 * it keeps the latest diagnostics per document and the model notifications it received.
 */
export class LspTestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics received, in order. */
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly modelChanges: ModelChangedParams[] = [];
  /** Capabilities the server registered (file watchers), and unregistered. */
  readonly registrations: Registration[] = [];
  readonly unregistrations: Unregistration[] = [];
  /** What the server answered to `initialize`. */
  capabilities: ServerCapabilities = {};
  private stderrText = '';
  private readonly versions = new Map<string, number>();
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    child.stderr!.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString()));
    child.on('exit', () => (this.exited = true));
    connection.onNotification(PublishDiagnosticsNotification.method, (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.publishes.push(params);
    });
    connection.onNotification(MODEL_CHANGED_NOTIFICATION, (params: ModelChangedParams) => {
      this.modelChanges.push(params);
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    connection.onRequest(UnregistrationRequest.type, (params) => {
      this.unregistrations.push(...params.unregisterations);
    });
  }

  static async start(
    rootDir: string,
    initializationOptions: unknown = {},
    capabilities: ClientCapabilities = {},
  ): Promise<LspTestClient> {
    const child = spawn(process.execPath, [SERVER_BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const client = new LspTestClient(child, connection);
    connection.listen();
    const initialized = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(rootDir).href,
      workspaceFolders: [{ uri: pathToFileURL(rootDir).href, name: 'fixture' }],
      capabilities,
      initializationOptions,
    });
    client.capabilities = initialized.capabilities;
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** The server process (benchmarks read its memory in /proc). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  uri(path: string): string {
    return pathToFileURL(path).href;
  }

  async open(path: string, text = readFileSync(path, 'utf8')): Promise<void> {
    this.versions.set(path, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: this.uri(path), languageId: path.endsWith('.ts') ? 'typescript' : 'yaml', version: 1, text },
    });
  }

  async change(path: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(path) ?? 1) + 1;
    this.versions.set(path, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: this.uri(path), version },
      contentChanges: changes,
    });
  }

  async configure(settings: unknown): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  async close(path: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri: this.uri(path) },
    });
  }

  /** The model; also a barrier: the server finishes pending analyses (and publishes) before answering. */
  model(projectDir?: string): Promise<ModelResult> {
    return this.connection.sendRequest(
      MODEL_REQUEST,
      projectDir === undefined ? {} : { projectDir },
    ) as Promise<ModelResult>;
  }

  /** Waits until `predicate` holds, checking each time a notification arrives (and every 20 ms). */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline)
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Server stderr:\n${this.stderrText}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Every published diagnostic as `file:line:col code`, sorted: easy to compare. */
  summary(base: string): string[] {
    const out: string[] = [];
    for (const [uri, diagnostics] of this.diagnostics) {
      const file = fileURLToPath(uri).slice(base.length + 1);
      for (const d of diagnostics)
        out.push(
          `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.code} ${d.message}`,
        );
    }
    return out.sort();
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    }
    this.connection.dispose();
    await new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(() => {
        this.child.kill();
        resolve();
      }, 2000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
