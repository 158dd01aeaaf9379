// A timeline of mentions per month as an inline SVG bar chart (no chart library).

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function months(first, last) {
  const out = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
    if (out.length > 600) break;
  }
  return out;
}

/** Bars of articles per month, oldest on the left, with every month in the range. */
export function timeline(byMonth) {
  const counts = new Map(byMonth.filter((b) => /^\d{4}-\d{2}$/.test(b.month)).map((b) => [b.month, b.articles]));
  const figure = document.createElement("figure");
  figure.className = "timeline";
  if (!counts.size) {
    figure.textContent = "لا تواريخ نشر لهذه الإشارات.";
    return figure;
  }
  const keys = [...counts.keys()].sort();
  const all = months(keys[0], keys[keys.length - 1]);
  const max = Math.max(...counts.values());
  const width = 640, height = 180, pad = 28;
  const step = Math.min(64, (width - 2 * pad) / all.length);
  const left = (width - step * all.length) / 2; // few months: narrow bars, centred
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "عدد المقالات في كل شهر", direction: "ltr" });
  chart.appendChild(svg("line", { x1: left, y1: height - pad, x2: width - left, y2: height - pad, class: "axis" }));
  all.forEach((month, i) => {
    const n = counts.get(month) || 0;
    const barH = max ? ((height - 2 * pad) * n) / max : 0;
    const bar = svg("rect", { x: left + i * step + step * 0.1, y: height - pad - barH, width: Math.max(1, step * 0.8), height: barH, class: "bar" });
    bar.appendChild(svg("title", {}, `${month}: ${n}`));
    chart.appendChild(bar);
    const every = Math.ceil(all.length / 8);
    const last = i === all.length - 1 && i % every >= every / 2; // not on top of the previous label
    if (i % every === 0 || last) {
      chart.appendChild(svg("text", { x: left + i * step + step / 2, y: height - 8, "text-anchor": "middle", class: "tick" }, month));
    }
  });
  chart.appendChild(svg("text", { x: left - 4, y: pad, "text-anchor": "end", class: "tick" }, String(max)));
  figure.appendChild(chart);
  return figure;
}
