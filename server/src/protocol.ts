/**
 * The custom LSP protocol of the messenger language server, shared by the server and the
 * VS Code client (import it from `@messenger-ts/server/protocol`). It loads no code but the
 * runtime's contract (the config problem codes): method names are plain strings, shapes plain JSON.
 *
 * Besides the standard `textDocument/publishDiagnostics` (codes and default severities:
 * `DIAGNOSTIC_DEFAULT_SEVERITIES`; `data`: `DiagnosticData`) and the requests of its features, the
 * server speaks:
 *
 * | method                    | kind         | direction         | params                  | result          |
 * |---------------------------|--------------|-------------------|-------------------------|-----------------|
 * | `messenger/model`         | request      | client → server   | {@link ModelParams}     | {@link ModelResult} |
 * | `messenger/modelChanged`  | notification | server → client   | {@link ModelChangedParams} | —            |
 *
 * The server sends `messenger/modelChanged` after each analysis whose model differs from the
 * previous one (and once after the first analysis); the client then asks `messenger/model`
 * when it needs the model (e.g. a visible tree). DSNs are masked (`user:****@host`) everywhere.
 *
 * Initialization options (`initializationOptions`, all optional):
 * `{ env?: string; severities?: Record<code, 'error' | 'warning' | 'information' | 'hint' | 'off'> }`.
 * `workspace/didChangeConfiguration` with `{ settings: { messenger: { env, severities } } }` changes them.
 */
import { CONFIG_PROBLEM_SEVERITIES, type HandlerMapping } from '@messenger-ts/runtime/contract';

/** `messenger/model`: the model of every messenger project in the workspace (or one of them). */
export const MODEL_REQUEST = 'messenger/model';
/** `messenger/modelChanged`: a project's model changed; ask `messenger/model` for it. */
export const MODEL_CHANGED_NOTIFICATION = 'messenger/modelChanged';

/**
 * The command of the server's code lenses: show these places, as a references list at this
 * position. Arguments: `[uri: string, position: Position, locations: { uri: string; range: Range }[]]`
 * (LSP JSON). The VS Code extension registers it; other clients map it to their own list.
 */
export const SHOW_LOCATIONS_COMMAND = 'messenger.showLocations';

export interface ModelParams {
  /** Only the project containing this file or directory (absolute path or file URI). */
  readonly projectDir?: string;
}

export interface ModelResult {
  /** Increases with every analysis. */
  readonly version: number;
  readonly projects: readonly ProjectModel[];
}

export interface ModelChangedParams {
  readonly version: number;
  /** The projects whose model changed. */
  readonly projectDirs: readonly string[];
}

/** 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A place in a file (absolute path). */
export interface SourceRef {
  readonly file: string;
  readonly range: Range;
}

export interface ProjectModel {
  readonly projectDir: string;
  /** APP_ENV the config was read for. */
  readonly env: string;
  /** messenger.yaml files and .env files read, in order. */
  readonly configFiles: readonly string[];
  /** The createMessenger() call the model follows, if one was found. */
  readonly bootstrap: SourceRef | undefined;
  readonly defaultBus: string;
  readonly buses: readonly BusModel[];
  readonly transports: readonly TransportModel[];
  readonly failureTransport: string | undefined;
  readonly routing: readonly RoutingRuleModel[];
  readonly messages: readonly MessageModel[];
  readonly handlers: readonly HandlerModel[];
  readonly dispatches: readonly DispatchModel[];
  /** Bus → message → handlers: exactly what `messenger debug --format json` prints for the running app. */
  readonly handlerMapping: HandlerMappingModel;
  readonly diagnosticCounts: {
    readonly error: number;
    readonly warning: number;
    readonly information: number;
    readonly hint: number;
  };
}

export interface BusModel {
  readonly name: string;
  readonly isDefault: boolean;
  /** true, false, or `allow_no_handlers`. */
  readonly defaultMiddleware: boolean | 'allow_no_handlers';
  readonly middleware: readonly string[];
  readonly location: SourceRef | undefined;
}

export interface TransportModel {
  readonly name: string;
  /** Credentials masked. */
  readonly dsn: string;
  readonly scheme: string | undefined;
  /** Whether messages go through the serializer (every transport but sync://, and in-memory:// without serialize). */
  readonly serializes: boolean;
  readonly failureTransport: string | undefined;
  readonly retryStrategy: {
    readonly maxRetries: number;
    readonly delay: number;
    readonly multiplier: number;
    readonly maxDelay: number;
    readonly service: string | undefined;
  };
  readonly location: SourceRef;
}

export interface RoutingRuleModel {
  /** The routing key as written: a class name, a namespaced name, or `*`. */
  readonly message: string;
  readonly transports: readonly string[];
  readonly location: SourceRef;
  /** The message id it resolved to, `*`, or undefined when it names no class. */
  readonly resolvedTo: string | undefined;
}

export type RouteSource = 'class' | 'parent' | 'attribute' | 'wildcard';

