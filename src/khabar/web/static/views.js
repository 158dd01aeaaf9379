// The listing views: search, quotes, a speaker's page, entities, an entity's page, and
// the box to paste an article. Each takes the <main> element and the route's parameters.

import { renderArticle } from "./article.js";
import { timeline } from "./chart.js";
import { drawSnippet } from "./highlight.js";
import {
  QUOTE_KINDS, TYPE_LABELS, api, dateElement, emptyBox, errorBox, h, latin, pager,
} from "./ui.js";

function go(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) query.set(k, v);
  const qs = query.toString();
  window.location.hash = `#/${path}${qs ? `?${qs}` : ""}`;
}

function field(label, name, value, attrs = {}) {
  return h("label", { class: "field" }, h("span", {}, label),
    h("input", { name, value: value || "", ...attrs }));
}

function filterForm(path, params, fields) {
  const form = h("form", { class: "filters", role: "search" }, ...fields,
    h("button", { type: "submit", class: "primary" }, "ابحث"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    go(path, Object.fromEntries(new FormData(form).entries()));
  });
  return form;
}

function articleLink(article, focus) {
  const suffix = focus ? `?focus=${encodeURIComponent(focus)}` : "";
  return h("a", { href: `#/article/${encodeURIComponent(article.id)}${suffix}`, class: "title" },
    article.title || "مقال بلا عنوان");
}

function articleMeta(article) {
  return h("div", { class: "meta" }, dateElement(article.published),
    article.outlet ? h("span", {}, " · ", article.outlet) : null);
}

async function listing(main, form, load, render) {
  const results = h("div", { class: "results", "aria-live": "polite", "aria-busy": "true" },
    h("p", { class: "loading" }, "جارٍ التحميل…"));
  main.replaceChildren(form, results);
  try {
    const data = await load();
    results.replaceChildren(...render(data));
  } catch (error) {
    results.replaceChildren(errorBox(error));
  }
  results.setAttribute("aria-busy", "false");
}

export async function searchView(main, params) {
  const form = filterForm("search", params, [
    field("بحث", "q", params.get("q"), { type: "search", placeholder: "كوريا الشمالية، بوتين…", autofocus: true, id: "q", class: "wide" }),
    field("من", "since", params.get("since"), { type: "date" }),
    field("إلى", "until", params.get("until"), { type: "date" }),
    field("المصدر", "outlet", params.get("outlet"), { placeholder: "اسم الموقع" }),
  ]);
  const query = new URLSearchParams(params);
  query.set("limit", "20");
  await listing(main, form, () => api(`/api/search?${query}`), (data) => {
    if (!data.items.length) return [emptyBox("لا نتائج. جرّب كلمات أخرى أو وسّع الفترة.")];
    const items = data.items.map((hit) => {
      const snippet = h("p", { class: "snippet" });
      if (hit.snippet) drawSnippet(snippet, hit.snippet);
      return h("li", { class: "hit" }, articleLink(hit.article), articleMeta(hit.article), snippet);
    });
    return [h("ol", { class: "hits", start: data.offset + 1 }, items),
      pager(data, (offset) => go("search", { ...Object.fromEntries(params), offset }))];
  });
}

function quoteItem(hit, showSpeaker) {
  const q = hit.quote;
  const name = hit.speaker_name || (q.speaker && q.speaker.text);
  return h("li", { class: `quote-card kind-${q.kind}` },
    showSpeaker && name
      ? h("a", { href: `#/speaker/${encodeURIComponent(name)}`, class: "who" }, name) : null,
    h("blockquote", {}, q.text),
    h("div", { class: "meta" }, h("span", { class: "badge" }, QUOTE_KINDS[q.kind] || q.kind),
      q.hedge ? h("span", { class: "badge hedge" }, `تحفّظ: ${q.hedge.text}`) : null,
      q.source ? h("span", { class: "badge source" }, q.source.text) : null,
      " ", dateElement(hit.article.published), " · ", articleLink(hit.article, q.id)));
}

