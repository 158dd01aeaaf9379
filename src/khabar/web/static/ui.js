// Small DOM helpers shared by the views. Text is always set with textContent.

/** Make an element: h("a", {href: "#/x", class: "c"}, "text", child, ...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A link that only ever points at http(s) URLs; anything else becomes plain text. */
export function safeLink(url, label) {
  let parsed = null;
  try {
    parsed = new URL(url, window.location.href);
  } catch {
    parsed = null;
  }
  if (!parsed || !["http:", "https:"].includes(parsed.protocol)) {
    return h("span", { class: "url" }, label || url || "");
  }
  return h("a", { href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank",
    class: "url", dir: "ltr" }, label || parsed.href);
}

/** A Latin name beside an Arabic one. */
export function latin(name) {
  return name ? h("bdi", { class: "latin", lang: "en", dir: "ltr" }, name) : null;
}

const DATE_FORMAT = new Intl.DateTimeFormat("ar-u-nu-latn", {
  year: "numeric", month: "long", day: "numeric", timeZone: "UTC",
});
const MONTH_FORMAT = new Intl.DateTimeFormat("ar-u-nu-latn", {
  year: "numeric", month: "long", timeZone: "UTC",
});

/** «15 سبتمبر 2023» for "2023-09-15"; other ISO values are shown as they are. */
export function humanDate(value) {
  if (!value) return "تاريخ غير معروف";
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return DATE_FORMAT.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) return MONTH_FORMAT.format(new Date(Date.UTC(+m[1], +m[2] - 1, 1)));
  return value;
}

export function dateElement(value) {
  return h("time", { datetime: value || null, class: "date" }, humanDate(value));
}

export const TYPE_LABELS = { PER: "شخص", ORG: "منظمة", LOC: "مكان", MISC: "أخرى" };
export const QUOTE_KINDS = { direct: "اقتباس مباشر", indirect: "قول منقول", mixed: "قول مختلط" };
export const SPEAKER_KINDS = {
  name: "بالاسم", role: "بالصفة", group: "جماعة", pronoun: "ضمير أو فعل",
};
export const GRAINS = {
  day: "يوم", week: "أسبوع", month: "شهر", year: "سنة", decade: "عقد", century: "قرن",
  "part-of-day": "جزء من اليوم", time: "وقت", duration: "مدة", hour: "ساعة", minute: "دقيقة",
};

/** Fetch JSON from the API; a failure throws an Error with the server's message. */
export async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, ...options });
  } catch {
    throw new Error("تعذّر الاتصال بالخادم (cannot reach the server)");
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `HTTP ${response.status}`;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return body;
}

export function errorBox(error) {
  return h("div", { class: "error", role: "alert" }, "خطأ: ", error.message || String(error));
}

export function emptyBox(text) {
  return h("p", { class: "empty" }, text);
}

/** Previous / next buttons for a page of results. */
export function pager(result, go) {
  const nav = h("nav", { class: "pager", "aria-label": "الصفحات" });
  const { offset, limit, items } = result;
  if (offset > 0) {
    nav.appendChild(h("button", { type: "button", onclick: () => go(Math.max(0, offset - limit)) },
      "→ السابق"));
  }
  nav.appendChild(h("span", { class: "muted" },
    items.length ? `النتائج من ${offset + 1} إلى ${offset + items.length}` : "لا نتائج",
    result.total !== null && result.total !== undefined ? ` من أصل ${result.total}` : ""));
  if (result.next) {
    nav.appendChild(h("button", { type: "button", onclick: () => go(offset + limit) },
      "التالي ←"));
  }
  return nav;
}
