#!/usr/bin/env node
/**
 * Source of syntaxes/messenger-yaml.injection.tmLanguage.json, the TextMate grammar injected
 * into VS Code's YAML grammar (package.json: "injectTo": ["source.yaml"]). Regexes are built
 * here from named parts because a DSN regex written out in JSON is unreadable.
 * Run `node syntaxes/messenger-yaml.injection.mjs` after a change; a test fails while the
 * JSON is stale, and the snapshot tests in syntaxes/test/ show what each scope covers.
 *
 * It highlights, in messenger.yaml (and other YAML files, where these shapes are rare):
 *   - DSNs: scheme, user, password, host, port, path, query keys and values;
 *   - placeholders: %env(processor:…:NAME)%, %kernel.project_dir%, %%;
 *   - transport references: `failure_transport: x`, `senders: [x, y]`, and the values of
 *     routing entries whose key is a namespaced class (`'App\Message\Sms': async`), in flow
 *     form or as a block sequence (`senders:` then `- async` lines).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const S = 'messenger'; // scope suffix

// %env(NAME)%, %env(int:default::NAME)% — processors and name, no spaces, no nested parens.
const ENV = String.raw`%env\([^()%\s'"]*\)%`;
// %kernel.project_dir% — a parameter; %% — a literal percent sign.
const PARAMETER = String.raw`%[A-Za-z_][\w.]*%`;
// %2f — percent-encoding, common in AMQP vhosts.
const ENCODED = '%[0-9A-Fa-f]{2}';
const PLACEHOLDER = `${ENV}|${PARAMETER}|%%|${ENCODED}`;
/** One or more characters of a DSN part, where `%` may only start a placeholder or an encoding. */
const part = (exclude) => `(?:${PLACEHOLDER}|[^${exclude}%\\s'"\`,\\[\\]{}])*`;

const DSN = [
  String.raw`\b([a-zA-Z][a-zA-Z0-9+.-]*)(://)`, // 1 scheme, 2 ://
  `(?:(${part(':@/?#')})(?:(:)(${part('@/?#')}))?(@))?`, // 3 user, 4 :, 5 password, 6 @
  `(\\[[0-9A-Fa-f:.]+\\]|${part(':/?#')})`, // 7 host (an IPv6 address in brackets, or a name)
  String.raw`(?:(:)(\d+|${ENV}|${PARAMETER}))?`, // 8 :, 9 port
  `((?:/${part('?#')})*)`, // 10 path
  `(?:(\\?)(${part('#')}))?`, // 11 ?, 12 query
].join('');

const withPlaceholders = (name) => ({ name, patterns: [{ include: '#placeholder' }] });

const TRANSPORT_NAME = String.raw`[A-Za-z0-9_][\w.-]*`;
// A namespaced class (App\Message\Sms), a namespace wildcard (App\Message\*) or `*`.
const CLASS_KEY = String.raw`(?:[A-Za-z_]\w*\\)+(?:[A-Za-z_]\w*|\*)|\*`;

// Symfony's env var processors; default, key and enum take an argument (`default:fallback:NAME`).
const PROCESSORS_WITH_ARGUMENT = ['default', 'key', 'enum'];
const PROCESSORS = [
  ...PROCESSORS_WITH_ARGUMENT,
  'string',
  'bool',
  'not',
  'int',
  'float',
  'json',
  'base64',
  'base64url',
  'resolve',
  'csv',
  'shuffle',
  'file',
  'require',
  'trim',
  'url',
  'query_string',
  'urlencode',
  'const',
  'defined',
];
const PROCESSOR_CHAIN = `(?:(?:${PROCESSORS_WITH_ARGUMENT.join('|')}):[^():%\\s'"]*:|(?:${PROCESSORS.join('|')}):)*`;

const transportName = (n) => ({
  [n]: { name: 'punctuation.definition.string.begin.yaml' },
  [n + 1]: { name: `entity.name.type.transport.${S}` },
  [n + 2]: { name: 'punctuation.definition.string.end.yaml' },
});

