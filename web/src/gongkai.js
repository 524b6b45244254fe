// Loads gongkai.wasm and calls it through its C ABI (crates/gongkai-wasm/src/abi.rs): buffers
// are allocated in the module's memory with gongkai_alloc, filled here, passed to gongkai_check
// and freed with gongkai_free. The answer is a u32 length (little-endian) and that much JSON.
// No wasm-bindgen: see docs/decisions.md ("The page: how JavaScript calls the WASM").

// The module's imports. It has one that is called: getrandom's (a dependency of jsonschema's
// hash maps, and of zip), which on wasm32-unknown-unknown asks for `crypto.getRandomValues`
// through a wasm-bindgen import taking (pointer, length). The others are wasm-bindgen
// intrinsics for JavaScript values, reached only on that call's error path; they fail loudly.
function imports(module, memory) {
  const out = {};
  for (const { module: m, name } of WebAssembly.Module.imports(module)) {
    let f;
    if (name.startsWith('__wbg_getRandomValues_')) {
      f = (ptr, len) => {
        for (let at = 0; at < len; at += 65536) {
          crypto.getRandomValues(new Uint8Array(memory().buffer, ptr + at, Math.min(65536, len - at)));
        }
      };
    } else if (name === '__wbindgen_describe') {
      f = () => {};
    } else {
      f = () => { throw new Error(`gongkai.wasm: unexpected call of ${m}.${name}`); };
    }
    (out[m] ??= {})[name] = f;
  }
  return out;
}

export async function loadGongkai(url) {
  const response = await fetch(url);
  let memory = null;
  const module = await WebAssembly.compile(await response.arrayBuffer());
  const instance = await WebAssembly.instantiate(module, imports(module, () => memory));
  const wasm = instance.exports;
  memory = wasm.memory;

  // Copies bytes into a fresh buffer of the module; returns [pointer, length].
  function put(bytes) {
    if (!bytes || bytes.length === 0) return [0, 0];
    const ptr = wasm.gongkai_alloc(bytes.length);
    new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  }

  /**
   * Checks a file. `request` is { name, lang, pages?, previous?: { name, pages? } } (see
   * crates/gongkai-wasm/src/check.rs), `file` and `previous` the files' bytes (Uint8Array).
   * Returns the answer: { output (the CLI's JSON), source, boxes, tables, previous_error }.
   */
  function check(request, file, previous) {
    const req = put(new TextEncoder().encode(JSON.stringify(request)));
    const f = put(file);
    const p = previous ? put(previous) : [0, 0];
    const answer = wasm.gongkai_check(req[0], req[1], f[0], f[1], p[0], p[1]);
    for (const [ptr, len] of [req, f, p]) if (ptr) wasm.gongkai_free(ptr, len);
    // The memory may have grown during the check: views are made afterwards.
    const len = new DataView(wasm.memory.buffer).getUint32(answer, true);
    const text = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, answer + 4, len));
    wasm.gongkai_free(answer, len + 4);
    return JSON.parse(text);
  }

  return { check };
}
