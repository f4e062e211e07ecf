const ALPHABET = "abcdefghijklmnopqrstuvwxyz";

/**
 * Every a–z string one edit (Damerau: delete, transpose, replace, insert) away from a word, the word itself left out.
 * About 54·n + 25 strings, each a dictionary lookup: cheaper than keeping a fuzzy structure for every indexed term.
 */
export function typoVariants(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail.length > 0) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + (tail[1] ?? "") + (tail[0] ?? "") + tail.slice(2));
    for (const c of ALPHABET) {
      if (tail.length > 0 && c !== tail[0]) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  out.delete(word);
  return out;
}
