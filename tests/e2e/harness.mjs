// Starts the real built app for one test: a fresh temporary data folder, tauri-driver in
// front of WebKitWebDriver, and a WebDriver session on the app's window. Tests wait for
// conditions (text on screen), never for fixed times.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
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
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
    env: {
      ...process.env,
      LEDGERLOCK_DATA_DIR: dataDir,
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
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { browser, dataDir, stop };
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
