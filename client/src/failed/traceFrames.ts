/**
 * A recorded trace cut into lines, each with the file and line it names when it names one:
 * Node's `at fn (/app/src/x.ts:12:5)`, `at file:///app/src/x.ts:12:5`, and PHP's
 * `#0 /app/src/X.php(42): …` (a Symfony worker's trace). The panel makes those lines links that
 * open the file at the line; which files may open is the extension's call (openFrame.ts).
 */
import { fileURLToPath } from 'node:url';

export interface TraceFrame {
  readonly file: string;
  /** 1-based, as traces print them. */
  readonly line: number;
  readonly column: number;
}

export interface TraceLine {
  readonly text: string;
  readonly frame?: TraceFrame;
}

// `(path:line:col)` or ` path:line:col` at the end of a Node frame; the path absolute or a file: URL.
const NODE_FRAME = /[(\s]((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^()]*?):(\d+):(\d+)\)?$/;
const PHP_FRAME = /^#\d+ ((?:\/|[A-Za-z]:[\\/])[^(]+)\((\d+)\):/;

export function traceLines(trace: string): TraceLine[] {
  return trace.split('\n').map((text) => {
    const frame = frameOf(text.trim());
    return frame === undefined ? { text } : { text, frame };
  });
}

function frameOf(line: string): TraceFrame | undefined {
  if (!line.startsWith('at ') && !line.startsWith('#')) return undefined;
  const php = PHP_FRAME.exec(line);
  if (php !== null) return { file: php[1]!, line: Number(php[2]), column: 1 };
  const node = NODE_FRAME.exec(line);
  if (node === null) return undefined;
  let file = node[1]!;
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      return undefined;
    }
  }
  return { file, line: Number(node[2]), column: Number(node[3]) };
}
