// Drawing an analysed document: its text with entities, quotes and dates highlighted
// from their offsets. Offsets in khabar are Python code points; JS strings index UTF-16
// code units, so every offset goes through codePointToUtf16 first.
// All article text is inserted with text nodes, never as HTML.

const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const BIDI_NAMES = {
  "\u061C": "ALM", "\u200E": "LRM", "\u200F": "RLM", "\u202A": "LRE", "\u202B": "RLE",
  "\u202C": "PDF", "\u202D": "LRO", "\u202E": "RLO", "\u2066": "LRI", "\u2067": "RLI",
  "\u2068": "FSI", "\u2069": "PDI",
};

// Outer annotations first when two start at the same place and have the same length.
const PRIORITY = { quote: 0, source: 1, hedge: 2, speaker: 3, cue: 4, entity: 5, time: 6 };

/** A table from code-point offset to UTF-16 offset (length = code points + 1). */
export function codePointToUtf16(text) {
  const map = [];
  let u16 = 0;
  for (const ch of text) {
    map.push(u16);
    u16 += ch.length;
  }
  map.push(u16);
  return map;
}

/** Append `text` to `parent` as text nodes; bidi controls are isolated and made visible. */
export function appendText(parent, text) {
  if (!text) return;
  if (!BIDI_CONTROLS.test(text)) {
    parent.appendChild(document.createTextNode(text));
    return;
  }
  let run = "";
  for (const ch of text) {
    if (BIDI_CONTROLS.test(ch)) {
      if (run) parent.appendChild(document.createTextNode(run));
      run = "";
      const mark = document.createElement("span");
      mark.className = "bidi-control";
      mark.dataset.name = BIDI_NAMES[ch] || "BIDI";
      mark.title = `محرف تحكم في الاتجاه (${mark.dataset.name}) — معزول`;
      mark.appendChild(document.createTextNode(ch));
      parent.appendChild(mark);
    } else {
      run += ch;
    }
  }
  if (run) parent.appendChild(document.createTextNode(run));
}

/** Give every entity, quote and time an id (E1, Q1, T1 by position) when it has none. */
export function ensureIds(doc) {
  const fill = (items, prefix) => (items || []).forEach((item, i) => {
    if (!item.id) item.id = `${prefix}${i + 1}`;
  });
  fill(doc.entities, "E");
  fill(doc.quotes, "Q");
  fill(doc.times, "T");
  return doc;
}

/** Every highlight of a document as {kind, id, start, end, info} in code points. */
export function annotationsOf(doc) {
  const out = [];
  for (const entity of doc.entities || []) {
    for (const m of entity.mentions || []) {
      out.push({ kind: "entity", id: entity.id, start: m.start, end: m.end, info: entity });
    }
  }
  for (const quote of doc.quotes || []) {
    out.push({ kind: "quote", id: quote.id, start: quote.start, end: quote.end, info: quote });
    for (const part of ["cue", "speaker", "source", "hedge"]) {
      const span = quote[part];
      if (span && span.end > span.start) {
        out.push({ kind: part, id: quote.id, start: span.start, end: span.end, info: quote });
      }
    }
  }
  for (const time of doc.times || []) {
    out.push({ kind: "time", id: time.id, start: time.start, end: time.end, info: time });
  }
  return out.filter((a) => a.end > a.start);
}

function byPosition(a, b) {
  return a.start - b.start || b.end - a.end || PRIORITY[a.kind] - PRIORITY[b.kind];
}

/** Nest annotations into a tree; one that crosses its parent's end is split in parts. */
export function nest(annotations, length) {
  const root = { start: 0, end: length, children: [] };
  const queue = annotations.map((a) => ({ ...a, children: [] })).sort(byPosition);
  const stack = [root];
  for (let i = 0; i < queue.length; i++) {
    const a = queue[i];
    while (a.start >= stack[stack.length - 1].end) stack.pop();
    const parent = stack[stack.length - 1];
    if (a.end > parent.end) {
      const rest = { ...a, start: parent.end, children: [], part: true };
      a.end = parent.end;
      a.part = true;
      let j = i + 1;
      while (j < queue.length && byPosition(queue[j], rest) <= 0) j++;
      queue.splice(j, 0, rest);
    }
    parent.children.push(a);
    stack.push(a);
  }
  return root;
}

function makeHighlight(node) {
  const el = document.createElement("span");
  el.className = `hl hl-${node.kind}`;
  el.dataset.ann = node.kind;
  el.dataset.id = node.id;
  el.dataset.n = node.n; // one number per annotation, shared by the parts of a split one
  if (node.part) el.dataset.part = "1";
  if (node.kind === "quote" || node.kind === "time") el.tabIndex = 0;
  if (node.kind === "entity") el.dataset.type = node.info.type;
  if (node.kind === "quote") el.dataset.quoteKind = node.info.kind;
  return el;
}

/**
 * Draw `doc.text` into `container` with its highlights; returns the number drawn.
 * `container.textContent === doc.text` holds afterwards.
 */
export function drawDocument(container, doc) {
  ensureIds(doc);
  const text = doc.text || "";
  const map = codePointToUtf16(text);
  const last = map.length - 1;
  const toU16 = (cp) => map[Math.max(0, Math.min(cp, last))];
  const annotations = annotationsOf(doc).map((a, n) => ({
    ...a, n, start: toU16(a.start), end: toU16(a.end),
  }));
  const tree = nest(annotations, text.length);
  const fragment = document.createDocumentFragment();
  const emit = (node, parent) => {
    let pos = node.start;
    for (const child of node.children) {
      appendText(parent, text.slice(pos, child.start));
      const el = makeHighlight(child);
      emit(child, el);
      parent.appendChild(el);
      pos = child.end;
    }
    appendText(parent, text.slice(pos, node.end));
  };
  emit(tree, fragment);
  container.replaceChildren(fragment);
  return annotations.length;
}

/** Text of `text` between code-point offsets (for snippets and labels). */
export function sliceCodePoints(text, start, end) {
  return Array.from(text).slice(start, end).join("");
}

/** Draw a snippet with its highlight ranges (code points into snippet.text) as <mark>. */
export function drawSnippet(container, snippet) {
  const text = snippet.text || "";
  if (snippet.start > 0) appendText(container, "… ");
  const map = codePointToUtf16(text);
  let pos = 0;
  for (const [a, b] of snippet.highlights || []) {
    const start = map[Math.min(a, map.length - 1)];
    const end = map[Math.min(b, map.length - 1)];
    if (start < pos) continue;
    appendText(container, text.slice(pos, start));
    const mark = document.createElement("mark");
    appendText(mark, text.slice(start, end));
    container.appendChild(mark);
    pos = end;
  }
  appendText(container, text.slice(pos));
  if (!/[.!?؟»”"]\s*$/.test(text)) appendText(container, " …");
}
