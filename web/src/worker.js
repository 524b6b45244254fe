// The page's Web Worker: runs gongkai (WASM) off the main thread. Messages in:
// { id, request, file, previous } (see gongkai.js); out: { id, answer } or { id, error }.
import { loadGongkai } from './gongkai.js';

const ready = loadGongkai(new URL('../gongkai.wasm', import.meta.url));
// Says when the module is loaded: the page counts as loaded only then (no request after it).
// The rules are loaded on the first check (most of a small report's time): done here, on an
// empty file, in both languages, so the first real check is as quick as the next ones.
ready.then((gongkai) => {
  for (const lang of ['zh', 'en']) gongkai.check({ name: 'warm-up.txt', lang }, new Uint8Array(0));
  self.postMessage({ ready: true });
}, (e) => self.postMessage({ ready: false, error: String(e) }));

self.onmessage = async (event) => {
  const { id, request, file, previous } = event.data;
  try {
    const gongkai = await ready;
    const started = performance.now();
    const answer = gongkai.check(request, file, previous);
    answer.millis = performance.now() - started;
    self.postMessage({ id, answer });
  } catch (e) {
    self.postMessage({ id, error: String(e && e.stack || e) });
  }
};
