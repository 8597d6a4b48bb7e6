/**
 * Resolves Symfony's placeholders in config strings: `%env(NAME)%` with the usual processors
 * (`%env(int:PORT)%`, `%env(default:fallback:NAME)%`…), `%kernel.project_dir%`,
 * `%kernel.environment%`, and `%%` for a literal percent sign.
 */
export interface PlaceholderContext {
  readonly env: Readonly<Record<string, string>>;
  readonly parameters: Readonly<Record<string, string>>;
}

export type Resolved =
  | { readonly ok: true; readonly value: unknown }
  /** `missingVariable`: the environment variable that is not set (what a fix defines). */
  | { readonly ok: false; readonly message: string; readonly missingVariable?: string };

const PLACEHOLDER = /%%|%env\(([^)%]*)\)%|%([a-zA-Z_][\w.]*)%/g;

/** The names of the env variables a string refers to (for the language server). */
export function envVariablesIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match[1] !== undefined) names.push(match[1].split(':').pop()!);
  }
  return names;
}

/**
 * How to show a resolved value in an error: the value itself, or, when it came from the
 * environment, the variable's name (env values may be secrets, and errors end up in logs).
 */
export function showResolved(template: unknown, resolved: unknown): string {
  if (typeof template === 'string' && envVariablesIn(template).length > 0) {
    return `the value of ${envVariablesIn(template)
      .map((name) => `env var "${name}"`)
      .join(', ')}`;
  }
  return JSON.stringify(resolved);
}

export function resolvePlaceholders(text: string, context: PlaceholderContext): Resolved {
  // A value that is exactly one %env()% keeps the processor's type (int, bool, json…).
  const whole = /^%env\(([^)%]*)\)%$/.exec(text);
  if (whole !== null) return resolveEnv(whole[1]!, context);
  let failure: string | undefined;
  const value = text.replace(PLACEHOLDER, (all, envExpression: string | undefined, parameter: string | undefined) => {
    if (all === '%%') return '%';
    const resolved =
      envExpression !== undefined ? resolveEnv(envExpression, context) : resolveParameter(parameter!, context);
    if (!resolved.ok) {
      failure ??= resolved.message;
      return all;
    }
    return resolved.value === null || resolved.value === undefined ? '' : String(resolved.value);
  });
  return failure === undefined ? { ok: true, value } : { ok: false, message: failure };
}

function resolveParameter(name: string, context: PlaceholderContext): Resolved {
  const value = Object.hasOwn(context.parameters, name) ? context.parameters[name] : undefined;
  if (value === undefined)
    return {
      ok: false,
      message: `Unknown parameter "%${name}%" (known: ${Object.keys(context.parameters)
        .map((p) => `%${p}%`)
        .join(', ')}).`,
    };
  return { ok: true, value };
}

type Processor = (value: string, name: string) => Resolved;

const fail = (message: string): Resolved => ({ ok: false, message });

const PROCESSORS: Readonly<Record<string, Processor>> = {
  string: (v) => ({ ok: true, value: v }),
  trim: (v) => ({ ok: true, value: v.trim() }),
  int: (v, n) =>
    /^-?\d+$/.test(v.trim())
      ? { ok: true, value: Number.parseInt(v, 10) }
      : fail(`Environment variable "${n}" must be an integer for %env(int:…)%.`),
  float: (v, n) =>
    v.trim() !== '' && Number.isFinite(Number(v))
      ? { ok: true, value: Number(v) }
      : fail(`Environment variable "${n}" must be a number for %env(float:…)%.`),
  bool: (v) => ({ ok: true, value: ['1', 'true', 'on', 'yes'].includes(v.trim().toLowerCase()) }),
  not: (v) => ({ ok: true, value: !['1', 'true', 'on', 'yes'].includes(v.trim().toLowerCase()) }),
  urlencode: (v) => ({ ok: true, value: encodeURIComponent(v) }),
  base64: (v) => ({ ok: true, value: Buffer.from(v, 'base64').toString('utf8') }),
  json: (v, n) => {
    try {
      return { ok: true, value: JSON.parse(v) as unknown };
    } catch {
      return fail(`Environment variable "${n}" is not valid JSON for %env(json:…)%.`);
    }
  },
};

function resolveEnv(expression: string, context: PlaceholderContext): Resolved {
  const parts = expression.split(':');
  const name = parts.pop()!;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    return fail(`Invalid environment variable name "${name}" in %env(${expression})%.`);
  // Own keys only: %env(constructor)% must not find Object.prototype's.
  let raw = Object.hasOwn(context.env, name) ? context.env[name] : undefined;
  // default:<parameter>:NAME falls back to a parameter (or null when empty) if NAME is not set.
  if (parts[0] === 'default') {
    const fallback = parts[1] ?? '';
    parts.splice(0, 2);
    if (raw === undefined || raw === '') {
      if (fallback === '') return { ok: true, value: null };
      const parameter = resolveParameter(fallback, context);
      if (!parameter.ok) return parameter;
      raw = String(parameter.value);
    }
  }
  if (raw === undefined) {
    return {
      ok: false,
      message: `Environment variable not found: "${name}". Define it in .env (or .env.local) or in the environment.`,
      missingVariable: name,
    };
  }
  let value: unknown = raw;
  // Processors apply right to left, as in Symfony: %env(int:trim:PORT)% trims, then casts.
  for (const processorName of parts.reverse()) {
    const processor = PROCESSORS[processorName];
    if (processor === undefined)
      return fail(
        `Unsupported env processor "${processorName}" in %env(${expression})% (supported: default, ${Object.keys(PROCESSORS).join(', ')}).`,
      );
    const result = processor(String(value), name);
    if (!result.ok) return result;
    value = result.value;
  }
  return { ok: true, value };
}
