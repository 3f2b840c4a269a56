// Storage only (PIPL Art. 47) against the real app: a deletion request applied to a client that
// holds a tax return (the compliance requests register calls `apply_deletion_request`; here the
// test invokes the command directly) shuts the client page behind a banner with the legal basis
// and the until-date; an administrator states a legal purpose and may then view it, read-only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  fill,
  launchApp,
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
const CLIENT = { name: "宁波海曙贸易有限公司", creditCode: "91350100M000100Y43" };

/** Calls one of the app's own commands through the IPC bridge (as the UI would). */
async function invoke(browser, command, args) {
  return browser.execute(
    (cmd, a) =>
      window.__TAURI_INTERNALS__
        .invoke(cmd, a)
        .then((value) => ({ ok: value }))
        .catch((error) => ({ error })),
    command,
    args,
  );
}

test("storage only: a deletion request shuts the client; an administrator views it for a legal purpose", { timeout: 300000 }, async () => {
  const { browser, dataDir, stop } = await launchApp();
  try {
    await waitForTestId(browser, "setup-firm", 30000);
    await setupVault(browser, ADMIN);

    await press(browser, "nav-clients");
    await press(browser, "clients-new");
    await fill(browser, "client-name", CLIENT.name);
    await fill(browser, "client-credit-code", CLIENT.creditCode);
    await press(browser, "client-submit");
    await waitForText(browser, tid("client-detail-name"), CLIENT.name, 30000);

    // A 2024 tax return: 10 years from the end of 2024.
    const file = join(dataDir, "2024年纳税申报表.pdf");
    writeFileSync(file, "%PDF-1.7 tax return 2024");
    await press(browser, "tab-documents");
    await (await browser.$(tid("document-file"))).setValue(file);
    await (await browser.$(tid("document-class"))).selectByAttribute("value", "tax_returns");
    await fill(browser, "document-year", "2024");
    await press(browser, "document-add");
    await waitForContent(browser, tid("documents-list"), "2034-12-31", 15000);

    const found = await invoke(browser, "search_clients", { query: CLIENT.name, filter: {} });
    assert.ok(found.ok, JSON.stringify(found));
    const id = found.ok[0].id;
    const applied = await invoke(browser, "apply_deletion_request", { clientId: id, requestRef: "DR-2026-0001" });
    assert.deepEqual(applied.ok, { kind: "storage_only", until: "2034-12-31" });

    // Back to the list (it is no longer active: filter by its status) and open it again.
    await press(browser, "client-back");
    await (await waitForTestId(browser, "clients-filter-status")).selectByAttribute("value", "storage_only");
    await waitForContent(browser, tid("clients-table"), CLIENT.name, 15000);
    const row = await browser.$(`${tid("clients-table")} [data-row-index="0"]`);
    await browser.waitUntil(async () => (await row.isExisting()) && ((await row.getProperty("textContent")) ?? "").includes(CLIENT.name), {
      timeout: 15000,
      timeoutMsg: "the stored-only client is not listed under its status",
    });
    await row.click();
    await browser.keys(["Enter"]);
    await waitForTestId(browser, "storage-only-banner", 15000);
    await waitForText(browser, tid("storage-only-banner"), "DR-2026-0001");
    await waitForText(browser, tid("storage-only-until"), "2034-12-31");
    assert.equal(await (await browser.$(tid("tab-basic"))).isExisting(), false, "nothing of the client is shown");
    await snap(browser, "client-storage-only");

    // A legal purpose opens it for viewing (audited); edits stay refused.
    await fill(browser, "legal-purpose", "税务稽查协查（杭税稽通〔2026〕12号）");
    await press(browser, "legal-purpose-open");
    await waitForTestId(browser, "storage-only-opened", 15000);
    await waitForTestId(browser, "tab-basic", 15000);
    assert.equal(await (await browser.$(tid("client-edit"))).isEnabled(), false);
    assert.equal(await (await browser.$(tid("credit-edit"))).isExisting(), false, "no edit of a stored-only client");
    await snap(browser, "client-storage-only-opened");
  } finally {
    await stop();
  }
});