export async function quotesView(main, params) {
  const form = filterForm("quotes", params, [
    field("القائل", "speaker", params.get("speaker"), { placeholder: "بوتين، Putin…", id: "speaker" }),
    field("عن", "about", params.get("about"), { placeholder: "كوريا الشمالية" }),
    field("من", "since", params.get("since"), { type: "date" }),
    field("إلى", "until", params.get("until"), { type: "date" }),
  ]);
  const query = new URLSearchParams(params);
  await listing(main, form, () => api(`/api/quotes?${query}`), (data) => {
    if (!data.items.length) return [emptyBox("لا أقوال تطابق هذا البحث.")];
    const csv = new URLSearchParams(query);
    csv.set("format", "csv");
    return [h("p", {}, h("a", { href: `/api/quotes?${csv}`, download: "khabar-quotes.csv", class: "csv" }, "تنزيل هذه الصفحة بصيغة CSV")),
      h("ul", { class: "quotes" }, data.items.map((hit) => quoteItem(hit, true))),
      pager(data, (offset) => go("quotes", { ...Object.fromEntries(params), offset }))];
  });
}

/** Everything a person said, newest article first, grouped by the article's date. */
export async function speakerView(main, name) {
  const head = h("header", { class: "page-head" }, h("h1", {}, name), h("p", { class: "muted" }, "كل ما نُسب إليه، حسب التاريخ"));
  const results = h("div", { class: "results", "aria-busy": "true" }, h("p", { class: "loading" }, "جارٍ التحميل…"));
  main.replaceChildren(head, results);
  api(`/api/entities/${encodeURIComponent(name)}`).then((detail) => {
    const e = detail.entity;
    const others = (e.aliases || []).filter((a) => a !== e.name && a !== e.latin && a !== name);
    head.appendChild(h("p", {}, latin(e.latin), " ", h("a", { href: `#/entity/${e.id}` }, "صفحة الكيان"),
      others.length ? h("span", { class: "muted" }, ` · يُعرف أيضاً: ${others.slice(0, 6).join("، ")}`) : null));
  }).catch(() => {});
  const hits = [];
  const draw = (next) => {
    const groups = new Map();
    const sorted = [...hits].sort((a, b) => (b.article.published || "").localeCompare(a.article.published || ""));
    for (const hit of sorted) {
      const key = hit.article.published || "";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(hit);
    }
    const sections = [...groups].map(([day, group]) => h("section", { class: "day" },
      h("h2", {}, dateElement(day || null)), h("ul", { class: "quotes" }, group.map((hit) => quoteItem(hit, false)))));
    const more = next ? h("button", { type: "button", class: "more-quotes", onclick: () => load(next) }, "المزيد من الأقوال") : null;
    results.replaceChildren(...(sections.length ? sections : [emptyBox("لا أقوال منسوبة لهذا الاسم في المخزن.")]),
      h("p", { class: "muted" }, `عدد الأقوال المعروضة: ${hits.length}`), more);
  };
  const load = async (url) => {
    try {
      const data = await api(url);
      hits.push(...data.items);
      draw(data.next);
    } catch (error) {
      results.replaceChildren(errorBox(error));
    }
  };
  await load(`/api/quotes?speaker=${encodeURIComponent(name)}&limit=100`);
  results.setAttribute("aria-busy", "false");
}

