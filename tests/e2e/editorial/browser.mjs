// Chromium (Debian's, driven by playwright-core) with traps that every page of these tests
// carries: a dialog (alert/confirm/prompt) is recorded and dismissed, console errors (the strict
// CSP reports refused inline scripts/styles there) and uncaught page errors are recorded.
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const kLaunch = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export async function launch() {
  return chromium.launch(kLaunch);
}

// Records what happened on every page of `context`: dialogs, console errors, page errors.
export class Traps {
  constructor() {
    this.events_ = [];  // in the order they happened
    this.reported_ = 0;  // events_ before this index were returned by unreported()
  }

  watch(page, label) {
    page.on('dialog', async (d) => {
      this.events_.push(`dialog ${label()}: ${d.type()} "${d.message()}"`);
      await d.dismiss().catch(() => {});
    });
    page.on('console', (m) => {
      // The browser's own request for /favicon.ico is not the page's doing.
      if (m.type() === 'error' && !(m.location()?.url ?? '').endsWith('/favicon.ico'))
        this.events_.push(`console error ${label()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.events_.push(`page error ${label()}: ${e.message}`));
    return page;
  }

  // Everything recorded since the last call (each event is reported once).
  unreported() {
    const all = this.all();
    const fresh = all.slice(this.reported_);
    this.reported_ = all.length;
    return fresh;
  }

  all() {
    return [...this.events_];
  }
}

// `promise`, or a rejection naming `what` after `ms`: a call into the browser that cannot finish
// (e.g. a frame whose document is replaced while it is read) fails the step instead of hanging
// the run.
export function bounded(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// Frames axe cannot enter: the back office shows the public page (the editor's previews, the
// digest preview) in sandboxed frames without allow-scripts, where axe's script is refused and
// its run never ends. The frame elements themselves are still checked (title, focus); what they
// show is the public page, which the public pages' own axe check (tests/checks/axe.sh) covers.
export const kAxeSkippedFrames = ['iframe[sandbox]'];

// Runs axe-core on the page as it is (sandboxed frames' content aside); returns the violations
// as printable lines ([] = clean).
export async function axeViolations(page, name) {
  // The live preview posts the form a moment after the page loads: let it settle first.
  await page.waitForLoadState('networkidle', { timeout: 10000 }).catch(() => {});
  let builder = new AxeBuilder({ page });
  for (const f of kAxeSkippedFrames) builder = builder.exclude(f);
  const results = await bounded(builder.analyze(), 60000, `axe on ${name}`);
  const lines = [];
  for (const v of results.violations) {
    lines.push(`${name}: ${v.id} (${v.impact}) ${v.help}`);
    for (const node of v.nodes.slice(0, 3)) lines.push(`    ${node.target.join(' ')}: ${node.failureSummary.split('\n').join(' ')}`);
  }
  return { lines, passes: results.passes.length, count: results.violations.length };
}

// Runs inside the browser (self-contained): scans the document parsed from `html`, or the live
// document when `html` is null. Returns { title, alerts: [text of [role=alert]], fieldErrors:
// [text of .field-error], text: all text, attributes: [every attribute value], injected: [what a script-capable injection would have
// left: inline scripts, event-handler attributes, javascript:/vbscript:/data:text/html URLs,
// frames/objects, style expressions, window.__xss set by a vector] }.
export function scanDocument(html) {
  const doc = html === null ? document : new DOMParser().parseFromString(html, 'text/html');
  const injected = [];
  for (const el of doc.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'script' && !(el.getAttribute('src') || '').startsWith('/')) injected.push('inline <script>');
    if (['iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'base'].includes(tag)) injected.push(`<${tag}>`);
    if (tag === 'meta' && el.hasAttribute('http-equiv')) injected.push('<meta http-equiv>');
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      const v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (n.startsWith('on')) injected.push(`<${tag} ${n}>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster', 'dynsrc', 'lowsrc'].includes(n) &&
          (v.startsWith('javascript:') || v.startsWith('vbscript:') || v.startsWith('livescript:') || v.startsWith('data:text/html')))
        injected.push(`<${tag} ${n}="${a.value.slice(0, 40)}">`);
      if (n === 'srcdoc') injected.push(`<${tag} srcdoc>`);
      if (n === 'style' && /expression|javascript:|behavior|-moz-binding/i.test(a.value)) injected.push(`<${tag} style="${a.value.slice(0, 40)}">`);
    }
  }
  if (html === null && window.__xss) injected.push(`window.__xss = ${window.__xss}`);
  return {
    title: doc.title,
    alerts: [...doc.querySelectorAll('[role=alert]')].map((e) => e.textContent.trim()),
    fieldErrors: [...doc.querySelectorAll('.field-error')].map((e) => e.textContent.trim()),
    text: doc.documentElement.textContent,
    attributes: [...doc.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.value)),
    injected,
  };
}

// scanDocument over the page and every frame in it (e.g. a preview in an iframe): the injected
// findings prefixed with the frame ("frame 1: <img onerror>"), and all their text.
export async function scanPage(page) {
  const injected = [];
  let text = '';
  const frames = page.frames();
  for (let i = 0; i < frames.length; i++) {
    const scan = await bounded(frames[i].evaluate(scanDocument, null), 10000, 'scan')
      .catch((e) => ({ injected: [`unreadable frame: ${e.message}`], text: '' }));
    injected.push(...scan.injected.map((x) => (i === 0 ? x : `frame ${i}: ${x}`)));
    text += `\n${scan.text}`;
  }
  return { injected, text };
}

// The findings of `now` that `baseline` (the same page without any test input) does not have,
// counted: a second <iframe> on a page that has one of its own is still found.
export function newFindings(now, baseline = []) {
  const left = new Map();
  for (const b of baseline) left.set(b, (left.get(b) ?? 0) + 1);
  return now.filter((x) => {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    return n === 0;
  });
}

// Turns the browser's HTTP cache off for `page`, so that every visit sees the server's answer.
export async function disableCache(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');  // setCacheDisabled takes effect only with the domain on
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
}
