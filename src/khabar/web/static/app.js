// The router: the part after # says which view to draw (#/search?q=…, #/article/ID, …).

import { renderArticle } from "./article.js";
import { api, errorBox, h } from "./ui.js";
import {
  analyzeView, entitiesView, entityView, quotesView, searchView, speakerView,
} from "./views.js";

const main = document.getElementById("view");

async function articleView(id, params) {
  main.replaceChildren(h("p", { class: "loading" }, "جارٍ تحميل المقال…"));
  try {
    const doc = await api(`/api/articles/${encodeURIComponent(id)}`);
    const focusId = params.get("focus");
    const focus = focusId ? { kind: focusId.startsWith("T") ? "time" : "quote", id: focusId } : null;
    const count = renderArticle(main, doc, focus);
    // Timings for the browser test and benchmark: DOMContentLoaded → highlights drawn.
    window.khabarTimings = { highlightsDrawn: performance.now(), highlights: count };
    document.title = `${(doc.source && doc.source.title) || doc.id} — خبر`;
    document.body.dataset.state = "article-ready";
  } catch (error) {
    main.replaceChildren(errorBox(error));
    document.body.dataset.state = "error";
  }
}

function route() {
  const hash = window.location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const [name, ...rest] = path.split("/");
  const arg = decodeURIComponent(rest.join("/"));
  document.body.dataset.state = "loading";
  document.getElementById("hl-card")?.remove();
  for (const link of document.querySelectorAll("nav.main a")) {
    link.toggleAttribute("aria-current", link.dataset.view === (name || "search"));
  }
  const titles = { speaker: arg, entity: arg, entities: "الكيانات", quotes: "الأقوال",
    analyze: "حلّل مقالاً" };
  document.title = `${titles[name] || params.get("q") || "البحث"} — خبر`;
  let done;
  if (name === "article" && arg) done = articleView(arg, params);
  else if (name === "speaker" && arg) done = speakerView(main, arg);
  else if (name === "entity" && arg) done = entityView(main, arg);
  else if (name === "entities") done = entitiesView(main, params);
  else if (name === "quotes") done = quotesView(main, params);
  else if (name === "analyze") done = analyzeView(main);
  else done = searchView(main, params);
  Promise.resolve(done).finally(() => {
    if (document.body.dataset.state === "loading") document.body.dataset.state = "ready";
  });
  window.scrollTo(0, 0);
}

window.addEventListener("hashchange", route);
// "/" jumps to the search box, as on most news and search sites.
document.addEventListener("keydown", (event) => {
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName || "");
  if (event.key !== "/" || typing || event.ctrlKey || event.metaKey || event.altKey) return;
  event.preventDefault();
  const box = document.getElementById("q");
  if (box) box.focus();
  else window.location.hash = "#/search";
});
api("/api/config").then((config) => {
  if (!config.store) document.body.classList.add("no-store");
}).catch(() => {});
route();
