/**
 * Does a name have these letters, in this order (case-insensitive, spaces ignored)? How editors
 * filter completion items and workspace symbols.
 */
export function fuzzyMatcher(typed: string): (name: string) => boolean {
  const letters = typed.toLowerCase().replace(/\s+/g, '');
  return (name) => {
    const lower = name.toLowerCase();
    let from = 0;
    for (const letter of letters) {
      const found = lower.indexOf(letter, from);
      if (found === -1) return false;
      from = found + 1;
    }
    return true;
  };
}
