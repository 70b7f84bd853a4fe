// Validates the read API's document and real responses; see api_openapi.sh.
// Usage: node api_openapi.mjs BASE_URL OPENAPI_JSON
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [base, docPath] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(docPath, "utf8"));
let failures = 0;
const fail = (msg) => { failures++; console.log("FAIL " + msg); };

// 1. The document is OpenAPI 3.1.
const validator = new Validator();
const verdict = await validator.validate(doc);
if (validator.version !== "3.1" || !verdict.valid) fail("document: " + JSON.stringify(verdict.errors ?? validator.version));

// The served document is the file.
const served = await (await fetch(base + "/api/v1/openapi.json")).json();
if (JSON.stringify(served) !== JSON.stringify(doc)) fail("/api/v1/openapi.json is not src/web/api/openapi.json");

// 2. Responses against the schemas.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, "openapi.json");
const pointer = (parts) => parts.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
const validators = new Map();
function schemaFor(template, method, status) {
  let response = doc.paths[template]?.[method]?.responses?.[String(status)];
  let where = ["paths", template, method, "responses", String(status)];
  if (!response) return null;
  if (response.$ref) {
    where = response.$ref.slice(2).split("/").map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
    response = where.reduce((o, k) => o[k], doc);
  }
  return schemaOf(where);
}
function schemaOf(where) {
  const response = where.reduce((o, k) => o?.[k], doc);
  if (!response) return null;
  if (!response.content) return "no-body";
  const key = where.join("\u0000");
  if (!validators.has(key)) {
    validators.set(key, ajv.compile({ $ref: "openapi.json#/" + pointer([...where, "content", "application/json", "schema"]) }));
  }
  return validators.get(key);
}

// Which documented path a URL is.
const templates = Object.keys(doc.paths).map((t) => ({
  t,
  re: new RegExp("^" + t.replace(/\{[^}]+\}/g, "[^/]+") + "$"),
}));
const templateOf = (path) => templates.find(({ re }) => re.test(path))?.t ?? null;

let checked = 0;
async function check(path, { method = "GET", status = 200, headers = {} } = {}) {
  const res = await fetch(base + path, { method, headers, redirect: "manual" });
  const text = await res.text();
  if (res.status !== status) return fail(`${method} ${path}: status ${res.status}, expected ${status}: ${text.slice(0, 200)}`);
  if (res.headers.get("access-control-allow-origin") !== "*") fail(`${method} ${path}: no Access-Control-Allow-Origin: *`);
  const template = templateOf(path.split("?")[0]);
  // HEAD is GET without the body (OpenAPI documents GET); a 405 is the same for every path.
  const documented = method === "HEAD" ? "get" : method.toLowerCase();
  const schema = status === 405 ? schemaOf(["components", "responses", "MethodNotAllowed"])
    : template ? schemaFor(template, documented, status) : schemaFor("/api/v1/topics", "get", status);
  if (!schema) return fail(`${method} ${path}: status ${status} is not documented for ${template}`);
  checked++;
  if (schema === "no-body" || method === "HEAD") return null;
  if (res.headers.get("content-type") !== "application/json") fail(`${method} ${path}: Content-Type ${res.headers.get("content-type")}`);
  const body = JSON.parse(text);
  if (!schema(body)) fail(`${method} ${path}: ${ajv.errorsText(schema.errors)}`);
  if (status === 200 && "next" in body) {
    const link = res.headers.get("link");
    if ((body.next === null) !== (link === null) || (link && link !== `<${body.next}>; rel="next"`))
      fail(`${method} ${path}: Link ${link} does not match next ${body.next}`);
  }
  return { body, res };
}
const local = (url) => url.replace(/^https?:\/\/[^/]+/, "");

const index = (await check("/api/v1/")).body;
for (const what of ["topics", "periods", "commentaries", "authors", "search"]) await check(local(index.links[what]));
const topics = (await check("/api/v1/topics?limit=2")).body;
if (topics.next) await check(local(topics.next));
await check("/api/v1/topics/" + topics.data[0].slug);
await check("/api/v1/authors?limit=1");
const periods = (await check("/api/v1/periods?limit=3")).body;
await check(local(periods.next));
await check("/api/v1/periods/" + periods.data[0].id);
await check("/api/v1/periods?from=2021-W01&to=2021-W10");
const list = (await check("/api/v1/commentaries?limit=5")).body;
await check(local(list.next));
const id = list.data[0].id;
await check(`/api/v1/commentaries/${id}`);
await check(`/api/v1/commentaries/${id}?fields=title,assessment&lang=be`);
await check(`/api/v1/commentaries?fields=url,period&limit=3&topic=${topics.data[0].slug}`);
await check("/api/v1/commentaries?fields=translations,evidence,authors,published_at,outlook&lang=ru&limit=2");
await check("/api/v1/commentaries?assessment=worse&outlook=risk&from=2021-W01&to=2022-W52&limit=4");
await check("/api/v1/commentaries?lang=en&limit=100");
const hits = (await check("/api/v1/search?q=" + encodeURIComponent("Russia") + "&limit=3")).body;
if (hits.next) await check(local(hits.next));
await check("/api/v1/search?q=" + encodeURIComponent("\"security\" -army OR sanctions") + "&lang=en");
await check("/api/v1/search?assessment=better&lang=be&limit=2");
await check("/api/v1/commentaries", { method: "HEAD" });
await check("/api/v1/commentaries", { method: "OPTIONS", status: 204 });
const etag = (await fetch(base + "/api/v1/topics")).headers.get("etag");
await check("/api/v1/topics", { headers: { "If-None-Match": etag }, status: 304 });
// Errors: each documented.
for (const bad of ["/api/v1/commentaries?limit=0", "/api/v1/commentaries?colour=red", "/api/v1/commentaries?cursor=zz",
                   "/api/v1/periods/2022-W99", "/api/v1/search?lang=xx", "/api/v1/commentaries/abc",
                   "/api/v1/commentaries?fields=nope", "/api/v1/topics?limit=1&limit=2"])
  await check(bad, { status: 400 });
for (const missing of ["/api/v1/commentaries/999999", "/api/v1/topics/nope", "/api/v1/periods/1999-W01"])
  await check(missing, { status: 404 });
const unknown = await fetch(base + "/api/v1/nothing");
if (unknown.status !== 404 || !unknown.headers.get("content-type").startsWith("application/json")) fail("/api/v1/nothing");
else if (!schemaFor("/api/v1/topics", "get", 404)(await unknown.json())) fail("/api/v1/nothing: not an Error");
await check("/api/v1/topics", { method: "POST", status: 405 });
await check("/api/v1/topics", { method: "DELETE", status: 405 });
// Past the demo's limit of 80 a minute: 429 with Retry-After.
let limited = null;
for (let i = 0; i < 100 && !limited; i++) {
  const r = await fetch(base + "/api/v1/");
  if (r.status === 429) limited = r;
}
if (!limited) fail("no 429 after 100 more requests at a limit of 80 a minute");
else {
  if (!(Number(limited.headers.get("retry-after")) >= 1)) fail("429 without Retry-After");
  if (!schemaFor("/api/v1/", "get", 429)(await limited.json())) fail("429: not an Error");
  checked++;
}

console.log(`${checked} responses checked against ${docPath}; ${failures} failures`);
process.exit(failures ? 1 : 0);
