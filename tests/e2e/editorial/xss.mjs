// The XSS vectors of tests/e2e/xss_vectors.json in the browser, through every free-text field of
// the commentary editor (several fixture commentaries, one worker each, in parallel) and of the
// site settings and topic forms (their names show on the public pages). Vectors go in batches:
// one save gives each language's fields a different vector (the vector of slot L goes into every
// field of language L: title, lead, body, slug, evidence lines; fields without a language take
// the slots' vectors in turn), and each Markdown vector goes into one language's body. Then,
// with the staff member's session, Chromium opens the pages that show them: the reader's
// commentary page in every language, the home page and the topic page, the board, the editor,
// its preview (the Preview button) and every page the editor links to for this commentary
// (revisions, diffs, ... when they exist); for the settings and topic forms, the home and topic
// pages in every language, the board and the form itself. On each: no dialog, no console/page
// error (the Traps of browser.mjs), and nothing injected in the live DOM (scanDocument); on the
// reader's page of language L, the vector saved in L's plain-text fields is shown as text. A
// batch that fails is run again vector by vector, so that each failure names its vector.
import { readFileSync } from 'node:fs';
import { disableCache, newFindings, scanPage } from './browser.mjs';
import { asParsed, fieldLang, FieldProbe } from './probe.mjs';

const kStep = 30000;  // ms for one navigation: generous, the machine may be loaded
const kMaxLinked = 6;  // pages linked from the editor that are opened per batch

