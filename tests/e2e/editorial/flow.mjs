// The editorial flow in the browser, as people do it: the analyst signs in, opens the week's
// board, writes a commentary in every language of the editor, previews it, submits it; the editor
// signs in and publishes it; the reader's pages show it. Screenshots of the board, the editor
// (with its preview) and the published page go to OUT_DIR. axe-core runs on every back-office
// page reachable from the navigation (signed in as admin), the sign-in page, the board and the
// editor.
import { kPassword, kUsers } from './site.mjs';
import { axeViolations, bounded, disableCache, scanPage } from './browser.mjs';

const kStep = 30000;  // ms for any single navigation or wait (generous: the machine may be loaded)

// A text for field `kind` (title/lead/body) in language `lang`, unique to this run.
function textFor(kind, lang, run) {
  const words = {
    en: ['Security pressure grew', 'Exercises near the border raised the risk of incidents.', 'Troops moved **north**.\n\n- one\n- two'],
    be: ['Ціск у бяспецы вырас', 'Вучэнні каля мяжы павялічылі рызыку інцыдэнтаў.', 'Войскі рушылі на *поўнач*.'],
    ru: ['Давление в сфере безопасности выросло', 'Учения у границы повысили риск инцидентов.', 'Войска двинулись на *север*.'],
  }[lang] ?? [`Title ${lang}`, `Lead ${lang}.`, `Body ${lang}.`];
  const i = { title: 0, lead: 1, body: 2 }[kind];
  return i === 0 ? `${words[0]} (${run})` : words[i];
}

async function signIn(page, base, user) {
  await page.goto(`${base}/admin/login`, { timeout: kStep });
  await page.fill('input[name=email]', user.email);
  await page.fill('input[name=password]', kPassword);
  await Promise.all([page.waitForURL(`${base}/admin/`, { timeout: kStep }), page.click('form[action="/admin/login"] [type=submit]')]);
}

async function signOut(page, base) {
  await Promise.all([page.waitForURL(`${base}/admin/login`, { timeout: kStep }), page.click('form[action="/admin/logout"] [type=submit]')]);
}

// Clicks the submit button with name=action and `value`, waits for the next page to load.
// Returns the status of the page it lands on.
async function press(page, value) {
  const [response] = await Promise.all([page.waitForNavigation({ timeout: kStep }),
                                        page.click(`button[name=action][value=${value}]`)]);
  return response?.status();
}

// Field errors and alerts on the page, for failure messages.
async function pageErrors(page) {
  return page.evaluate(() => [...document.querySelectorAll('[role=alert], .field-error')].map((e) => e.textContent.trim()).join(' | '));
}

