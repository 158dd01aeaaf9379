// The API reference, drawn from /openapi.json with no external script (works offline).

import { h } from "./ui.js";

function schemaText(schema) {
  if (!schema) return "";
  if (schema.anyOf) return schema.anyOf.map(schemaText).filter((s) => s !== "null").join(" | ");
  const limits = [];
  for (const key of ["minimum", "maximum", "maxLength"]) if (key in schema) limits.push(`${key} ${schema[key]}`);
  return `${schema.type || ""}${limits.length ? ` (${limits.join(", ")})` : ""}`;
}

function operation(path, method, op) {
  const params = op.parameters || [];
  const body = op.requestBody && op.requestBody.content ? Object.keys(op.requestBody.content) : [];
  return h("section", { class: "op", id: op.operationId },
    h("div", {}, h("span", { class: `method ${method}` }, method.toUpperCase()), h("code", { class: "path" }, path),
      " — ", h("strong", {}, op.summary || "")),
    op.description ? h("p", { class: "desc" }, op.description) : null,
    params.length ? h("table", {}, h("tr", {}, h("th", {}, "parameter"), h("th", {}, "in"), h("th", {}, "type"), h("th", {}, "about")),
      params.map((p) => h("tr", {}, h("td", {}, h("code", {}, p.name)), h("td", {}, p.in),
        h("td", {}, schemaText(p.schema)), h("td", {}, p.description || (p.schema && p.schema.description) || "")))) : null,
    body.length ? h("p", {}, "Body: ", body.join(", ")) : null);
}

async function main() {
  const root = document.getElementById("docs");
  try {
    const spec = await (await fetch("/openapi.json")).json();
    const ops = [];
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) ops.push(operation(path, method, op));
    }
    root.replaceChildren(h("h1", {}, `${spec.info.title} ${spec.info.version}`),
      h("p", {}, spec.info.description || ""),
      h("p", {}, "Errors answer a 4xx status with a JSON body {\"error\": {\"status\", \"code\", \"message\", \"details\"}}. Listings take limit (1–100) and offset, and answer {items, limit, offset, total, next}."),
      ...ops);
  } catch (error) {
    root.replaceChildren(h("p", { class: "error" }, `Cannot load /openapi.json: ${error.message}`));
  }
}

main();
