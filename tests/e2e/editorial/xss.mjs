// The XSS vectors of tests/e2e/xss_vectors.json in the browser: each vector is saved (over HTTP,
// as in probe.mjs) into every free-text field that accepts it, and each Markdown vector into the
// Markdown bodies; then, with the editor's session, Chromium opens the pages that show them: the
// reader's commentary page in every language, the home page and the topic page, the board, the
// editor, its preview (the Preview button), and every page the editor links to for this
// commentary (revisions, diffs, ... when they exist). On each: no dialog, no console/page error
// (the Traps of browser.mjs), and nothing injected in the live DOM (scanDocument); on the reader's
// page a vector saved in a plain-text field (not a Markdown body) is shown as text.
import { readFileSync } from 'node:fs';
import { disableCache, newFindings, scanPage } from './browser.mjs';
import { asParsed, fieldLang, FieldProbe } from './probe.mjs';

const kStep = 15000;
const kMaxLinked = 6;  // pages linked from the editor that are opened per vector

export async function runXss({ context, client, parser, fixture, traps, sourceDir, outDir, watch, log, deadline }) {
  const { vectors, markdown } = JSON.parse(readFileSync(`${sourceDir}/tests/e2e/xss_vectors.json`, 'utf8'));
  const failures = [];
  const fail = (m) => {
    failures.push(m);
    if (failures.length <= 40) log(`FAIL ${m}`);
  };
  const probe = await new FieldProbe(client, parser, fixture).init();
  const bodyGroups = [...probe.groups.keys()].filter((g) => g.startsWith('body'));
  if (bodyGroups.length === 0) fail('xss: the editor has no body_* (Markdown) field');
  await context.addCookies(client.browserCookies());
  let current = '';
  const page = watch(await context.newPage(), () => current);
  await disableCache(page);
  const baseline = new Map();  // page kind -> its findings with the fixture's own, harmless text
  const editorFindings = (await parser.inspect((await client.get(fixture.editPath)).html)).injected;
  const base = new URL(fixture.editPath, client.base).origin;
  let pagesOpened = 0;
  let refusedCount = 0;
  let notes = 0;  // 404s of resources named by vectors

  // Opens `path` (or runs `action`, which navigates) and checks the page (all its frames) against
  // the same kind of page before any vector; `expectText`: strings the page must show as text.
  const check = async (label, kind, path, expectText = [], action = null) => {
    current = `${label} ${kind}`;
    let status;
    if (action) status = await action();
    else status = (await page.goto(base + path, { timeout: kStep }))?.status();
    pagesOpened++;
    // Give onload/onerror/autofocus handlers and the live preview the chance to run.
    await page.waitForLoadState('load', { timeout: kStep });
    await page.waitForTimeout(30);
    if (status !== 200) fail(`${current}: status ${status}`);
    const scan = await scanPage(page);
    if (!baseline.has(kind)) baseline.set(kind, scan.injected);
    const injected = newFindings(scan.injected, baseline.get(kind));
    if (injected.length) fail(`${current}: injected ${injected.join(', ')}`);
    for (const t of expectText)
      if (!scan.text.includes(t)) {
        const h1 = await page.$eval('h1', (e) => e.textContent).catch(() => '(no h1)');
        fail(`${current}: ${page.url()} does not show ${JSON.stringify(t).slice(0, 60)} as text (h1: ${JSON.stringify(h1).slice(0, 80)})`);
      }
    // A resource a vector names (e.g. an image "x") may not exist: a 404 in the console is not
    // an execution. Dialogs, page errors and CSP refusals are.
    for (const t of traps.unreported()) {
      if (/^console error .*Failed to load resource: the server responded with a status of 404/.test(t)) notes++;
      else fail(t);
    }
  };

  const openAll = async (label, saved, s) => {
    for (const lang of fixture.langs) {
      const plain = saved.filter((f) => fieldLang(f, fixture.langs) === lang && !f.startsWith('body') && !f.startsWith('slug'));
      await check(label, `reader ${lang}`, `/${lang}/topics/${fixture.topic}/${fixture.period}/`, plain.length ? [asParsed(s)] : []);
    }
    const lang = fixture.langs[0];
    await check(label, 'home', `/${lang}/`);
    await check(label, 'topic page', `/${lang}/topics/${fixture.topic}/`);
    await check(label, 'board', '/admin/');
    await check(label, 'editor', fixture.editPath);
    const linked = await page.$$eval(`a[href^="${fixture.editPath}"]`, (els, self) =>
      [...new Set(els.map((e) => e.getAttribute('href')).filter((h) => h.split('?')[0] !== self))], fixture.editPath);
    await check(label, 'preview', null, [], async () => {
      const [response] = await Promise.all([page.waitForNavigation({ timeout: kStep }),
                                            page.click('button[name=action][value=preview]')]);
      return response?.status();
    });
    for (const href of linked.slice(0, kMaxLinked)) await check(label, href.replace(/[0-9]+/g, 'N'), href);
  };

  const runOne = async (label, s, groups) => {
    const r = await probe.saveWhereAccepted(s, groups);
    for (const p of r.problems) fail(`${label} ${p}`);
    for (const x of r.refusals) {
      refusedCount++;
      const injected = newFindings(x.injected, editorFindings);
      if (injected.length) fail(`${label} in ${x.group}: the refusal page holds ${injected.join(', ')}`);
    }
    if (r.accepted.length === 0) return;
    await openAll(label, r.fields, s);
  };

  // The pages as they are without any vector: what they hold of their own is not an injection.
  await openAll('baseline', [], '');
  let n = 0;
  for (const v of vectors) {
    if (Date.now() > deadline) {
      fail(`xss: out of time before vector ${n}`);
      break;
    }
    if (n % 10 === 0) log(`     xss: vector ${n}, ${pagesOpened} pages opened, ${failures.length} failures so far`);
    await runOne(`xss vector ${n++} ${JSON.stringify(v).slice(0, 50)}`, v);
  }
  n = 0;
  for (const v of markdown) {
    if (Date.now() > deadline) {
      fail(`xss: out of time before Markdown vector ${n}`);
      break;
    }
    await runOne(`xss markdown ${n++} ${JSON.stringify(v).slice(0, 50)}`, v, bodyGroups);
  }
  await probe.restore();
  await page.close();
  return {
    failures,
    summary: `${vectors.length} vectors in ${probe.groups.size} field groups and ${markdown.length} Markdown vectors in bodies: ` +
             `${pagesOpened} pages opened, ${refusedCount} refusals, ${notes} 404s of resources vectors name, ${failures.length} failures`,
  };
}