/**
 * `<key>: <value>` where the value names transports: one name, or a flow sequence of names.
 * One `match` per line (no begin/end state), so a value in another shape — a block sequence
 * on the next lines — leaves the YAML grammar in charge.
 */
function transportReference(keyRegex, keyScope) {
  return {
    match: String.raw`(?<=^|\s|\{|,)(['"]?)(${keyRegex})(\1)\s*(:)(?:\s+(['"]?)(${TRANSPORT_NAME})(\5)(?=\s*(?:\s#|$|[,}]))|\s+(\[)([^\]#]*)(\]))?`,
    captures: {
      1: { name: 'punctuation.definition.string.begin.yaml' },
      2: { name: keyScope },
      3: { name: 'punctuation.definition.string.end.yaml' },
      4: { name: 'punctuation.separator.map.value.yaml' },
      ...transportName(5),
      8: { name: 'punctuation.definition.sequence.begin.yaml' },
      9: {
        patterns: [
          { match: String.raw`(['"]?)(${TRANSPORT_NAME})(\1)`, captures: transportName(1) },
          { match: ',', name: 'punctuation.separator.sequence.yaml' },
        ],
      },
      10: { name: 'punctuation.definition.sequence.end.yaml' },
    },
  };
}

/**
 * `<key>:` alone on its line, then a block sequence of transport names (`- async`, one a
 * line). A begin/end rule, because the names are on the following lines; it must come before
 * transportReference, which would otherwise take the key line and leave VS Code's YAML
 * grammar to read the items without their key (it marks them invalid). The list ends at the
 * first line that is neither an item nor blank nor a comment, or earlier when the YAML
 * grammar's indentation (its `while` rules, checked first on each line) closes the mapping
 * the key belongs to. Those rules consume the indentation they check, so a line's own start
 * is `\G` here, not `^`.
 */
function transportList(keyRegex, keyScope) {
  return {
    begin: String.raw`(?<=^|\s)(['"]?)(${keyRegex})(\1)\s*(:)(?=\s*(?:#.*)?$)`,
    beginCaptures: {
      1: { name: 'punctuation.definition.string.begin.yaml' },
      2: { name: keyScope },
      3: { name: 'punctuation.definition.string.end.yaml' },
      4: { name: 'punctuation.separator.map.value.yaml' },
    },
    end: String.raw`(?:^|\G)(?!\s*-(?:\s|$))(?!\s*(?:#.*)?$)`,
    name: `meta.transport-list.${S}`,
    patterns: [
      {
        match: String.raw`(?:^|\G)\s*(-)(?:\s+(['"]?)(${TRANSPORT_NAME})(\2))?(?=\s*(?:\s#|$))`,
        captures: { 1: { name: 'punctuation.definition.block.sequence.item.yaml' }, ...transportName(2) },
      },
      {
        match: String.raw`(?:^|\s)((#).*)$`,
        captures: { 1: { name: 'comment.line.number-sign.yaml' }, 2: { name: 'punctuation.definition.comment.yaml' } },
      },
    ],
  };
}

