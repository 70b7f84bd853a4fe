// A throwaway barometer site for the browser tests: `barometer demo` seeds it (then is stopped),
// `barometer user add` creates the staff accounts, `barometer serve --listen 127.0.0.1:0` serves
// it; the port is read from its "Listening on http://HOST:PORT" line.
// Every child process is killed by stop() (also on a timeout: see editorial.mjs).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Staff accounts of the test. The password is only ever in a file (never on a command line).
export const kPassword = 'e2e-password-0123456789';
export const kUsers = {
  analyst: { email: 'analyst@example.org', name: 'Ann Analyst', role: 'analyst' },
  editor: { email: 'editor@example.org', name: 'Ed Editor', role: 'editor' },
  admin: { email: 'admin@example.org', name: 'Ada Admin', role: 'admin' },
  // Only the two-factor phase signs in as this one (two_factor.mjs): it enrols, so its sign-ins
  // need a code from then on.
  guarded: { email: 'guarded@example.org', name: 'Gus Guarded', role: 'editor' },
};

const kListening = /Listening on (http:\/\/[0-9.]+:[0-9]+)/;

// Starts `binary args...` and resolves with { child, base } once it prints the Listening line;
// rejects when it exits first or after `timeoutMs`.
function startListening(binary, args, cwd, logFile, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd,
      env: { ...process.env, BAROMETER_ACCESS_LOG: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`${args[0]}: no "Listening on" line within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    function finish(error, base) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve({ child, base });
    }
    const onData = (chunk) => {
      const text = chunk.toString();
      appendFileSync(logFile, text);
      seen += text;
      const m = seen.match(kListening);
      if (m) finish(null, m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => finish(new Error(`${args[0]} exited (${code ?? signal}) before listening:\n${seen}`)));
    child.on('error', (e) => finish(e));
  });
}

// Sends SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone.
function stopChild(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// Creates the site and starts serving it. Returns { base, dataDir, logFile, stop }.
export async function startSite({ binary, sourceDir, logDir }) {
  const work = mkdtempSync(join(tmpdir(), 'barometer-e2e-'));
  const dataDir = join(work, 'site');
  const logFile = join(logDir, 'server.log');
  writeFileSync(logFile, '');
  let server = null;
  const stop = async () => {
    await stopChild(server);
    rmSync(work, { recursive: true, force: true });
  };
  try {
    // `demo` seeds the site and then serves it; it is stopped as soon as it listens.
    const demo = await startListening(binary, ['demo', '--data', dataDir, '--listen', '127.0.0.1:0'], sourceDir, logFile, 60000);
    await stopChild(demo.child);
    const passwordFile = join(work, 'password');
    writeFileSync(passwordFile, kPassword + '\n', { mode: 0o600 });
    for (const u of Object.values(kUsers)) {
      const out = execFileSync(binary, ['user', 'add', '--data', dataDir, '--email', u.email, '--name', u.name,
                                        '--role', u.role, '--password-file', passwordFile],
                               { cwd: sourceDir, timeout: 30000, encoding: 'utf8' });
      appendFileSync(logFile, out);
    }
    const serve = await startListening(binary, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'], sourceDir, logFile, 30000);
    server = serve.child;
    return { base: serve.base, dataDir, logFile, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
