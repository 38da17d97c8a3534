// A stand-in for the extension APIs the content script uses, so the bundled
// content script can run as a plain page script (tests/web/extension.test.mjs).
// The "engine" finds the names listed in `window.fakeNames` by plain search;
// the Highlight API is removed, so the content script must paint <mark>s.
delete window.Highlight;
window.fakeNames = [{ text: 'سلمى الزهراني', label: 'PER' }];
window.fakeMessages = [];
window.chrome = {
  runtime: {
    async sendMessage(message) {
      fakeMessages.push(message.kind);
      if (message.kind !== 'entities') return undefined;
      const results = message.texts.map((text) => {
        const found = [];
        for (const { text: name, label } of fakeNames) {
          for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
            found.push({ start: at, end: at + name.length, label, text: name, key: name, score: 1 });
          }
        }
        return found.sort((a, b) => a.start - b.start);
      });
      return { ok: true, results };
    },
    onMessage: { addListener() {} },
  },
  storage: {
    local: {
      async get() {
        return {};
      },
    },
    onChanged: { addListener() {} },
  },
};
