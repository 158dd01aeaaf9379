// The article view: the text with its highlights, a panel listing quotes, entities and
// dates, and a card that explains any highlight on hover, focus or tap.

import { drawDocument } from "./highlight.js";
import {
  GRAINS, QUOTE_KINDS, SPEAKER_KINDS, TYPE_LABELS, dateElement, h, latin, safeLink,
} from "./ui.js";

function entityName(doc, id) {
  const entity = (doc.entities || []).find((e) => e.id === id);
  return entity || null;
}

function speakerLabel(doc, quote) {
  const speaker = quote.speaker;
  if (!speaker) return { name: null, entity: null };
  const entity = speaker.entity ? entityName(doc, speaker.entity) : null;
  return { name: entity ? entity.name : speaker.text, entity };
}

function row(label, ...value) {
  return h("div", { class: "card-row" }, h("span", { class: "card-label" }, label), " ",
    h("span", { class: "card-value" }, ...value));
}

/** The lines of the card for one highlight. */
function cardLines(doc, kind, id) {
  if (kind === "entity") {
    const entity = entityName(doc, id);
    if (!entity) return [];
    return [
      h("div", { class: "card-title" }, entity.name, " ", latin(entity.latin)),
      row("النوع:", TYPE_LABELS[entity.type] || entity.type),
      row("الإشارات:", String((entity.mentions || []).length)),
      ...(entity.roles || []).slice(0, 3).map((r) => row("الصفة:", r.text)),
    ];
  }
  if (kind === "time") {
    const time = (doc.times || []).find((t) => t.id === id);
    if (!time) return [];
    return [
      h("div", { class: "card-title" }, time.text),
      row("القيمة:", time.value ? h("bdi", { dir: "ltr" }, time.value) : "غير محددة"),
      time.value ? row("التاريخ:", dateElement(time.value)) : null,
      row("الدقة:", GRAINS[time.grain] || time.grain || "—"),
    ];
  }
  const quote = (doc.quotes || []).find((q) => q.id === id);
  if (!quote) return [];
  const { name, entity } = speakerLabel(doc, quote);
  const times = (quote.times || []).map((tid) => (doc.times || []).find((t) => t.id === tid))
    .filter(Boolean);
  return [
    h("div", { class: "card-title" }, QUOTE_KINDS[quote.kind] || quote.kind),
    row("القائل:", name || "غير معروف", " ", latin(entity && entity.latin),
      quote.speaker && quote.speaker.kind
        ? h("span", { class: "muted" }, ` (${SPEAKER_KINDS[quote.speaker.kind] || quote.speaker.kind})`)
        : null),
    quote.cue ? row("فعل القول:", quote.cue.text) : null,
    row("المصدر:", quote.source ? quote.source.text : "—"),
    row("درجة اليقين:", quote.hedge ? `تحفّظ: ${quote.hedge.text}` : "جازم"),
    ...times.map((t) => row("تاريخ:", t.text, " = ", h("bdi", { dir: "ltr" }, t.value || "؟"))),
  ];
}

