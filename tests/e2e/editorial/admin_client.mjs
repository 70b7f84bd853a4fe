// HTTP access to the back office without the browser (for the thousands of naughty-string
// round trips): a cookie jar, sign-in through the real form (double-submit CSRF token), and form
// submission built from the form found in the page's DOM, exactly as a browser would send it.
// HTML is parsed by Chromium itself (DOMParser in a blank page), so what the tests read back is
// what a browser would show and submit.

import { scanDocument } from './browser.mjs';

// Input types whose value is free text (the fields the naughty strings go through).
export const kTextTypes = new Set(['text', 'search', 'url', 'email', 'tel', '']);

export class HtmlParser {
  constructor(page) {
    this.page_ = page;
  }

  // The POST form of `html` that has the most controls (or the one matching `selector`):
  // { action, controls: [{ name, tag, type, value, checked, placeholder, options: [{value,
  // selected}] }], invalid: { name: error message } }.
  // Input values are the value *attributes* (a browser would strip CR/LF from input.value).
  async form(html, selector = null) {
    return this.page_.evaluate(({ html, selector }) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const forms = selector ? [...doc.querySelectorAll(selector)]
                             : [...doc.querySelectorAll('form')].filter((f) => (f.getAttribute('method') || '').toLowerCase() === 'post');
      forms.sort((a, b) => b.elements.length - a.elements.length);
      const form = forms[0];
      if (!form) return null;
      const controls = [];
      for (const el of form.elements) {
        const name = el.getAttribute('name');
        if (!name) continue;
        const tag = el.tagName.toLowerCase();
        const type = tag === 'input' ? (el.getAttribute('type') || '').toLowerCase() : tag === 'button' ? (el.getAttribute('type') || 'submit') : '';
        controls.push({
          name, tag, type,
          value: tag === 'textarea' ? el.defaultValue : (el.getAttribute('value') ?? ''),
          checked: el.hasAttribute('checked'),
          placeholder: el.getAttribute('placeholder') ?? '',
          options: tag === 'select' ? [...el.options].map((o) => ({ value: o.value, selected: o.hasAttribute('selected') })) : [],
        });
      }
      // Fields the page marks invalid (aria-invalid), with the text of their error messages
      // (the aria-describedby elements that are not hints).
      const invalid = {};
      for (const el of form.querySelectorAll('[aria-invalid=true][name]')) {
        const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
        const texts = ids.map((id) => doc.getElementById(id)).filter((e) => e && !e.classList.contains('hint'))
          .map((e) => e.textContent.trim());
        invalid[el.getAttribute('name')] = texts.join(' ');
      }
      return { action: form.getAttribute('action'), controls, invalid };
    }, { html, selector });
  }

  // Every href of the links in `html` (within `selector`), in page order, without duplicates.
  async links(html, selector = 'a[href]') {
    return this.page_.evaluate(({ html, selector }) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      return [...new Set([...doc.querySelectorAll(selector)].map((a) => a.getAttribute('href')))];
    }, { html, selector });
  }

  // scanDocument(html) in the parser page: title, alerts, field errors, text, injected markup.
  async inspect(html) {
    return this.page_.evaluate(scanDocument, html);
  }
}

// A signed-in (or not yet) back-office user over plain HTTP.
export class AdminClient {
  constructor(base, parser) {
    this.base_ = base;
    this.parser_ = parser;
    this.cookies_ = new Map();
  }

  get base() {
    return this.base_;
  }

  cookieHeader() {
    return [...this.cookies_].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  // The session cookie as Playwright wants it, to hand the signed-in session to the browser.
  browserCookies() {
    const url = new URL(this.base_);
    return [...this.cookies_].map(([name, value]) => ({ name, value, domain: url.hostname, path: '/admin', httpOnly: true, sameSite: 'Lax' }));
  }

  // fetch without following redirects; keeps cookies. Returns { status, location, html }.
  async request(method, path, body = null) {
    const headers = { cookie: this.cookieHeader() };
    if (body !== null) headers['content-type'] = 'application/x-www-form-urlencoded';
    const r = await fetch(new URL(path, this.base_), { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(30000) });
    for (const c of r.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies_.delete(name);
      else this.cookies_.set(name, value);
    }
    return { status: r.status, location: r.headers.get('location'), html: await r.text() };
  }

  get(path) {
    return this.request('GET', path);
  }

  // POSTs `pairs` ([[name, value], ...], in order) urlencoded as a browser does (UTF-8).
  post(path, pairs) {
    return this.request('POST', path, new URLSearchParams(pairs).toString());
  }

  async signIn(email, password) {
    const page = await this.get('/admin/login');
    const form = await this.parser_.form(page.html);
    const csrf = form.controls.find((c) => c.name === '_csrf').value;
    const r = await this.post('/admin/login', [['_csrf', csrf], ['email', email], ['password', password]]);
    if (r.status !== 303 || r.location !== '/admin/') throw new Error(`sign-in of ${email}: status ${r.status}`);
  }
}

// The pairs a browser would submit for `form` with its current values, pressing the submit
// button whose value is `button` (or none), with `overrides` ({name: value}) applied.
export function formData(form, button = null, overrides = {}) {
  const pairs = [];
  for (const c of form.controls) {
    let value;
    if (c.tag === 'button' || c.type === 'submit') {
      if (button === null || c.value !== button) continue;
      value = c.value;
    } else if (c.type === 'checkbox' || c.type === 'radio') {
      if (!c.checked) continue;
      value = c.value || 'on';
    } else if (c.tag === 'select') {
      const chosen = c.options.find((o) => o.selected) ?? c.options[0];
      if (!chosen) continue;
      value = chosen.value;
    } else value = c.value;
    pairs.push([c.name, Object.hasOwn(overrides, c.name) ? overrides[c.name] : value]);
  }
  return pairs;
}

// The free-text fields of `form` (every textarea and text-like input except hidden ones).
export function textFields(form) {
  return form.controls.filter((c) => c.tag === 'textarea' || (c.tag === 'input' && kTextTypes.has(c.type))).map((c) => c.name);
}
