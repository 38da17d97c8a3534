// Material for long test and benchmark pages: the sentences of the demo's
// sample article (www/index.html, our own text) and a seeded random number
// generator, so a generated page is the same on every run.

/**
 * The sentences (longer than 20 characters) of the `<p>` paragraphs in `html`,
 * without their inline markup.
 * @param {string} html
 * @returns {string[]}
 */
export function articleSentences(html) {
  const text = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1].replace(/<[^>]+>/g, '')).join(' ');
  return text.split(/(?<=[.،؛])\s+/).filter((s) => s.length > 20);
}

/**
 * A deterministic generator of numbers in [0, 1) (a linear congruential
 * generator started at `seed`).
 * @param {number} seed
 * @returns {() => number}
 */
export function seededRandom(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