/** A floating card that explains the highlights under the pointer or focus. */
function installCard(textEl, doc) {
  const card = h("div", { class: "card", role: "tooltip", hidden: true, id: "hl-card" });
  document.body.appendChild(card);
  let pinned = null;
  const show = (target) => {
    const chain = [];
    for (let el = target.closest(".hl"); el && textEl.contains(el); el = el.parentElement.closest(".hl")) {
      chain.push(el);
    }
    if (!chain.length) return;
    const seen = new Set();
    const blocks = [];
    for (const el of chain) {
      const kind = ["cue", "speaker", "source", "hedge"].includes(el.dataset.ann) ? "quote" : el.dataset.ann;
      const key = `${kind}:${el.dataset.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      blocks.push(h("div", { class: `card-block card-${kind}` }, ...cardLines(doc, kind, el.dataset.id)));
    }
    card.replaceChildren(...blocks);
    card.hidden = false;
    const box = chain[0].getBoundingClientRect();
    const width = Math.min(360, window.innerWidth - 16);
    card.style.width = `${width}px`;
    card.style.left = `${Math.max(8, Math.min(box.right - width, window.innerWidth - width - 8))}px`;
    const below = box.bottom + 8;
    card.style.top = `${below + card.offsetHeight < window.innerHeight ? below : Math.max(8, box.top - card.offsetHeight - 8)}px`;
  };
  const hide = () => { if (!pinned) card.hidden = true; };
  textEl.addEventListener("mouseover", (e) => { if (!pinned && e.target.closest(".hl")) show(e.target); });
  textEl.addEventListener("mouseout", (e) => { if (!e.relatedTarget || !e.relatedTarget.closest || !e.relatedTarget.closest(".hl")) hide(); });
  textEl.addEventListener("focusin", (e) => show(e.target));
  textEl.addEventListener("focusout", hide);
  textEl.addEventListener("click", (e) => {
    const hl = e.target.closest(".hl");
    if (hl) { pinned = hl; show(e.target); } else { pinned = null; card.hidden = true; }
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") { pinned = null; card.hidden = true; } });
  window.addEventListener("scroll", () => { pinned = null; card.hidden = true; }, { passive: true });
  return card;
}

function flash(textEl, kind, id) {
  const els = textEl.querySelectorAll(`[data-ann="${kind}"][data-id="${CSS.escape(id)}"]`);
  if (!els.length) return;
  els[0].scrollIntoView({ behavior: "smooth", block: "center" });
  for (const el of els) {
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
  }
  els[0].focus({ preventScroll: true });
}

function sidePanel(doc, textEl, stored) {
  const quotes = (doc.quotes || []).map((q) => {
    const { name, entity } = speakerLabel(doc, q);
    return h("li", {},
      h("button", { type: "button", class: "jump", onclick: () => flash(textEl, "quote", q.id) },
        h("span", { class: "who" }, name || "قائل غير معروف"), " ", latin(entity && entity.latin),
        h("span", { class: "what" }, q.text.length > 140 ? `${q.text.slice(0, 139)}…` : q.text)),
      name ? h("a", { href: `#/speaker/${encodeURIComponent(name)}`, class: "more" }, "كل أقواله") : null,
      stored ? h("a", { href: `#/article/${encodeURIComponent(doc.id)}?focus=${encodeURIComponent(q.id)}`,
        class: "more permalink", title: "رابط يفتح المقال على هذا القول" }, "رابط القول") : null);
  });
  const entities = [...(doc.entities || [])].sort((a, b) => b.mentions.length - a.mentions.length)
    .map((e) => h("li", {},
      h("button", { type: "button", class: "jump", onclick: () => flash(textEl, "entity", e.id) },
        h("span", { class: `badge type-${e.type}` }, TYPE_LABELS[e.type] || e.type), " ", e.name, " ",
        latin(e.latin), h("span", { class: "muted" }, ` ×${e.mentions.length}`)),
      h("a", { href: `#/entity/${encodeURIComponent(e.name)}`, class: "more" }, "صفحته")));
  const times = (doc.times || []).map((t) => h("li", {},
    h("button", { type: "button", class: "jump", onclick: () => flash(textEl, "time", t.id) },
      t.text, " ← ", t.value ? h("bdi", { dir: "ltr" }, t.value) : "غير محدد")));
  const section = (title, items, empty) => h("section", { class: "panel-section" },
    h("h3", {}, title, h("span", { class: "count" }, String(items.length))),
    items.length ? h("ul", {}, items) : h("p", { class: "empty" }, empty));
  return h("aside", { class: "panel", "aria-label": "الحقائق المستخرجة" },
    legend(textEl),
    section("الأقوال", quotes, "لم يُعثر على أقوال."),
    section("الكيانات", entities, "لم يُعثر على كيانات."),
    section("التواريخ", times, "لم يُعثر على تواريخ."));
}

function legend(textEl) {
  const toggle = (kind, label) => h("label", { class: `legend-item legend-${kind}` },
    h("input", { type: "checkbox", checked: true,
      onchange: (e) => textEl.classList.toggle(`hide-${kind}`, !e.target.checked) }), " ", label);
  return h("div", { class: "legend" }, toggle("quote", "أقوال"), toggle("entity", "كيانات"),
    toggle("time", "تواريخ"));
}

/** Render a document (from the store or from /api/analyze) into `main`. */
export function renderArticle(main, doc, focus, stored = true) {
  const source = doc.source || {};
  const textEl = h("div", { class: "article-text", id: "article-text", lang: "ar", dir: "rtl" });
  const header = h("header", { class: "article-head" },
    h("h1", {}, source.title || "مقال بلا عنوان"),
    h("p", { class: "meta" }, dateElement(doc.published),
      source.outlet ? h("span", {}, " · ", source.outlet) : null,
      source.url ? h("span", {}, " · ", safeLink(source.url, "الرابط الأصلي")) : null,
      h("span", { class: "muted" }, " · ", h("bdi", { dir: "ltr" }, `id ${doc.id}`))));
  const count = drawDocument(textEl, doc);
  main.replaceChildren(h("div", { class: "article-layout" },
    h("article", { class: "article" }, header, textEl), sidePanel(doc, textEl, stored)));
  document.getElementById("hl-card")?.remove();
  installCard(textEl, doc);
  if (focus) flash(textEl, focus.kind, focus.id);
  return count;
}
