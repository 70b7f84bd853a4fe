// axe-core in headless Debian chromium over the home, topic and dynamics pages (and the topic
// page with a range) in every language, against a running barometer. Writes full-page
// screenshots to OUT_DIR. Exit code 0 only when axe finds 0 violations on every page.
// Usage: node tests/e2e/axe.mjs BASE_URL OUT_DIR
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node tests/e2e/axe.mjs BASE_URL OUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const pages = [];
for (const lang of ['en', 'be', 'ru']) {
  pages.push([`${lang}-home`, `/${lang}/`]);
  pages.push([`${lang}-topic`, `/${lang}/topics/security/`]);
  pages.push([`${lang}-topic-3y`, `/${lang}/topics/security/?range=3y`]);
  // A commentary (the week's address redirects to it): its head has the JSON-LD and OpenGraph.
  pages.push([`${lang}-commentary`, `/${lang}/topics/security/2022-W09/`]);
  pages.push([`${lang}-dynamics`, `/${lang}/dynamics/`]);
  // Search (issue 14): results, none (with suggestions), the filters alone.
  const word = { en: 'week', be: 'тыдня', ru: 'недели' }[lang];
  pages.push([`${lang}-search`, `/${lang}/search?q=${encodeURIComponent(word)}`]);
  pages.push([`${lang}-search-none`, `/${lang}/search?q=${encodeURIComponent(word)}&from=2016-W01&to=2016-W02`]);
  pages.push([`${lang}-search-filters`, `/${lang}/search?topic=security&assessment=worse&from=2022-W01&to=2022-W52`]);
  pages.push([`${lang}-dynamics-all`, `/${lang}/dynamics/?range=all&topic=security&topic=west&topic=russia`]);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failures = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const cspViolations = [];
  for (const [name, path] of pages) {
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') cspViolations.push(`${name}: ${msg.text()}`);
    });
    const response = await page.goto(base + path, { waitUntil: 'load' });
    if (!response || response.status() !== 200) {
      console.log(`FAIL ${path}: status ${response ? response.status() : 'none'}`);
      failures++;
      await page.close();
      continue;
    }
    // Open the text alternatives so that axe checks them too and the screenshot shows them.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const results = await new AxeBuilder({ page }).analyze();
    for (const v of results.violations) {
      failures++;
      console.log(`FAIL ${path}: ${v.id} (${v.impact}) ${v.help}`);
      for (const node of v.nodes.slice(0, 5)) console.log(`    ${node.target.join(' ')}: ${node.failureSummary.split('\n').join(' ')}`);
    }
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = false; }));
    await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });
    console.log(`${results.violations.length === 0 ? 'ok  ' : 'FAIL'} ${path}: ${results.violations.length} violations, ${results.passes.length} rules passed`);
    await page.close();
  }
  // The strict CSP reports refused inline styles or scripts as console errors.
  for (const text of cspViolations) {
    failures++;
    console.log(`FAIL console error: ${text}`);
  }
} finally {
  await browser.close();
}
console.log(failures === 0 ? `axe: 0 violations on ${pages.length} pages` : `axe: ${failures} problems`);
process.exit(failures === 0 ? 0 : 1);
