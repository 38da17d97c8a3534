// The cheap test run before anything else: is there enough Arabic script on
// this page to be worth collecting text and waking the engine?

/** Fewer Arabic letters than this and the page is left alone. */
export const MIN_ARABIC_LETTERS = 20;

/** Whether UTF-16 unit `c` is in the Arabic block, U+0600..U+06FF. */
function isArabicUnit(c) {
  return c >= 0x0600 && c <= 0x06ff;
}

/**
 * Whether `text` holds at least `min` units of the Arabic block. Stops at the
 * `min`-th one, so an Arabic page answers after its first few words.
 * @param {string} text
 * @param {number} [min]
 * @returns {boolean}
 */
export function hasArabic(text, min = MIN_ARABIC_LETTERS) {
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (isArabicUnit(text.charCodeAt(i)) && ++seen >= min) return true;
  }
  return false;
}
