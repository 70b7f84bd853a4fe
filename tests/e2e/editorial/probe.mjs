// Puts one string into the free-text fields of the editor form of a fixture commentary over HTTP
// and learns which fields accept it. The fields come from the form in the page (every textarea and
// text-like input), grouped by name without the language suffix ("title_en", "title_be" ->
// "title"): a group shares one validation, so a string goes through a whole group at once.
import { formData, textFields } from './admin_client.mjs';

// What a browser's HTML parser makes of `s` in a field value (the page cannot show more).
export function asParsed(s) {
  return s.toWellFormed().replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

// The language a field belongs to ("title_be" -> "be"), or null for shared fields.
export function fieldLang(name, langs) {
  const m = name.match(/_([a-z]{2,3}(?:-[A-Za-z0-9]+)?)$/);
  return m && langs.includes(m[1]) ? m[1] : null;
}

// Creates a published commentary for the first topic of this week still free on the board;
// returns { editPath, topic, period, langs } or throws. Every language gets a title, lead and
// body; every other empty free-text field (e.g. an evidence row) gets a harmless value too
// (a date-like placeholder, a URL for url fields, else a short text), so that its round trip is
// tested later; if the editor refuses that, only title, lead and body are filled.
export async function createFixtureCommentary(client, parser, label) {
  const board = await client.get('/admin/');
  const m = board.html.match(/href="(\/admin\/commentaries\/new\?[^"]+)"/);
  if (!m) throw new Error(`${label}: no free topic on this week's board`);
  const newPath = m[1].replace(/&amp;/g, '&');
  const params = new URL(newPath, 'http://x').searchParams;
  const form = await parser.form((await client.get(newPath)).html);
  const texts = {};
  const others = {};
  const langs = [];
  for (const c of form.controls) {
    if (c.name.startsWith('title_')) {
      const lang = c.name.slice(6);
      langs.push(lang);
      texts[`title_${lang}`] = `${label} ${lang}`;
      texts[`lead_${lang}`] = `The ${label} fixture in ${lang}.`;
      texts[`body_${lang}`] = `The ${label} fixture body.`;
    }
  }
  for (const f of textFields(form)) {
    const c = form.controls.find((x) => x.name === f);
    if (texts[f] !== undefined || c.value !== '' || f.startsWith('slug')) continue;
    if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(c.placeholder)) others[f] = c.placeholder;
    else if (c.type === 'url') others[f] = 'https://example.org/e2e';
    else others[f] = `${label} ${f}`;
  }
  let r = await client.post(form.action, formData(form, 'publish', { ...texts, ...others }));
  if (r.status !== 303) r = await client.post(form.action, formData(form, 'publish', texts));
  if (r.status !== 303) {
    const scan = await parser.inspect(r.html);
    throw new Error(`${label}: creating the fixture commentary: status ${r.status} ${scan.alerts.join(' ')} ${scan.fieldErrors.join(' ')}`);
  }
  return {
    label,
    editPath: r.location.replace(/\?.*$/, ''),
    topic: params.get('topic'),
    period: params.get('period'),
    langs,
    button: 'save',
    // The reader's page of the commentary in `lang` (redirects to its slug URL); it shows the
    // plain-text fields verbatim.
    readerPath: (lang) => `/${lang}/topics/${params.get('topic')}/${params.get('period')}/`,
    verbatim: true,
  };
}

// What `form` would submit, as name -> [values] (checkboxes and radios: the checked ones).
export function formState(form) {
  const state = {};
  for (const [name, value] of formData(form, null)) (state[name] ??= []).push(value);
  return state;
}

// A form of the back office other than the editor that edits something in place (its action is
// its own page), e.g. the site settings or a topic: { label, editPath, langs, button: null,
// readerPath: the home page, verbatim: false (where its fields show differs per form), exclude:
// identity fields (a slug renames the page the form lives on) }.
export function manageFixture(label, editPath, langs) {
  return { label, editPath, langs, button: null, readerPath: (lang) => `/${lang}/`, verbatim: false, exclude: ['slug'] };
}

// `fixture`: { editPath (the form's page), langs, button (value of the submit button to press,
// null: none), exclude (group names left alone) }.
export class FieldProbe {
  constructor(client, parser, fixture) {
    this.client_ = client;
    this.parser_ = parser;
    this.fixture = fixture;
    this.requests = 0;
  }

