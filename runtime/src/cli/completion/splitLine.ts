/**
 * The words of a command line up to the cursor, as a POSIX shell splits them: blanks separate,
 * quotes and backslashes escape. The last word is the one being typed (empty after a blank).
 */
export function splitLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (char === '\\' && i + 1 < line.length && (quote === undefined || '"\\$`'.includes(line[i + 1]!))) {
      word += line[++i];
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (char === ' ' || char === '\t' || char === '\n') {
      if (started || word !== '') words.push(word);
      word = '';
      started = false;
    } else {
      word += char;
    }
  }
  words.push(word);
  return words;
}
