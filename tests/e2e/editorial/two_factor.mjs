// Two-factor sign-in and session control in the browser (docs/decisions/0015-staff-2fa.md):
//  1. an editor enrols: the key is read from the page, the code computed here (RFC 6238 TOTP with
//     node's crypto), the recovery codes shown once; axe on the enrolment and codes pages;
//  2. sign out; sign in with the password, then the code page (axe) with the next TOTP code;
//  3. sign out; sign in with a recovery code; a second use of that code fails;
//  4. a second browser context signs in (another session); the first signs it out from the
//     Sessions page (axe); the second context's next request lands on the sign-in page;
//  5. the Password page (axe), and again with a wrong current password marked.
import { createHmac } from 'node:crypto';
import { axeViolations } from './browser.mjs';
import { kPassword, kUsers } from './site.mjs';

const kStep = 30000;  // ms for one navigation

// RFC 4648 base32 (no padding, spaces ignored) to bytes.
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/\s+/g, '').toUpperCase()) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// RFC 6238 TOTP: HMAC-SHA-1 over the 30-second step, dynamic truncation, 6 digits.
export function totp(key, unixSeconds = Date.now() / 1000) {
  const step = Math.floor(unixSeconds / 30);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(key)).update(counter).digest();
  const offset = mac[19] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 1000000).padStart(6, '0');
}

// The code of the next step that has not been used: a code is accepted once, so after one
// sign-in the test waits for the next 30-second step rather than reuse it.
async function freshCode(key, used) {
  for (;;) {
    const now = Date.now() / 1000;
    const step = Math.floor(now / 30);
    if (!used.has(step)) {
      used.add(step);
      return totp(key, now);
    }
    await new Promise((r) => setTimeout(r, (30 - (now % 30)) * 1000 + 200));
  }
}