export async function runXss({ context, client, admin, parser, fixtures, manage, traps, sourceDir, watch, log, deadline }) {
  const { vectors, markdown } = JSON.parse(readFileSync(`${sourceDir}/tests/e2e/xss_vectors.json`, 'utf8'));
  const failures = [];
  const failWith = (m) => {
    failures.push(m);
    if (failures.length <= 40) log(`FAIL ${m}`);
  };
  let pagesOpened = 0;
  let saves = 0;
  let refusedCount = 0;
  let notes = 0;  // 404s of resources named by vectors
  const reader = fixtures[0];
  await context.addCookies(client.browserCookies());
  // The admin's session in a context of its own (both sessions use the same cookie name).
  const adminContext = await context.browser().newContext({ viewport: { width: 1280, height: 900 } });
  await adminContext.addCookies(admin.browserCookies());

  // One worker: a form (`fixture`, saved over HTTP by `http`) and a browser page of its own.
  const makeWorker = async (name, browserContext, http, fixture, isEditor) => {
    let failed = 0;  // this worker's failures (others run at the same time)
    const fail = (m) => {
      failed++;
      failWith(m);
    };
    const probe = await new FieldProbe(http, parser, fixture).init();
    let current = '';
    const page = watch(await browserContext.newPage(), () => current);
    await disableCache(page);
    const base = new URL(fixture.editPath, http.base).origin;
    const baseline = new Map();  // page kind -> its findings before any vector
    const formFindings = (await parser.inspect((await http.get(fixture.editPath)).html)).injected;

    // Opens `path` (or runs `action`, which navigates) and checks the page (all its frames)
    // against the same kind of page before any vector; `expectText`: what it must show as text.
    const check = async (label, kind, path, expectText = [], action = null) => {
      current = `${label} ${kind}`;
      const status = action ? await action() : (await page.goto(base + path, { timeout: kStep }))?.status();
      pagesOpened++;
      // Give onload/onerror/autofocus handlers and the live preview the chance to run.
      await page.waitForLoadState('load', { timeout: kStep });
      // The editor's live preview (editor.js) fills its frame after the load: let it finish, so
      // that the page is compared in the same state as its baseline.
      if (isEditor && (kind === 'form' || kind === 'preview')) await page.waitForLoadState('networkidle', { timeout: kStep }).catch(() => {});
      await page.waitForTimeout(30);
      if (status !== 200) fail(`${current}: status ${status}`);
      let scan = await scanPage(page);
      // A frame that navigated while it was read (the live preview replacing its document): read again.
      const unreadable = () => scan.injected.some((x) => x.includes('unreadable frame'));
      for (let retry = 0; retry < 3 && unreadable(); retry++) {
        await page.waitForTimeout(300);
        scan = await scanPage(page);
      }
      // Still no answer (seen once on a machine with a load average of 17): the same page once
      // more from the server; a page that cannot be read then still fails.
      if (unreadable() && !action) {
        log(`     ${current}: the page did not answer a scan; loading it again`);
        await page.reload({ timeout: kStep });
        await page.waitForLoadState('load', { timeout: kStep });
        scan = await scanPage(page);
      }
      if (!baseline.has(kind)) baseline.set(kind, scan.injected);
      const injected = newFindings(scan.injected, baseline.get(kind));
      if (injected.length) fail(`${current}: injected ${injected.join(', ')}`);
      for (const t of expectText)
        if (!scan.text.includes(t) && !scan.text.includes(t.trim())) {
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

    // The pages that show what `units` (accepted, each with its vector) put in the form.
    const openAll = async (label, units) => {
      for (const lang of reader.langs) {
        if (isEditor) {
          const plain = units.filter((u) => u.lang === lang && u.plain);
          await check(label, `reader ${lang}`, `/${lang}/topics/${fixture.topic}/${reader.period}/`,
                      [...new Set(plain.map((u) => asParsed(u.value)))]);
        } else {
          // The site's and the topics' names and texts: the home page and a topic's page.
          await check(label, `home ${lang}`, `/${lang}/`);
          await check(label, `topic page ${lang}`, `/${lang}/topics/${reader.topic}/`);
        }
      }
      if (isEditor) {
        await check(label, 'home', `/${reader.langs[0]}/`);
        await check(label, 'topic page', `/${reader.langs[0]}/topics/${fixture.topic}/`);
      }
      await check(label, 'board', '/admin/');
      await check(label, 'form', fixture.editPath);
      if (!isEditor) return;
      const linked = await page.$$eval(`a[href^="${fixture.editPath}"]`, (els, self) =>
        [...new Set(els.map((e) => e.getAttribute('href')).filter((h) => h.split('?')[0] !== self))], fixture.editPath);
      await check(label, 'preview', null, [], async () => {
        const [response] = await Promise.all([page.waitForNavigation({ timeout: kStep }),
                                              page.click('button[name=action][value=preview]', { timeout: kStep })]);
        return response?.status();
      });
      for (const href of linked.slice(0, kMaxLinked)) await check(label, href.replace(/[0-9]+/g, 'N'), href);
    };

    // The units of one save: slot n (language langs[n]) gets batch[n] in its fields; the
    // fields without a language take the batch's vectors in turn.
    const unitsFor = (batch, groups) => {
      const units = [];
      let shared = 0;
      for (const g of groups) {
        const fields = probe.groups.get(g);
        const plain = !g.startsWith('body') && !g.startsWith('slug');
        fixture.langs.forEach((lang, n) => {
          const mine = fields.filter((f) => fieldLang(f, fixture.langs) === lang);
          if (mine.length && n < batch.length) units.push({ key: `${g} ${lang}`, fields: mine, value: batch[n], lang, plain });
        });
        const common = fields.filter((f) => fieldLang(f, fixture.langs) === null);
        if (common.length) units.push({ key: g, fields: common, value: batch[shared++ % batch.length], lang: null, plain });
      }
      return units;
    };

    const runBatch = async (label, batch, groups) => {
      saves++;
      const before = failed;
      const r = await probe.saveUnits(unitsFor(batch, groups));
      for (const p of r.problems) fail(`${label} ${p}`);
      for (const x of r.refusals) {
        refusedCount++;
        const injected = newFindings(x.injected, formFindings);
        if (injected.length) fail(`${label} in ${x.group}: the refusal page holds ${injected.join(', ')}`);
      }
      if (r.units.length > 0) await openAll(label, r.units);
      return failed > before;
    };

    const bodyGroups = [...probe.groups.keys()].filter((g) => g.startsWith('body'));
    if (isEditor && bodyGroups.length === 0) failWith('xss: the editor has no body_* (Markdown) field');
    const width = fixture.langs.length;
    return {
      name,
      baseline: () => openAll(`${name} baseline`, []),
      // Runs the batches of `list` (vectors `first`, ...) numbered n with n % stride == offset.
      run: async (list, kind, groups, offset, stride) => {
        for (let b = offset; b * width < list.length; b += stride) {
          const batch = list.slice(b * width, (b + 1) * width);
          const numbers = batch.map((_, i) => b * width + i);
          if (Date.now() > deadline) {
            fail(`xss ${name}: out of time before ${kind} ${numbers.join(', ')}`);
            return;
          }
          const label = `xss ${name} ${kind} ${numbers.join('+')} ${JSON.stringify(batch).slice(0, 70)}`;
          if (!(await runBatch(label, batch, groups ?? [...probe.groups.keys()])) || batch.length === 1) continue;
          // Which vector was it: each alone, in every field.
          log(`     xss ${name}: ${kind} ${numbers.join(', ')} failed together; again one by one`);
          for (let i = 0; i < batch.length; i++)
            await runBatch(`xss ${name} ${kind} ${numbers[i]} alone ${JSON.stringify(batch[i]).slice(0, 50)}`, [batch[i]], groups ?? [...probe.groups.keys()]);
        }
      },
      bodyGroups,
      finish: async () => {
        await probe.restore();
        await page.close();
      },
    };
  };

  const editors = [];
  for (const [n, f] of fixtures.entries()) editors.push(await makeWorker(`editor ${n + 1}`, context, client, f, true));
  const others = [];
  for (const f of manage) others.push(await makeWorker(f.label, adminContext, admin, f, false));
  const all = [...editors, ...others];
  // Every page as it is before any vector: what it holds of its own is not an injection.
  await Promise.all(all.map((w) => w.baseline()));
  log(`     xss: ${vectors.length} vectors and ${markdown.length} Markdown vectors, ${all.length} workers`);
  await Promise.all([
    ...editors.map(async (w, n) => {
      await w.run(vectors, 'vector', null, n, editors.length);
      await w.run(markdown, 'markdown', w.bodyGroups, n, editors.length);
    }),
    ...others.map((w) => w.run(vectors, 'vector', null, 0, 1)),
  ]);
  for (const w of all) await w.finish();
  await adminContext.close();
  return {
    failures,
    summary: `${vectors.length} vectors in every field of the editor (${fixtures.length} commentaries in parallel) and of ` +
             `${manage.map((f) => f.label).join(', ') || 'no other form'}, ${markdown.length} Markdown vectors in bodies: ` +
             `${saves} batch saves, ${pagesOpened} pages opened, ${refusedCount} refusals, ${notes} 404s of resources vectors name, ` +
             `${failures.length} failures`,
  };
}