export async function runEditorialFlow({ context, base, outDir, watch, log }) {
  const failures = [];
  const fail = (m) => {
    failures.push(m);
    log(`FAIL ${m}`);
  };
  const axeRun = async (page, name) => {
    const r = await axeViolations(page, name);
    for (const l of r.lines) fail(`axe ${l}`);
    log(`${r.count === 0 ? 'ok  ' : 'FAIL'} axe ${name}: ${r.count} violations, ${r.passes} rules passed`);
  };
  const run = Date.now().toString(36);
  const page = watch(await context.newPage(), 'flow');

  // Analyst: sign in (axe on the sign-in page first), the board.
  await page.goto(`${base}/admin/login`, { timeout: kStep });
  await axeRun(page, 'sign-in page');
  await signIn(page, base, kUsers.analyst);
  await page.screenshot({ path: `${outDir}/board.png`, fullPage: true });
  await axeRun(page, 'board (analyst)');
  // The first topic without a commentary this week: its "write" link carries topic and period.
  const write = await page.$('a[href^="/admin/commentaries/new?"]');
  if (!write) throw new Error('the board offers no topic to write for this week');
  const writeUrl = new URL(await write.getAttribute('href'), base);
  const topic = writeUrl.searchParams.get('topic');
  const period = writeUrl.searchParams.get('period');
  await Promise.all([page.waitForURL(/\/admin\/commentaries\/new/, { timeout: kStep }), write.click()]);

  // The editor: every language's fieldset gets a title, lead and body (the rest stays as given).
  const langs = await page.$$eval('input[name^="title_"]', (els) => els.map((e) => e.name.slice('title_'.length)));
  if (langs.length < 3) fail(`the editor offers ${langs.length} languages (${langs.join(', ')}), expected en, be, ru`);
  const titles = {};
  for (const lang of langs) {
    titles[lang] = textFor('title', lang, run);
    await page.fill(`[name=title_${lang}]`, titles[lang]);
    await page.fill(`[name=lead_${lang}]`, textFor('lead', lang, run));
    await page.fill(`[name=body_${lang}]`, textFor('body', lang, run));
  }
  await page.check('input[name=assessment][value=worse]');
  await press(page, 'preview');
  // The preview may be in the page or in frames (e.g. the public template in an iframe).
  const preview = await scanPage(page);
  for (const lang of langs)
    if (!preview.text.includes(titles[lang])) fail(`preview does not show the ${lang} title: ${await pageErrors(page)}`);
  const bold = await Promise.all(page.frames().map((f) => bounded(f.$$eval('strong', (els) => els.map((e) => e.textContent)), 5000, 'frame')
    .catch(() => [])));
  if (!bold.flat().includes('north')) fail('preview does not render the Markdown body (no <strong>north</strong>)');
  await page.screenshot({ path: `${outDir}/editor.png`, fullPage: true });
  await axeRun(page, 'editor with preview');
  const submitted = await press(page, 'submit');
  // In review it is the editor's turn: the analyst lands on the week's board, with a notice.
  if (submitted !== 200 || !/\/admin\/\?(.*&)?submitted=1/.test(page.url()))
    fail(`after submit the analyst lands on ${page.url()} with status ${submitted}, expected the board: ${await pageErrors(page)}`);
  const notice = await page.$eval('[role=status]', (e) => e.textContent.trim()).catch(() => '');
  if (!notice) fail(`after submit the board shows no notice (at ${page.url()})`);
  // The board's row of the commentary (its language cells carry the titles) links the editor.
  const href = await page.$$eval('tbody tr', (rows, title) => {
    const row = rows.find((r) => [...r.querySelectorAll('span[title]')].some((s) => s.getAttribute('title') === title));
    return row?.querySelector('a[href^="/admin/commentaries/"]')?.getAttribute('href') ?? null;
  }, titles[langs[0]]);
  if (!href || !/^\/admin\/commentaries\/[0-9]+\/$/.test(href)) {
    fail(`submit did not save: the board at ${page.url()} has no row titled ${JSON.stringify(titles[langs[0]])}: ${await pageErrors(page)}`);
    return { failures };
  }
  const editUrl = base + href;
  log(`ok   analyst wrote ${topic} ${period} in ${langs.join(', ')} and submitted it (${notice}): ${editUrl}`);
  await axeRun(page, 'board (submitted)');
  await signOut(page, base);

  // Editor: sign in, find it on the board, publish.
  await signIn(page, base, kUsers.editor);
  const editLink = await page.$(`a[href="${new URL(editUrl).pathname}"]`);
  if (!editLink) fail(`the editor's board has no link to ${editUrl}`);
  await page.goto(editUrl, { timeout: kStep });
  const published = await press(page, 'publish');
  if (published !== 200 || !page.url().includes('saved=1')) fail(`publish did not save: at ${page.url()}: ${await pageErrors(page)}`);
  else log(`ok   editor published ${editUrl}`);
  await signOut(page, base);

  // Reader: every language's page of the commentary (the period URL redirects to the slug URL)
  // and the home page show it.
  const reader = watch(await context.newPage(), 'reader');
  await disableCache(reader);
  for (const lang of langs) {
    const response = await reader.goto(`${base}/${lang}/topics/${topic}/${period}/`, { timeout: kStep });
    const h1 = await reader.$eval('h1', (e) => e.textContent).catch(() => '');
    if (!response || response.status() !== 200 || !h1.includes(titles[lang]))
      fail(`reader's ${lang} page ${reader.url()}: status ${response?.status()}, h1 ${JSON.stringify(h1)}, expected ${JSON.stringify(titles[lang])}`);
    if (lang === langs[0]) await reader.screenshot({ path: `${outDir}/published.png`, fullPage: true });
    const home = await reader.goto(`${base}/${lang}/`, { timeout: kStep });
    const homeText = await reader.textContent('main').catch(() => '');
    if (home?.status() !== 200 || !homeText.includes(titles[lang])) fail(`the ${lang} home page does not show "${titles[lang]}"`);
  }
  if (failures.length === 0) log(`ok   the reader's pages show it in ${langs.join(', ')}`);
  await reader.close();

  // axe on every back-office page reachable from the navigation, signed in as admin.
  await signIn(page, base, kUsers.admin);
  const navLinks = await page.$$eval('header nav a[href^="/admin/"]', (els) => [...new Set(els.map((e) => e.getAttribute('href')))]);
  for (const href of navLinks) {
    const response = await page.goto(base + href, { timeout: kStep });
    if (response?.status() !== 200) fail(`nav link ${href}: status ${response?.status()}`);
    const name = href.replace(/^\/admin\//, '').replace(/\/$/, '') || 'board';
    await page.screenshot({ path: `${outDir}/admin-${name.replace(/[^a-z0-9]+/gi, '-')}.png`, fullPage: true });
    await axeRun(page, `admin ${href}`);
  }
  await page.goto(editUrl, { timeout: kStep });
  await axeRun(page, 'editor (admin, published)');
  await signOut(page, base);
  await page.close();
  return { failures, topic, period, editUrl, langs, navLinks };
}
