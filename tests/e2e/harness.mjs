// Starts the real built app for one test: a fresh temporary data folder, tauri-driver in
// front of WebKitWebDriver, and a WebDriver session on the app's window. Tests wait for
// conditions (text on screen), never for fixed times.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import { remote } from "webdriverio";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");

/** Path of the built app binary (`cargo build -p ledgerlock-app`). */
export const APP_BINARY =
  process.env.LEDGERLOCK_APP_BINARY ??
  join(root, "target", "debug", process.platform === "win32" ? "ledgerlock.exe" : "ledgerlock");

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolvePort, reject) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        resolvePort();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`port ${port} did not open`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/**
 * Launches the app on a fresh data folder and returns `{ browser, dataDir, stop }`.
 * `stop()` ends the session, tauri-driver and WebKitWebDriver, and removes the folder.
 */
export async function launchApp({ port = 4444 } = {}) {
  if (!existsSync(APP_BINARY)) {
    throw new Error(`app binary not found at ${APP_BINARY}: run cargo build -p ledgerlock-app`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), "ledgerlock-e2e-"));
  mkdirSync(join(dataDir, "exports"));
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
    env: {
      ...process.env,
      LEDGERLOCK_DATA_DIR: dataDir,
      // Exports go straight to this folder instead of a native save dialog.
      LEDGERLOCK_EXPORT_DIR: join(dataDir, "exports"),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  let browser;
  try {
    await waitForPort(port, 20000);
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      connectionRetryTimeout: 60000,
      capabilities: {
        browserName: "wry",
        // WebKitWebDriver speaks classic WebDriver only; without this, webdriverio 9 asks
        // for BiDi and the session is refused ("Failed to match capabilities").
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application: APP_BINARY },
      },
    });
  } catch (err) {
    driver.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const stop = async () => {
    try {
      await browser.deleteSession();
    } catch {
      // The session may already be gone if the app exited; stopping the driver is what matters.
    }
    driver.kill("SIGTERM");
    await new Promise((r) => (driver.exitCode !== null ? r() : driver.once("exit", r)));
    killLeftovers(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { browser, dataDir, stop };
}

/**
 * Kills every process still running on `dataDir` (found by `LEDGERLOCK_DATA_DIR` in its
 * environment; Linux only). An app instance whose WebDriver session was lost survives
 * tauri-driver, and a test runner then waits for it forever.
 */
export function killLeftovers(dataDir) {
  if (process.platform !== "linux") return;
  const marker = `LEDGERLOCK_DATA_DIR=${dataDir}`;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (env.includes(marker)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // Gone already, or not ours to read.
    }
  }
}

/** Waits until the element `selector` shows text containing `expected`; returns the text. */
export async function waitForText(browser, selector, expected, timeout = 15000) {
  let last = "";
  await browser.waitUntil(
    async () => {
      const el = await browser.$(selector);
      if (!(await el.isExisting())) return false;
      last = await el.getText();
      return last.includes(expected);
    },
    { timeout, interval: 100, timeoutMsg: `${selector} never showed "${expected}" (last: "${last}")` },
  );
  return last;
}

/** CSS selector for a `data-testid`. */
export const tid = (id) => `[data-testid="${id}"]`;

/** Waits until the element with test id `id` exists (and is displayed); returns it. */
export async function waitForTestId(browser, id, timeout = 15000) {
  const el = await browser.$(tid(id));
  await el.waitForDisplayed({ timeout, timeoutMsg: `${id} never appeared` });
  return el;
}

/** Replaces the value of the input with test id `id`. */
export async function fill(browser, id, value) {
  const el = await waitForTestId(browser, id);
  await el.setValue(value);
}

/**
 * Clicks the element with test id `id` once it is displayed, enabled, scrolled into view and
 * not covered (a click on an element WebKit calls "not interactable" can otherwise be lost).
 */
export async function press(browser, id) {
  const el = await waitForTestId(browser, id);
  await el.waitForEnabled({ timeout: 30000, timeoutMsg: `${id} stayed disabled` });
  await el.scrollIntoView({ block: "center" });
  await el.waitForClickable({ timeout: 15000, timeoutMsg: `${id} never became clickable` });
  await el.click();
}

/** The UI language the app chose ("zh" or "en"), from `<html lang>`. */
export async function uiLanguage(browser) {
  const lang = await browser.execute(() => document.documentElement.lang);
  return lang.startsWith("zh") ? "zh" : "en";
}

/**
 * Completes the first-run wizard: firm and administrator, reads the recovery code shown once,
 * types back the two groups the app asks for (their indexes are in `data-group`), and waits
 * for the app frame. Returns the recovery code (`XXXX-XXXX-…`, nine groups).
 */
export async function setupVault(browser, { firm, username, displayName, password }) {
  await fill(browser, "setup-firm", firm);
  await fill(browser, "setup-username", username);
  await fill(browser, "setup-display-name", displayName);
  await fill(browser, "setup-password", password);
  await fill(browser, "setup-password-repeat", password);
  await press(browser, "setup-next");

  const codeEl = await waitForTestId(browser, "recovery-code", 60000);
  const code = (await codeEl.getText()).replace(/\s+/g, "");
  const groups = code.split("-");
  if (groups.length !== 9) throw new Error(`unexpected recovery code shape: "${code}"`);
  await snap(browser, "recovery-code");
  // The recovery sheet: a real PDF, saved to the export folder (no dialog in tests).
  await press(browser, "recovery-save-sheet");
  const saved = await waitForTestId(browser, "recovery-sheet-saved", 30000);
  const savedText = await saved.getText();
  const pdfPath = savedText.match(/\S+\.pdf/)?.[0];
  if (!pdfPath || !readFileSync(pdfPath).subarray(0, 5).equals(Buffer.from("%PDF-"))) {
    throw new Error(`recovery sheet not saved as a PDF: "${savedText}"`);
  }
  await press(browser, "recovery-next");

  for (const i of [0, 1]) {
    const input = await waitForTestId(browser, `confirm-group-${i}`);
    const index = Number(await input.getAttribute("data-group"));
    await input.setValue(groups[index]);
  }
  await press(browser, "confirm-submit");
  await waitForTestId(browser, "nav-overview", 30000);
  return code;
}

/** Signs in on the login screen and waits for the app frame. */
export async function login(browser, username, password) {
  await fill(browser, "login-username", username);
  await fill(browser, "login-password", password);
  await press(browser, "login-submit");
  await waitForTestId(browser, "nav-overview", 30000);
}

/**
 * Saves a screenshot of the app window as `<dir>/<name>.png` when LEDGERLOCK_SCREENSHOTS names
 * a folder; does nothing otherwise. For looking at screens, not for assertions.
 */
export async function snap(browser, name) {
  const dir = process.env.LEDGERLOCK_SCREENSHOTS;
  if (!dir) return;
  await browser.saveScreenshot(join(dir, `${name}.png`));
}

/**
 * Like waitForText, but reads `textContent`: for grids whose cells clip their text
 * (`overflow: hidden`), which WebKitWebDriver leaves out of the visible text.
 */
export async function waitForContent(browser, selector, expected, timeout = 15000) {
  let last = "";
  await browser.waitUntil(
    async () => {
      const el = await browser.$(selector);
      if (!(await el.isExisting())) return false;
      last = (await el.getProperty("textContent")) ?? "";
      return last.includes(expected);
    },
    { timeout, interval: 100, timeoutMsg: `${selector} never contained "${expected}" (last: "${last}")` },
  );
  return last;
}
