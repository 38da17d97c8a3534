// The demo page: highlights the sample article (and anything pasted), lists the
// entities, finds in the page and shows what the normalizer does.
// Every listener goes through one AbortController; page text is only ever set
// with textContent. Query parameters: ?mode=mark forces <mark> elements,
// ?manual skips the automatic highlight (the benchmark drives it instead).
import { LABELS, find, highlight, init, normalizeMapped } from '../alam.js';
import { highlightsSupported } from '../lib/paint-highlights.js';

const controller = new AbortController();
const { signal } = controller;
const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);

/** Arabic words for the labels (plural for headings, singular for titles). */
const LABEL_NAMES = { PER: 'أشخاص', LOC: 'أماكن', ORG: 'مؤسسات', MISC: 'أخرى' };
const TITLES = { PER: 'شخص', LOC: 'مكان', ORG: 'مؤسسة', MISC: 'كيان آخر' };
const FOLD_NAMES = {
  diacritics: 'الحركات',
  tatweel: 'التطويل',
  alef: 'صور الألف',
  yeh: 'الياء والألف المقصورة',
  tehMarbuta: 'التاء المربوطة',
  persian: 'الحروف الفارسية',
  presentationForms: 'الأشكال العرضية',
  digits: 'الأرقام',
  invisibles: 'المحارف الخفية',
  punctuation: 'علامات الترقيم',
};

// Arabic-Indic digits, as in the masthead date.
const numbers = new Intl.NumberFormat('ar-u-nu-arab');
const plurals = new Intl.PluralRules('ar');

/**
 * An Arabic count phrase, e.g. count(3, ENTITY) -> "٣ كيانات".
 * @param {number} n
 * @param {Record<string, string>} forms by plural category; '#' is the number
 */
function count(n, forms) {
  return forms[plurals.select(n)].replace('#', numbers.format(n));
}
const ENTITY = { zero: 'لا كيانات', one: 'كيان واحد', two: 'كيانان', few: '# كيانات', many: '# كياناً', other: '# كيان' };
const MENTION = { zero: 'لا إشارات', one: 'إشارة واحدة', two: 'إشارتان', few: '# إشارات', many: '# إشارة', other: '# إشارة' };
const RESULT = { zero: 'لا نتائج', one: 'نتيجة واحدة', two: 'نتيجتان', few: '# نتائج', many: '# نتيجة', other: '# نتيجة' };