export interface MessageModel {
  /** `<absolute file>#<ClassName>`. */
  readonly id: string;
  /** The name on the wire and in `messenger debug`: the @AsMessage type, else the class name. */
  readonly name: string;
  readonly className: string;
  readonly location: SourceRef;
  readonly parent: string | undefined;
  readonly abstract: boolean;
  /** Known to the runtime's registry (handled, in createMessenger `messages`, or imported by a namespaced routing key). */
  readonly registered: boolean;
  readonly origins: ReadonlyArray<'dispatched' | 'handled' | 'routed' | 'attribute' | 'registered'>;
  readonly asMessage: { readonly transports: readonly string[]; readonly type: string | undefined } | undefined;
  readonly routes: ReadonlyArray<{
    readonly transport: string;
    readonly source: RouteSource;
    readonly matched: string;
  }>;
  readonly properties: readonly PropertyModel[];
  /** Handler ids of registered handlers, per bus. */
  readonly handlers: Readonly<Record<string, readonly string[]>>;
}

export interface PropertyModel {
  readonly name: string;
  /** The type as written. */
  readonly type: string;
  readonly optional: boolean;
  readonly location: SourceRef;
  /** The message or value class it holds, when it is one of the project's classes. */
  readonly classId?: string;
  /** Properties of the nested class, interface or object type (not repeated for a type already shown above it). */
  readonly properties?: readonly PropertyModel[];
}

export interface HandlerModel {
  /** `<absolute file>#<ClassName>::<method>#<n>`. */
  readonly id: string;
  /** `Class::method`, as HandledStamp names it. */
  readonly name: string;
  readonly className: string;
  readonly method: string;
  /** Message id, `*`, or undefined when the message class cannot be told. */
  readonly handles: string | undefined;
  readonly handlesName: string | undefined;
  /** No class given to @AsMessageHandler: read from the parameter type (an error at run time). */
  readonly inferred: boolean;
  readonly bus: string | undefined;
  readonly fromTransport: string | undefined;
  readonly priority: number;
  /** Listed in createMessenger({ handlers }). */
  readonly registered: boolean;
  /** The buses it is registered on. */
  readonly buses: readonly string[];
  readonly location: SourceRef;
}

export interface DispatchModel {
  readonly location: SourceRef;
  readonly via: 'dispatch' | 'handle';
  readonly message: string | undefined;
  readonly messageName: string | undefined;
  /** The buses it goes through; undefined when the analysis cannot tell. */
  readonly buses: readonly string[] | undefined;
}

/** Bus → message → handlers, exactly as `messenger debug --format json` prints it. */
export type HandlerMappingModel = HandlerMapping;

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Codes of what the analysis finds in the code (messenger.yaml problems use the runtime's codes), with their default severity. */
export const ANALYSIS_DIAGNOSTIC_SEVERITIES = {
  'unrouted-message': 'information',
  'non-serializable-payload': 'error',
  'missing-handler': 'error',
  'unreachable-handler': 'warning',
  'ambiguous-query-handlers': 'error',
  'missing-message-class': 'error',
  'unregistered-handler': 'warning',
  'invalid-handler-entry': 'error',
  'unresolved-handler-entry': 'information',
  'unknown-handler-method': 'error',
  'handles-mismatch': 'error',
  'unknown-handler-bus': 'error',
  'duplicate-message-name': 'error',
  'no-application': 'information',
  'invalid-tsconfig': 'warning',
  'no-tsconfig': 'information',
  'empty-tsconfig': 'information',
  'file-not-analysed': 'information',
  'invalid-setting': 'warning',
} as const satisfies Record<string, Severity>;

/**
 * Every code the server publishes (`Diagnostic.code`, source `messenger`) with its default
 * severity: the one table. A finding the analysis is less sure of is published less severe
 * (a warning, or information), and the user's settings override any code.
 */
export const DIAGNOSTIC_DEFAULT_SEVERITIES = {
  ...CONFIG_PROBLEM_SEVERITIES,
  ...ANALYSIS_DIAGNOSTIC_SEVERITIES,
} as const satisfies Record<string, Severity>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_DEFAULT_SEVERITIES;

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.hasOwn(DIAGNOSTIC_DEFAULT_SEVERITIES, value);
}

/**
 * `Diagnostic.data`: what a quick-fix needs to repair the finding without analysing again.
 * Which fields are set depends on the code; all are optional.
 */
export interface DiagnosticData {
  /** The class at issue: a message without handler or route, a handler class, the class a decorator should name. */
  readonly className?: string;
  /** The file that declares that class. */
  readonly classFile?: string;
  /** A name that names nothing: a bus, a transport, a routing key, a service or middleware id. */
  readonly unknownName?: string;
  /** The existing name closest to it: what a fix writes instead. */
  readonly closestName?: string;
  /** The file a fix edits or creates: messenger.yaml, the bootstrap module. */
  readonly targetFile?: string;
  /** The bus the finding is about. */
  readonly bus?: string;
  /** The transport the finding is about. */
  readonly transport?: string;
}

/** The `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'messenger';
