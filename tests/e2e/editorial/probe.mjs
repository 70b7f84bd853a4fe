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

  // Saves the baseline with `s` in `fields` (or, with `s` null, the {field: value} of `fields`).
  async save(s, fields) {
    this.requests++;
    const overrides = s === null ? fields : Object.fromEntries(fields.map((f) => [f, s]));
    return this.client_.post(this.baseline.action, formData(this.baseline, this.fixture.button, overrides));
  }

  // Saves `s` into every group that takes it (groups: names of groups to try, default all);
  // see saveUnits. Returns { accepted: [group], fields, refusals, problems }.
  async saveWhereAccepted(s, groups = [...this.groups.keys()]) {
    return this.saveUnits(groups.map((g) => ({ key: g, fields: this.groups.get(g), value: s })));
  }

  // Saves each unit's value ({ key, fields, value }: units may carry different values, e.g. one
  // XSS vector per language) into its fields, keeping the units the form takes. One save with
  // every unit; while it is refused and the page marks refused fields (aria-invalid with an
  // aria-describedby message), the units holding a marked field (or, when the mark is on a field
  // left alone, the units of the same numbered row, e.g. an evidence line without its date) are
  // dropped and the rest saved again; when the marks explain nothing, one save per unit, then one
  // with every unit that was accepted. Returns { accepted: [key], fields: [field names now
  // holding their unit's value], refusals: [{ group: key, status, reason, injected }],
  // problems: [text] } — problems are 5xx answers, refusals without a message, and a
  // combination refused although each part was accepted.
  async saveUnits(units) {
    const problems = [];
    const refusals = [];
    const fieldsOf = (us) => us.flatMap((u) => u.fields);
    const valuesOf = (us) => Object.fromEntries(us.flatMap((u) => u.fields.map((f) => [f, u.value])));
    let rest = units;
    let refusedAny = false;
    for (let round = 0; round < 6 && rest.length > 0; round++) {
      const r = await this.save(null, valuesOf(rest));
      if (r.status === 303) return { accepted: rest.map((u) => u.key), fields: fieldsOf(rest), units: rest, refusals, problems };
      if (r.status >= 500 || r.status < 400) {
        problems.push(`in ${rest.map((u) => u.key).join(', ')}: status ${r.status}`);
        break;
      }
      // The fields the page marks invalid tell which units refused, and why.
      const marked = (await this.parser_.form(r.html))?.invalid ?? {};
      let refused = rest.filter((u) => u.fields.some((f) => Object.hasOwn(marked, f)));
      if (refused.length === 0) {
        const rows = new Set(Object.keys(marked).map((f) => f.match(/_([0-9]+)(?:_|$)/)?.[1]).filter((n) => n !== undefined));
        refused = rest.filter((u) => u.fields.some((f) => rows.has(f.match(/_([0-9]+)(?:_|$)/)?.[1])));
      }
      if (refused.length === 0) break;
      const scan = await this.parser_.inspect(r.html);
      for (const u of refused) {
        const reason = [...new Set([...u.fields.map((f) => marked[f]), ...Object.values(marked)].filter((t) => t))].join('; ');
        if (!reason) problems.push(`in ${u.key}: refused with ${r.status} but no message for its fields`);
        refusals.push({ group: u.key, status: r.status, reason, injected: scan.injected });
      }
      refusedAny = true;
      rest = rest.filter((u) => !refused.includes(u));
    }
    if (rest.length === 0) return { accepted: [], fields: [], units: [], refusals, problems };
    // A refusal that the marks did not explain: learn the rest unit by unit.
    const accepted = [];
    for (const u of rest) {
      const r = await this.save(null, valuesOf([u]));
      if (r.status === 303) {
        accepted.push(u);
        continue;
      }
      const scan = await this.parser_.inspect(r.html);
      const reason = [...scan.fieldErrors, ...scan.alerts].filter((t) => t !== '').join('; ');
      if (r.status < 400 || r.status >= 500) problems.push(`in ${u.key}: status ${r.status}`);
      else if (!reason) problems.push(`in ${u.key}: refused with ${r.status} but no message`);
      refusals.push({ group: u.key, status: r.status, reason, injected: scan.injected });
    }
    if (accepted.length > 0) {
      const r = await this.save(null, valuesOf(accepted));
      if (r.status !== 303 && (accepted.length > 1 || refusedAny))
        problems.push(`refused (${r.status}) in ${accepted.map((u) => u.key).join(', ')} together, accepted in each alone`);
    }
    return { accepted: accepted.map((u) => u.key), fields: fieldsOf(accepted), units: accepted, refusals, problems };
  }

  // Puts the fixture back to its baseline.
  async restore() {
    return this.save(null, {});
  }
}