/** Creates an element with a class and text (text only through textContent). */
function element(tag, { className, text } = {}) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Shows the "current" mention of the entity panel or find box (the painting's focus()). */
const current = {
  /** @type {import('../alam.js').Highlighter | import('../alam.js').Finder | null} */
  painting: null,
  /**
   * @param {import('../alam.js').Highlighter | import('../alam.js').Finder} painting
   * @param {{range: Range, marks: Element[]}} item one of its mentions or matches
   */
  show(painting, item) {
    this.clear();
    this.painting = painting;
    painting.focus(item);
  },
  clear() {
    this.painting?.blur();
    this.painting = null;
  },
};

// ---- normalization playground (needs only the normalizer) ----

function setUpPlayground() {
  const input = $('norm-input');
  const render = () => {
    const mapped = normalizeMapped(input.value);
    $('norm-output').textContent = mapped.text;
    const fired = Object.entries(mapped.folds).filter(([, n]) => n > 0);
    const list = $('norm-folds');
    list.replaceChildren(
      ...fired.map(([fold, n]) => {
        const item = element('li', { text: `${FOLD_NAMES[fold] ?? fold} × ${numbers.format(n)} ` });
        item.append(element('code', { text: fold }));
        return item;
      }),
    );
    const before = numbers.format(input.value.length);
    const after = numbers.format(mapped.text.length);
    $('norm-summary').textContent = fired.length
      ? `${before} وحدة نصية قبل التطبيع، ${after} بعده. التحويلات التي طُبّقت:`
      : 'لم يتغيّر شيء: النص مطبَّع أصلاً.';
  };
  input.addEventListener('input', render, { signal });
  render();
}

// ---- legend, entity panel ----

/** @type {import('../alam.js').Highlighter | null} */
let highlighter = null;
const cursor = new Map(); // entity id -> index of the mention shown last

function setUpLegend() {
  $('legend').replaceChildren(
    ...LABELS.map((label) => {
      const item = element('li');
      const box = element('label');
      const toggle = element('input');
      toggle.type = 'checkbox';
      toggle.checked = true;
      toggle.dataset.label = label;
      toggle.addEventListener(
        'change',
        () => {
          highlighter?.setVisible(label, toggle.checked);
          document.querySelector(`.entities .${label}`)?.classList.toggle('off', !toggle.checked);
          $('announce').textContent = `${LABEL_NAMES[label]}: ${toggle.checked ? 'ظاهرة' : 'مخفية'}`;
        },
        { signal },
      );
      box.append(toggle, element('span', { className: `swatch swatch-${label}` }), element('span', { text: LABEL_NAMES[label] }));
      box.append(element('span', { className: 'count', text: '–' }));
      box.lastChild.id = `count-${label}`;
      item.append(box);
      return item;
    }),
  );
}

/** Redraws the entity panel and the counts from the highlighter's last run. */
function renderEntities() {
  const groups = highlighter.entities;
  const panel = $('entities');
  const sections = [];
  for (const label of LABELS) {
    const ofLabel = groups
      .map((group, order) => ({ group, order }))
      .filter(({ group }) => group.label === label)
      .sort((a, b) => b.group.mentions.length - a.group.mentions.length || a.order - b.order);
    const mentions = ofLabel.reduce((sum, { group }) => sum + group.mentions.length, 0);
    $(`count-${label}`).textContent = numbers.format(mentions);
    if (ofLabel.length === 0) continue;
    const section = element('section', { className: label });
    if (!highlighter.isVisible(label)) section.classList.add('off');
    const heading = element('h3');
    heading.append(element('span', { className: `swatch swatch-${label}` }), `${LABEL_NAMES[label]} (${numbers.format(ofLabel.length)})`);
    const list = element('ul');
    for (const { group } of ofLabel) {
      const button = element('button', { text: group.name });
      button.type = 'button';
      button.append(element('span', { className: 'n', text: numbers.format(group.mentions.length) }));
      button.setAttribute('aria-label', `${group.name}، ${TITLES[label]}، ${count(group.mentions.length, MENTION)}`);
      button.addEventListener('click', () => showNext(group), { signal });
      const item = element('li');
      item.append(button);
      list.append(item);
    }
    section.append(heading, list);
    sections.push(section);
  }
  panel.replaceChildren(...sections);
  const total = groups.reduce((sum, group) => sum + group.mentions.length, 0);
  $('entity-status').textContent = groups.length
    ? `${count(groups.length, ENTITY)} في ${count(total, MENTION)}. انقر اسماً للتنقل بين إشاراته.`
    : 'لم يُعثر على كيانات.';
}

/** Scrolls to the next mention of `group`, cycling. */
function showNext(group) {
  const id = `${group.label}\u0000${group.key}`;
  const next = ((cursor.get(id) ?? -1) + 1) % group.mentions.length;
  cursor.set(id, next);
  current.show(highlighter, group.mentions[next]);
  $('announce').textContent = `${group.name}: الإشارة ${numbers.format(next + 1)} من ${numbers.format(group.mentions.length)}`;
}

// ---- find ----

function setUpFind(root, mode) {
  const input = $('find-input');
  const status = $('find-status');
  let finder = null;
  let index = -1;
  let timer = 0;

  const run = async () => {
    current.clear();
    index = -1;
    const query = input.value.trim();
    if (!query) {
      finder?.clear();
      finder = null;
      status.textContent = 'البحث يتجاهل التشكيل وصور الهمزة والسوابق مثل «و» و«ل».';
      return;
    }
    const mine = (finder = find(root, query, { mode }));
    await mine.done;
    if (mine !== finder) return;
    status.textContent = `«${query}»: ${count(mine.matches.length, RESULT)}`;
  };
  const step = async (delta) => {
    clearTimeout(timer);
    if (!finder || finder.query !== input.value.trim()) await run();
    if (!finder || finder.matches.length === 0) return;
    await finder.done;
    const n = finder.matches.length;
    index = (index + delta + n) % n;
    current.show(finder, finder.matches[index]);
    status.textContent = `«${finder.query}»: ${numbers.format(index + 1)} من ${numbers.format(n)}`;
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  }, { signal });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.shiftKey) {
      event.preventDefault();
      step(-1);
    } else if (event.key === 'Escape') {
      input.value = '';
      run();
    }
  }, { signal });
  $('find-form').addEventListener('submit', (event) => {
    event.preventDefault();
    step(1);
  }, { signal });
  $('find-prev').addEventListener('click', () => step(-1), { signal });
  document.addEventListener('keydown', (event) => {
    // A checkbox (the legend) keeps focus after a click in WebKit; it takes no text, so "/" still works there.
    const typing = event.target.closest?.('input:not([type="checkbox"]), textarea, [contenteditable]');
    if (event.key === '/' && !typing) {
      event.preventDefault();
      input.focus();
    }
  }, { signal });
}

// ---- paste box ----

function setUpPaste(refresh) {
  const output = $('paste-output');
  $('paste-run').addEventListener('click', () => {
    const paragraphs = $('paste-input').value.split(/\n\s*\n|\r?\n/).map((p) => p.trim()).filter(Boolean);
    output.replaceChildren(...paragraphs.map((text) => element('p', { text })));
    refresh();
    output.setAttribute('tabindex', '-1');
    output.focus();
  }, { signal });
  $('paste-clear').addEventListener('click', () => {
    $('paste-input').value = '';
    output.replaceChildren();
    refresh();
  }, { signal });
}

// ---- start ----

await init();
setUpPlayground();
setUpLegend();
const root = $('content');
const requested = params.get('mode');
const mode = requested === 'mark' || requested === 'highlights' ? requested : 'auto';
// With highlights nothing alam does touches the DOM, so the observer sees only
// real changes; in mark mode the paste box refreshes by hand instead.
const observe = mode === 'highlights' || (mode === 'auto' && highlightsSupported());
setUpFind(root, mode);
if (!params.has('manual')) {
  try {
    highlighter = highlight(root, { mode, observe, titles: TITLES, exclude: '.paste > :not(.paste-output)' });
    highlighter.addEventListener('done', () => {
      renderEntities();
      document.body.dataset.alamState = 'ready';
    }, { signal });
    highlighter.addEventListener('error', (event) => {
      $('entity-status').textContent = `تعذّر التحليل: ${event.detail?.message ?? event.detail}`;
    }, { signal });
    await highlighter.done;
  } catch (error) {
    $('entity-status').textContent = `تعذّر التحليل: ${error.message}`;
    document.body.dataset.alamState = 'error';
  }
  setUpPaste(() => {
    if (!observe) highlighter?.refresh();
  });
}
