// Compiled (not run) by types.test.mjs: the hand-written www/alam.d.ts must
// describe the API as a site would use it, and reject misuse.
import { LABELS, addNames, find, highlight, init, normalizeMapped, type EntityGroup, type Highlighter } from '../../../www/alam.js';

export async function embed(article: HTMLElement): Promise<void> {
  await init({ worker: false });
  await addNames([{ text: 'سامي الخطيب', label: 'PER' }]);
  const hl: Highlighter = highlight(article, { labels: ['PER', 'LOC'], mode: 'auto', observe: true, exclude: ['.ad'] });
  hl.addEventListener('done', (event) => {
    const groups: EntityGroup[] = event.detail.entities;
    for (const group of groups) {
      const first: Range = group.mentions[0].range;
      console.log(group.name, group.key, group.label, first.toString(), hl.stats.ms);
    }
  });
  await hl.done;
  hl.setVisible(LABELS[0], false);
  hl.focus(hl.entities[0].mentions[0]);
  hl.blur();
  const finder = find(article, 'محمد', { mode: 'mark', shadow: true, frames: true });
  await finder.done;
  finder.focus(finder.matches[0], { scroll: false });
  // @ts-expect-error: shadow is a boolean
  highlight(article, { shadow: 'open' });
  console.log(finder.matches.length, normalizeMapped('مُحَمَّد').folds.diacritics);
  // @ts-expect-error: not a label
  hl.setVisible('CITY', true);
  // @ts-expect-error: not a mode
  highlight(article, { mode: 'paint' });
  hl.clear();
}

export async function embedInWorkers(): Promise<void> {
  await init({ worker: true, workers: 2 });
  // @ts-expect-error: the pool size is a number
  await init({ worker: true, workers: 'two' });
}