export async function runTwoFactor({ browser, base, log }) {
  const failures = [];
  // The refused codes answer 401, which the browser logs as a console error; the shared traps
  // would count it. This phase's pages record their own dialogs and errors instead, and let
  // exactly the expected refusals through.
  let expectRefusal = false;
  const guard = (page, label) => {
    page.setDefaultTimeout(30000);
    page.on('dialog', async (d) => {
      failures.push(`2fa: dialog ${label} ${page.url()}: ${d.message()}`);
      await d.dismiss().catch(() => {});
    });
    page.on('pageerror', (e) => failures.push(`2fa: page error ${label} ${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error' || (m.location()?.url ?? '').endsWith('/favicon.ico')) return;
      if (expectRefusal && /status of 4(01|22)/.test(m.text())) return;
      failures.push(`2fa: console error ${label} ${page.url()}: ${m.text()}`);
    });
    return page;
  };
  const check = (ok, what) => {
    if (ok) log(`ok   2fa: ${what}`);
    else {
      failures.push(`2fa: ${what}`);
      log(`FAIL 2fa: ${what}`);
    }
  };
  const axe = async (page, name) => {
    const r = await axeViolations(page, name);
    for (const line of r.lines) failures.push(line);
    check(r.count === 0, `axe ${name}: ${r.count} violations`);
  };
  const user = kUsers.guarded;
  const used = new Set();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = guard(await context.newPage(), '2fa');
    const password = async (p) => {
      await p.goto(`${base}/admin/login`, { timeout: kStep });
      await p.fill('input[name=email]', user.email);
      await p.fill('input[name=password]', kPassword);
      await Promise.all([p.waitForNavigation({ timeout: kStep }), p.click('form[action="/admin/login"] [type=submit]')]);
    };
    const code = async (p, value) => {
      await p.fill('input[name=code]', value);
      await Promise.all([p.waitForNavigation({ timeout: kStep }), p.click('form[action="/admin/login/code"] [type=submit]')]);
    };
    const signOut = async (p) => {
      await Promise.all([p.waitForURL(`${base}/admin/login`, { timeout: kStep }), p.click('form[action="/admin/logout"] [type=submit]')]);
    };

    // 1. Enrolment.
    await password(page);
    check(page.url() === `${base}/admin/`, `no two-factor yet: the password alone signs in (${page.url()})`);
    await page.goto(`${base}/admin/two-factor/`, { timeout: kStep });
    check(await page.locator('svg.qr').count() === 1, 'the enrolment page shows a QR code');
    await axe(page, 'two-factor enrolment');
    const key = (await page.textContent('#two-factor-key')).trim();
    check(/^[A-Z2-7 ]{32,40}$/.test(key), `the key is on the page (${key.length} characters)`);
    await page.fill('input[name=code]', await freshCode(key, used));
    await Promise.all([page.waitForNavigation({ timeout: kStep }), page.click('main form [type=submit]')]);
    const recovery = await page.$$eval('ul.recovery-codes code', (els) => els.map((e) => e.textContent.trim()));
    check(recovery.length === 10, `ten recovery codes shown (${recovery.length})`);
    await axe(page, 'recovery codes');

    // 2. Password, then the code.
    await page.goto(`${base}/admin/`, { timeout: kStep });
    await signOut(page);
    await password(page);
    check(page.url() === `${base}/admin/login/code`, `after the password: the code page (${page.url()})`);
    await axe(page, 'sign-in code');
    await page.goto(`${base}/admin/staff/`, { timeout: kStep });
    check(page.url() === `${base}/admin/login/code`, 'half-signed-in: any page leads back to the code page');
    expectRefusal = true;
    await code(page, 'not a code <b>');
    expectRefusal = false;
    check(page.url() === `${base}/admin/login/code` && await page.locator('[role=alert]').count() === 1,
          'a malformed code: the form again with a message');
    await code(page, await freshCode(key, used));
    check(page.url() === `${base}/admin/`, `password + TOTP: signed in (${page.url()})`);

    // 3. A recovery code, once.
    await signOut(page);
    await password(page);
    await code(page, recovery[0]);
    check(page.url() === `${base}/admin/`, 'a recovery code signs in');
    await signOut(page);
    await password(page);
    expectRefusal = true;
    await code(page, recovery[0]);
    expectRefusal = false;
    check(page.url() === `${base}/admin/login/code` && await page.locator('[role=alert]').count() === 1,
          'the same recovery code a second time: refused');
    await code(page, recovery[1]);
    check(page.url() === `${base}/admin/`, 'another recovery code signs in');

    // 4. Another session, signed out from the Sessions page.
    const second = guard(await other.newPage(), '2fa other session');
    await password(second);
    await code(second, await freshCode(key, used));
    check(second.url() === `${base}/admin/`, 'a second session signs in');
    await page.goto(`${base}/admin/sessions/`, { timeout: kStep });
    const rows = await page.locator('table.sessions tbody tr').count();
    check(rows === 2, `the Sessions page lists both sessions (${rows})`);
    check(await page.locator('tr[aria-current=true]').count() === 1, 'this session is marked');
    await axe(page, 'sessions');
    await Promise.all([page.waitForNavigation({ timeout: kStep }),
                       page.click('table.sessions tbody tr:not([aria-current]) button[value=end]')]);
    check(await page.locator('table.sessions tbody tr').count() === 1, 'one session left on the page');
    await second.goto(`${base}/admin/`, { timeout: kStep });
    check(second.url() === `${base}/admin/login`, `the signed-out session's next request: the sign-in page (${second.url()})`);

    // 5. The Password page (the current password again), clean and with a field error.
    await page.goto(`${base}/admin/password/`, { timeout: kStep });
    await axe(page, 'password');
    await page.fill('#current_password', 'not the password at all');
    await page.fill('#password', 'a brand new passphrase');
    expectRefusal = true;  // the form comes back with 422
    await Promise.all([page.waitForNavigation({ timeout: kStep }), page.click('form.manage button[type=submit]')]);
    expectRefusal = false;
    check(await page.locator('#current_password[aria-invalid=true]').count() === 1, 'a wrong current password is marked');
    await axe(page, 'password with an error');
  } finally {
    await context.close().catch(() => {});
    await other.close().catch(() => {});
  }
  return { failures };
}
