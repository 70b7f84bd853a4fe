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
// returns { editPath, topic, period, langs } or throws.
export async function createFixtureCommentary(client, parser, label) {
  const board = await client.get('/admin/');
  const m = board.html.match(/href="(\/admin\/commentaries\/new\?[^"]+)"/);
  if (!m) throw new Error(`${label}: no free topic on this week's board`);
  const newPath = m[1].replace(/&amp;/g, '&');
  const params = new URL(newPath, 'http://x').searchParams;
  const form = await parser.form((await client.get(newPath)).html);
  const overrides = {};
  const langs = [];
  for (const c of form.controls) {
    const lang = c.name.startsWith('title_') ? c.name.slice(6) : null;
    if (!lang) continue;
    langs.push(lang);
    overrides[`title_${lang}`] = `${label} ${lang}`;
    overrides[`lead_${lang}`] = `The ${label} fixture in ${lang}.`;
    overrides[`body_${lang}`] = `The ${label} fixture body.`;
  }
  const r = await client.post(form.action, formData(form, 'publish', overrides));
  if (r.status !== 303) {
    const scan = await parser.inspect(r.html);
    throw new Error(`${label}: creating the fixture commentary: status ${r.status} ${scan.alerts.join(' ')} ${scan.fieldErrors.join(' ')}`);
  }
  return { editPath: r.location.replace(/\?.*$/, ''), topic: params.get('topic'), period: params.get('period'), langs };
}

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
    this.before = Object.fromEntries(this.baseline.controls.map((c) => [c.name, c.value]));
    this.groups = new Map();
    for (const f of textFields(this.baseline)) {
      const lang = fieldLang(f, this.fixture.langs);
      const key = lang ? f.slice(0, -(lang.length + 1)) : f;
      if (!this.groups.has(key)) this.groups.set(key, []);
      this.groups.get(key).push(f);
    }
    return this;
  }

  // Saves the baseline with `s` in `fields` (button "save"): { status, location, html }.
  async save(s, fields) {
    this.requests++;
    const overrides = Object.fromEntries(fields.map((f) => [f, s]));
    return this.client_.post(this.baseline.action, formData(this.baseline, 'save', overrides));
  }

  // Saves `s` into every group that takes it (groups: names of groups to try, default all).
  // One save with it everywhere; when that is refused, one save per group (to learn which
  // refuse it and why), then one save with it in every group that accepted it.
  // Returns { accepted: [group], fields: [field names now holding s], refusals: [{ group,
  // status, reason, injected }], problems: [text] } — problems are 5xx answers, refusals without
  // a message, and a combination refused although each part was accepted.
  async saveWhereAccepted(s, groups = [...this.groups.keys()]) {
    const problems = [];
    const refusals = [];
    const fieldsOf = (gs) => gs.flatMap((g) => this.groups.get(g));
    let accepted = [];
    const first = await this.save(s, fieldsOf(groups));
    if (first.status === 303) accepted = [...groups];
    else {
      if (first.status >= 500) problems.push(`in every field: status ${first.status}`);
      for (const g of groups) {
        const r = groups.length === 1 ? first : await this.save(s, this.groups.get(g));
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
      if (accepted.length > 0 && accepted.length < groups.length) {
        const r = await this.save(s, fieldsOf(accepted));
        if (r.status !== 303) problems.push(`refused (${r.status}) in ${accepted.join(', ')} together, accepted in each alone`);
      }
    }
    return { accepted, fields: fieldsOf(accepted), refusals, problems };
  }

  // Puts the fixture back to its baseline.
  async restore() {
    return this.save('', []);
  }
}