export async function entitiesView(main, params) {
  const select = h("label", { class: "field" }, h("span", {}, "النوع"),
    h("select", { name: "type" }, h("option", { value: "" }, "الكل"),
      ...Object.entries(TYPE_LABELS).map(([k, v]) => h("option", { value: k, selected: params.get("type") === k }, v))));
  const form = filterForm("entities", params, [field("الاسم", "q", params.get("q"), { type: "search" }), select]);
  await listing(main, form, () => api(`/api/entities?${new URLSearchParams(params)}`), (data) => {
    if (!data.items.length) return [emptyBox("لا كيانات.")];
    return [h("ol", { class: "entities", start: data.offset + 1 }, data.items.map((e) => h("li", {},
      h("span", { class: `badge type-${e.type}` }, TYPE_LABELS[e.type] || e.type), " ",
      h("a", { href: `#/entity/${e.id}` }, e.name), " ", latin(e.latin),
      h("span", { class: "muted" }, ` · المقالات: ${e.articles} · الإشارات: ${e.mentions}`)))),
    pager(data, (offset) => go("entities", { ...Object.fromEntries(params), offset }))];
  });
}

export async function entityView(main, id) {
  main.replaceChildren(h("p", { class: "loading" }, "جارٍ التحميل…"));
  try {
    const detail = await api(`/api/entities/${encodeURIComponent(id)}`);
    const e = detail.entity;
    main.replaceChildren(
      h("header", { class: "page-head" }, h("h1", {}, e.name, " ", latin(e.latin)),
        h("p", { class: "meta" }, h("span", { class: `badge type-${e.type}` }, TYPE_LABELS[e.type] || e.type),
          ` المقالات: ${e.articles} · الإشارات: ${e.mentions} · `,
          h("a", { href: `#/speaker/${encodeURIComponent(e.name)}` }, "كل أقواله"))),
      h("section", {}, h("h2", {}, "الإشارات عبر الزمن"), timeline(detail.by_month || [])),
      h("section", {}, h("h2", {}, "الأسماء"), h("ul", { class: "chips" },
        (detail.aliases || []).map((a) => h("li", {}, a.alias, h("span", { class: "muted" }, ` ×${a.count}`))))),
      h("section", {}, h("h2", {}, "يَرِد معه"), h("ul", { class: "chips" },
        (detail.cooccurring || []).map((c) => h("li", {}, h("a", { href: `#/entity/${c.entity.id}` }, c.entity.name),
          " ", latin(c.entity.latin), h("span", { class: "muted" }, ` ×${c.articles}`))))),
      h("section", {}, h("h2", {}, "أحدث أقواله"), (detail.quotes || []).length
        ? h("ul", { class: "quotes" }, detail.quotes.map((hit) => quoteItem(hit, false)))
        : emptyBox("لا أقوال.")));
  } catch (error) {
    main.replaceChildren(errorBox(error));
  }
}

export function analyzeView(main) {
  const text = h("textarea", { name: "text", rows: 12, required: true, id: "paste", placeholder: "الصق نص المقال هنا…" });
  const date = h("input", { type: "date", name: "published", id: "paste-date" });
  const isHtml = h("input", { type: "checkbox", id: "paste-html" });
  const out = h("div", { class: "analysis", "aria-live": "polite" });
  const form = h("form", { class: "paste" },
    h("h1", {}, "حلّل مقالاً"),
    h("p", { class: "muted" }, "يُحلَّل النص على الخادم ولا يُحفظ في المخزن. التواريخ النسبية («الجمعة»، «العام الماضي») تُحسب من تاريخ النشر."),
    text, h("div", { class: "row" }, h("label", { class: "field" }, h("span", {}, "تاريخ النشر"), date),
      h("label", { class: "check" }, isHtml, " صفحة ويب (HTML): يُستخرج نص المقال منها"),
      h("button", { type: "submit", class: "primary", id: "paste-go" }, "حلّل")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    out.replaceChildren(h("p", { class: "loading" }, "جارٍ التحليل…"));
    try {
      const doc = await api("/api/analyze", {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ [isHtml.checked ? "html" : "text"]: text.value, published: date.value || null }),
      });
      renderArticle(out, doc, null, false);
      out.scrollIntoView({ behavior: "smooth", block: "start" });
      document.body.dataset.state = "analysis-ready";
    } catch (error) {
      out.replaceChildren(errorBox(error));
    }
  });
  main.replaceChildren(form, out);
}
