// Backups against the real app: the overview warns while there is no backup; choose the
// folder (LEDGERLOCK_BACKUP_DIR instead of the native dialog), back up, change data (a new
// client), restore the backup with its preview, sign in again and see the old state; then
// confirm the restore.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  fill,
  launchApp,
  login,
  press,
  setupVault,
  snap,
  tid,
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
const KEPT = { name: "杭州华瑞科技有限公司", creditCode: "91350100M000100Y43" };
const LATER = { name: "宁波明远贸易有限公司", creditCode: "91350100M000200Y4T" };

async function createClient(browser, client) {
  await press(browser, "nav-clients");
  await press(browser, "clients-new");
  await fill(browser, "client-name", client.name);
  await fill(browser, "client-credit-code", client.creditCode);
  await press(browser, "client-submit");
  await waitForText(browser, tid("client-detail-name"), client.name, 30000);
  await press(browser, "client-back");
}

test("backup: back up, change data, restore with preview, see the old state", { timeout: 300000 }, async () => {
  const backupDir = mkdtempSync(join(tmpdir(), "ledgerlock-e2e-backups-"));
  process.env.LEDGERLOCK_BACKUP_DIR = backupDir;
  const { browser, stop } = await launchApp();
  try {
    await waitForTestId(browser, "setup-firm", 30000);
    await setupVault(browser, ADMIN);

    // No backup yet: the overview warns.
    await waitForTestId(browser, "backup-overdue", 15000);
    await snap(browser, "backup-overview-warning");

    await createClient(browser, KEPT);

    // Choose the folder and back up.
    await press(browser, "nav-settings");
    await waitForTestId(browser, "backups", 15000);
    await press(browser, "backup-pick-folder");
    await waitForText(browser, tid("backup-folder"), backupDir, 15000);
    await press(browser, "backup-create");
    const message = await waitForText(browser, tid("backup-message"), ".llbak", 60000);
    // The backup the click made is in the folder. (Choosing a folder while no backup exists
    // makes a scheduled backup due at once, so the idle thread may have written one too.)
    const files = readdirSync(backupDir).filter((f) => f.endsWith(".llbak"));
    const made = message.match(/ledgerlock-[\w-]+\.llbak/)?.[0];
    assert.ok(made && files.includes(made), `the backup named on screen is in the folder: ${made} in ${files}`);
    assert.ok(files.length <= 2, `no more than the click's and the scheduled backup: ${files}`);
    await waitForTestId(browser, "backup-list", 15000);
    await snap(browser, "backup-settings");

    // The warning is gone.
    await press(browser, "nav-overview");
    await waitForTestId(browser, "page-title");
    await browser.pause(500);
    assert.equal(await (await browser.$(tid("backup-overdue"))).isExisting(), false, "no overdue warning");

    // Change the data.
    await createClient(browser, LATER);
    await waitForContent(browser, tid("clients-table"), LATER.name, 15000);

    // Restore: the preview shows what the backup holds, then the vault locks.
    await press(browser, "nav-settings");
    await press(browser, "backup-restore");
    await waitForTestId(browser, "backup-preview", 30000);
    await waitForText(browser, tid("backup-preview-counts"), "1", 15000);
    await snap(browser, "backup-restore-preview");
    await press(browser, "backup-restore-confirm");
    await waitForTestId(browser, "login-username", 60000);

    // Sign in again: the old state, without the later client.
    await login(browser, ADMIN.username, ADMIN.password);
    await press(browser, "nav-clients");
    await waitForContent(browser, tid("clients-table"), KEPT.name, 15000);
    const table = await (await browser.$(tid("clients-table"))).getProperty("textContent");
    assert.ok(!table.includes(LATER.name), "the client made after the backup is gone");

    // The previous vault waits for confirmation; confirm it.
    await press(browser, "nav-settings");
    await waitForTestId(browser, "backup-pending", 15000);
    await snap(browser, "backup-restore-pending");
    await press(browser, "backup-pending-confirm");
    await browser.waitUntil(async () => !(await (await browser.$(tid("backup-pending"))).isExisting()), {
      timeout: 15000,
      timeoutMsg: "the pending restore was not confirmed",
    });
  } finally {
    await stop();
    delete process.env.LEDGERLOCK_BACKUP_DIR;
    rmSync(backupDir, { recursive: true, force: true });
  }
});

test("backup: restore on a new computer with the recovery code", { timeout: 300000 }, async () => {
  const backupDir = mkdtempSync(join(tmpdir(), "ledgerlock-e2e-backups-"));
  process.env.LEDGERLOCK_BACKUP_DIR = backupDir;
  try {
    // The old computer: a vault with one client, backed up.
    let code;
    {
      const { browser, stop } = await launchApp();
      try {
        await waitForTestId(browser, "setup-firm", 30000);
        code = await setupVault(browser, ADMIN);
        await createClient(browser, KEPT);
        await press(browser, "nav-settings");
        await press(browser, "backup-pick-folder");
        await waitForText(browser, tid("backup-folder"), backupDir, 15000);
        await press(browser, "backup-create");
        await waitForText(browser, tid("backup-message"), ".llbak", 60000);
      } finally {
        await stop();
      }
    }
    // The new computer: another data folder; restore from the first-run screen.
    const { browser, stop } = await launchApp();
    try {
      await waitForTestId(browser, "setup-firm", 30000);
      await press(browser, "setup-restore");
      await press(browser, "restore-pick-file");
      await waitForText(browser, tid("restore-file"), ".llbak", 15000);
      await fill(browser, "restore-code", code);
      await press(browser, "restore-preview");
      await waitForText(browser, tid("restore-preview-counts"), "1", 60000);
      await snap(browser, "backup-new-machine-preview");
      await press(browser, "restore-submit");
      await waitForTestId(browser, "login-username", 60000);
      await login(browser, ADMIN.username, ADMIN.password);
      await press(browser, "nav-clients");
      await waitForContent(browser, tid("clients-table"), KEPT.name, 15000);
    } finally {
      await stop();
    }
  } finally {
    delete process.env.LEDGERLOCK_BACKUP_DIR;
    rmSync(backupDir, { recursive: true, force: true });
  }
});
