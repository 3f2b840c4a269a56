// The vault against the real app and the real OS keychain (gnome-keyring in a D-Bus session):
// first-run setup, lock and login, the audit log, auto-lock after inactivity, and unlocking
// with the recovery code when this computer's keychain entry is gone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import {
  fill,
  launchApp,
  login,
  press,
  setupVault,
  snap,
  tid,
  uiLanguage,
  waitForContent,
  waitForTestId,
  waitForText,
} from "../harness.mjs";

const ADMIN = {
  firm: "明德会计师事务所",
  username: "admin",
  displayName: "王管理",
  password: "Ledger2024lock",
};

const SERVICE = "com.ledgerlock.app";

/** Text by language. */
const L = {
  zh: {
    wrong: "用户名或密码不正确",
    failed: "登录失败",
    succeeded: "登录成功",
    intact: "日志链完整",
    inactivity: "已因长时间未操作而锁定",
    keychain: "恢复码",
    vaultCreated: "创建保险库",
  },
  en: {
    wrong: "Wrong username or password",
    failed: "Sign-in failed",
    succeeded: "Signed in",
    intact: "The chain is intact",
    inactivity: "Locked after inactivity",
    keychain: "recovery code",
    vaultCreated: "Vault created",
  },
};

/** `secret-tool search --all service …`: stdout has labels and secrets, stderr the attributes. */
function searchKeychain() {
  const run = spawnSync("secret-tool", ["search", "--all", "service", SERVICE], { encoding: "utf8" });
  return `${run.stdout}${run.stderr}`;
}

/** Removes this app's entries from the OS keychain, as on a new computer. */
function forgetKeychain() {
  const found = searchKeychain();
  const accounts = [...found.matchAll(/^attribute\.username = (.+)$/gm)].map((m) => m[1].trim());
  assert.ok(accounts.length > 0, "the keychain holds the vault key");
  for (const account of accounts) {
    execFileSync("secret-tool", ["clear", "service", SERVICE, "username", account]);
  }
  assert.doesNotMatch(searchKeychain(), /attribute\.username/, "the keychain entries are gone");
}

async function lockWithButton(browser) {
  await press(browser, "lock-button");
  await waitForTestId(browser, "login-username", 15000);
}

test("setup, lock, login, audit log, and recovery-code unlock on a lost keychain", async () => {
  const { browser, stop } = await launchApp();
  try {
    await waitForTestId(browser, "setup-firm", 30000);
    await snap(browser, "setup-wizard");
    const code = await setupVault(browser, ADMIN);
    assert.match(code, /^([A-Z2-7]{4}-){8}[A-Z2-7]{4}$/, `recovery code shape: ${code}`);
    const lang = await uiLanguage(browser);
    const text = L[lang];
    await waitForText(browser, tid("header-user"), ADMIN.displayName);

    // Lock with the button: the login screen, without the inactivity note.
    await lockWithButton(browser);
    assert.equal(await (await browser.$(tid("login-inactivity"))).isExisting(), false);

    // A wrong password is refused with a translated message.
    await fill(browser, "login-username", ADMIN.username);
    await fill(browser, "login-password", "not-the-password-1");
    await press(browser, "login-submit");
    await waitForText(browser, tid("login-error"), text.wrong, 30000);
    await snap(browser, "login");

    await login(browser, ADMIN.username, ADMIN.password);

    // The audit log lists both attempts, and the chain verifies.
    await press(browser, "nav-compliance");
    await press(browser, "compliance-tab-audit");
    await waitForContent(browser, tid("audit-table"), text.failed, 15000);
    await waitForContent(browser, tid("audit-table"), text.succeeded);
    await press(browser, "audit-verify");
    await waitForText(browser, tid("audit-result"), text.intact, 30000);
    assert.equal(await (await browser.$(tid("audit-result"))).getAttribute("data-intact"), "true");
    await snap(browser, "audit-log");

    // Filter by action: only vault entries remain.
    const filter = await waitForTestId(browser, "audit-filter-action");
    await filter.selectByAttribute("value", "vault");
    await browser.waitUntil(
      async () => {
        const content = await (await browser.$(tid("audit-table"))).getProperty("textContent");
        return content.includes(L[lang].vaultCreated) && !content.includes(text.failed);
      },
      { timeout: 10000, timeoutMsg: "the vault filter still lists sign-in entries" },
    );
    await filter.selectByAttribute("value", "");

    // Settings and users, for a look.
    await press(browser, "nav-settings");
    await waitForTestId(browser, "users-table");
    await waitForText(browser, tid("users-table"), ADMIN.username);
    await fill(browser, "user-create-username", "likuaiji");
    await fill(browser, "user-create-display-name", "李会计");
    await fill(browser, "user-create-password", "Kuaiji2024pw");
    await press(browser, "user-create-submit");
    await waitForText(browser, tid("users-table"), "likuaiji", 30000);
    await snap(browser, "settings-users");

    // A new computer: the keychain entry is gone. A normal login explains and offers the code.
    await lockWithButton(browser);
    forgetKeychain();
    await fill(browser, "login-username", ADMIN.username);
    await fill(browser, "login-password", ADMIN.password);
    await press(browser, "login-submit");
    await waitForText(browser, tid("login-error"), text.keychain, 30000);
    await snap(browser, "keychain-missing");
    await press(browser, "recovery-open");
    // Forgiving input: lower case, spaces instead of dashes.
    await fill(browser, "recovery-input", code.toLowerCase().replaceAll("-", " "));
    await fill(browser, "recovery-username", ADMIN.username);
    await fill(browser, "recovery-password", ADMIN.password);
    await snap(browser, "recovery-unlock");
    await press(browser, "recovery-submit");
    await waitForTestId(browser, "nav-overview", 60000);

    // Re-enrolled: lock with the keyboard shortcut, and the password alone opens it again.
    await browser.keys(["Control", "l"]);
    await waitForTestId(browser, "login-username", 15000);
    await login(browser, ADMIN.username, ADMIN.password);
    await waitForText(browser, tid("header-user"), ADMIN.displayName);
  } finally {
    await stop();
  }
});

test("the vault locks itself after the idle time set in Settings", { timeout: 240000 }, async () => {
  const { browser, stop } = await launchApp();
  try {
    await waitForTestId(browser, "setup-firm", 30000);
    const code = await setupVault(browser, ADMIN);
    assert.ok(code.length > 0);
    const text = L[await uiLanguage(browser)];

    await press(browser, "nav-settings");
    const minutes = await waitForTestId(browser, "settings-autolock");
    await browser.waitUntil(async () => (await minutes.getValue()) !== "", {
      timeout: 15000,
      timeoutMsg: "the settings never loaded",
    });
    await minutes.setValue("1");
    await press(browser, "settings-save");
    await waitForTestId(browser, "settings-saved", 15000);

    // No input from here on: the Rust side locks after 1 minute, the UI notices on its poll.
    await waitForText(browser, tid("login-inactivity"), text.inactivity, 100000);
    await waitForTestId(browser, "login-username");
    assert.equal(await (await browser.$(tid("nav-overview"))).isExisting(), false, "the frame is gone");
    await snap(browser, "auto-locked");

    await login(browser, ADMIN.username, ADMIN.password);
  } finally {
    await stop();
  }
});