  // Reads the fixture's edit form: the baseline every save starts from.
  async init() {
    this.baseline = await this.parser_.form((await this.client_.get(this.fixture.editPath)).html);
    this.before = formState(this.baseline);
    this.groups = new Map();
    for (const f of textFields(this.baseline)) {
      const lang = fieldLang(f, this.fixture.langs);
      const key = lang ? f.slice(0, -(lang.length + 1)) : f;
      if ((this.fixture.exclude ?? []).includes(key)) continue;
      if (!this.groups.has(key)) this.groups.set(key, []);
      this.groups.get(key).push(f);
    }
    return this;
  }

  // Saves the baseline with `s` in `fields`: { status, location, html }.
  async save(s, fields) {
    this.requests++;
    const overrides = Object.fromEntries(fields.map((f) => [f, s]));
    return this.client_.post(this.baseline.action, formData(this.baseline, this.fixture.button, overrides));
  }

  // Saves `s` into every group that takes it (groups: names of groups to try, default all).
  // One save with it everywhere; when that is refused and the page marks the refused fields
  // (aria-invalid with an aria-describedby message), one save with it in the other groups;
  // otherwise (or when that is refused too) one save per group, then one with it in every group
  // that accepted it. Returns { accepted: [group], fields: [field names now holding s],
  // refusals: [{ group, status, reason, injected }], problems: [text] } — problems are 5xx
  // answers, refusals without a message, and a combination refused although each part was accepted.
  async saveWhereAccepted(s, groups = [...this.groups.keys()]) {
    const problems = [];
    const refusals = [];
    const fieldsOf = (gs) => gs.flatMap((g) => this.groups.get(g));
    const first = await this.save(s, fieldsOf(groups));
    if (first.status === 303) return { accepted: [...groups], fields: fieldsOf(groups), refusals, problems };
    if (first.status >= 500 || first.status < 400) problems.push(`in every field: status ${first.status}`);
    // The fields the page marks invalid tell which groups refused, and why.
    const marked = first.status >= 400 && first.status < 500 ? (await this.parser_.form(first.html))?.invalid ?? {} : {};
    const refusedGroups = groups.filter((g) => this.groups.get(g).some((f) => Object.hasOwn(marked, f)));
    if (refusedGroups.length > 0) {
      const scan = await this.parser_.inspect(first.html);
      for (const g of refusedGroups) {
        const reason = [...new Set(this.groups.get(g).map((f) => marked[f]).filter((t) => t))].join('; ');
        if (!reason) problems.push(`in ${g}: refused with ${first.status} but no message for its fields`);
        refusals.push({ group: g, status: first.status, reason, injected: scan.injected });
      }
      const rest = groups.filter((g) => !refusedGroups.includes(g));
      if (rest.length === 0) return { accepted: [], fields: [], refusals, problems };
      const second = await this.save(s, fieldsOf(rest));
      if (second.status === 303) return { accepted: rest, fields: fieldsOf(rest), refusals, problems };
      // A refusal that the marks did not explain: learn the rest group by group.
      groups = rest;
    }
    const accepted = [];
    for (const g of groups) {
      const r = groups.length === 1 && refusedGroups.length === 0 ? first : await this.save(s, this.groups.get(g));
      if (r.status === 303) {
        accepted.push(g);
        continue;
      }
      const scan = await this.parser_.inspect(r.html);
      const reason = [...scan.fieldErrors, ...scan.alerts].filter((t) => t !== '').join('; ');
      if (r.status < 400 || r.status >= 500) problems.push(`in ${g}: status ${r.status}`);
      else if (!reason) problems.push(`in ${g}: refused with ${r.status} but no message`);
      refusals.push({ group: g, status: r.status, reason, injected: scan.injected });
    }
    if (accepted.length > 1) {
      const r = await this.save(s, fieldsOf(accepted));
      if (r.status !== 303) problems.push(`refused (${r.status}) in ${accepted.join(', ')} together, accepted in each alone`);
    }
    return { accepted, fields: fieldsOf(accepted), refusals, problems };
  }

  // Puts the fixture back to its baseline.
  async restore() {
    return this.save('', []);
  }
}