export const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  information_for_contributors: ['Generated by syntaxes/messenger-yaml.injection.mjs: edit that file, then run it.'],
  name: 'messenger.yaml (DSNs, placeholders, transport references)',
  scopeName: 'messenger-yaml.injection',
  // L: our patterns win over YAML's at the same position; never inside comments, nor inside
  // our own transport lists (where a key must end the list, not start a nested one).
  injectionSelector: `L:source.yaml -comment -meta.transport-list.${S}`,
  patterns: [{ include: '#transport-reference' }, { include: '#dsn' }, { include: '#placeholder' }],
  repository: {
    dsn: {
      match: DSN,
      name: `meta.dsn.${S}`,
      captures: {
        1: { name: `keyword.other.dsn.scheme.${S}` },
        2: { name: `punctuation.separator.dsn.scheme.${S}` },
        3: withPlaceholders(`variable.other.dsn.user.${S}`),
        4: { name: `punctuation.separator.dsn.credentials.${S}` },
        5: withPlaceholders(`variable.other.dsn.password.${S}`),
        6: { name: `punctuation.separator.dsn.host.${S}` },
        7: withPlaceholders(`entity.name.tag.dsn.host.${S}`),
        8: { name: `punctuation.separator.dsn.port.${S}` },
        9: withPlaceholders(`constant.numeric.dsn.port.${S}`),
        10: withPlaceholders(`string.other.dsn.path.${S}`),
        11: { name: `punctuation.separator.dsn.query.${S}` },
        12: { name: `meta.dsn.query.${S}`, patterns: [{ include: '#dsn-query-parameter' }] },
      },
    },
    'dsn-query-parameter': {
      match: `(${part('=&#')})(?:(=)(${part('&#')}))?(&)?`,
      captures: {
        1: withPlaceholders(`entity.other.attribute-name.dsn.query.${S}`),
        2: { name: `punctuation.separator.dsn.query.${S}` },
        3: withPlaceholders(`string.other.dsn.query.value.${S}`),
        4: { name: `punctuation.separator.dsn.query.${S}` },
      },
    },
    placeholder: {
      patterns: [
        {
          match: `(%env\\()(${PROCESSOR_CHAIN})([A-Za-z_][A-Za-z0-9_]*)?(\\)%)`,
          name: `meta.placeholder.env.${S}`,
          captures: {
            1: { name: `punctuation.definition.placeholder.begin.${S}` },
            2: {
              name: `meta.env.processors.${S}`,
              patterns: [
                {
                  match: `(${PROCESSORS_WITH_ARGUMENT.join('|')})(:)([^:]*)(:)`,
                  captures: {
                    1: { name: `support.function.env-processor.${S}` },
                    2: { name: `punctuation.separator.env-processor.${S}` },
                    3: { name: `variable.parameter.env-processor.${S}` },
                    4: { name: `punctuation.separator.env-processor.${S}` },
                  },
                },
                {
                  match: '([a-z_0-9]+)(:)',
                  captures: {
                    1: { name: `support.function.env-processor.${S}` },
                    2: { name: `punctuation.separator.env-processor.${S}` },
                  },
                },
              ],
            },
            3: { name: `variable.other.constant.env.${S}` },
            4: { name: `punctuation.definition.placeholder.end.${S}` },
          },
        },
        {
          match: String.raw`(%)([A-Za-z_][\w.]*)(%)`,
          name: `meta.placeholder.parameter.${S}`,
          captures: {
            1: { name: `punctuation.definition.placeholder.begin.${S}` },
            2: { name: `variable.other.parameter.${S}` },
            3: { name: `punctuation.definition.placeholder.end.${S}` },
          },
        },
        { match: '%%', name: `constant.character.escape.percent.${S}` },
      ],
    },
    'transport-reference': {
      patterns: [
        // senders:⏎ - async⏎ - audit — 'App\\Message\\Sms':⏎ - async
        transportList('senders', 'entity.name.tag.yaml'),
        transportList(CLASS_KEY, `entity.name.tag.yaml entity.name.type.class.message.${S}`),
        // failure_transport: failed — senders: [async, audit]
        transportReference('failure_transport|senders', 'entity.name.tag.yaml'),
        // routing: 'App\\Message\\Sms': async — 'App\\Message\\*': [async, audit]
        transportReference(CLASS_KEY, `entity.name.tag.yaml entity.name.type.class.message.${S}`),
      ],
    },
  },
};

export const GENERATED_FILE = fileURLToPath(new URL('./messenger-yaml.injection.tmLanguage.json', import.meta.url));

export function generatedJson() {
  return `${JSON.stringify(grammar, null, 2)}\n`;
}

// `--check` (the unit tests) exits 1 when the committed JSON is not what this file generates.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const current = existsSync(GENERATED_FILE) ? readFileSync(GENERATED_FILE, 'utf8') : '';
    if (current !== generatedJson()) {
      console.error(`${GENERATED_FILE} is stale: run node syntaxes/messenger-yaml.injection.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(GENERATED_FILE, generatedJson());
    console.log(`wrote ${GENERATED_FILE}`);
  }
}
