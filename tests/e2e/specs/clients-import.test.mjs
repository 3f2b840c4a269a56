// First run with demo data (counted as unverified on the Overview page), importing clients
// from a GBK CSV (column mapping, per-row problems, nothing stored before the confirmation),
// the data subject's access report, and a credit assessment added on the detail page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
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

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures");
const FILE = resolve(FIXTURES, "clients_import_gbk.csv");
const DEMO = 50;

/** The number in the list's "N clients" counter. */
async function listed(browser) {
  const text = await (await browser.$(tid("clients-count"))).getText();
  return Number((text.match(/\d+/) ?? ["NaN"])[0]);
}

test("clients: demo data at setup, GBK import with preview, access report", { timeout: 300000 }, async () => {
  const { browser, stop } = await launchApp();
  try {
    await waitForTestId(browser, "setup-firm", 30000);
    await (await browser.$(tid("setup-demo"))).click();
    await setupVault(browser, {
      firm: "明德会计师事务所",
      username: "admin",
      displayName: "王管理",
      password: "Ledger2024lock",
    });

    // None of the demo clients has been verified: the Overview page counts them.
    await press(browser, "nav-overview");
    await waitForText(browser, tid("unverified-count"), String(DEMO), 30000);

    // Its link opens the client list with the "not verified for 12 months" filter ticked.
    await press(browser, "unverified-open");
    const filter = await waitForTestId(browser, "clients-unverified");
    await browser.waitUntil(async () => filter.isSelected(), {
      timeout: 15000,
      timeoutMsg: "the unverified filter is not ticked",
    });
    await filter.click();

    // The demo clients are in the list.
    await browser.waitUntil(async () => (await listed(browser)) === DEMO, {
      timeout: 30000,
      timeoutMsg: "the demo clients are not listed",
    });
    await waitForContent(browser, tid("clients-table"), "演示数据");

    // Import: the preview lists the problems; nothing is stored yet.
    await press(browser, "clients-import");
    const input = await waitForTestId(browser, "import-file");
    await input.setValue(FILE);
    await waitForText(browser, tid("import-summary"), "3", 30000);
    const summary = await (await browser.$(tid("import-summary"))).getText();
    assert.match(summary, /3\D+2/, summary);
    const mapped = await (await browser.$(tid("import-map-1"))).getValue();
    assert.equal(mapped, "credit_code");
    const checkDigit = await browser.$('[data-testid="import-rows"] tr[data-row="3"] [data-reason="check_digit"]');
    await checkDigit.waitForExist({ timeout: 15000 });
    assert.match(await checkDigit.getText(), /校验位|check character/);
    const missing = await browser.$('[data-testid="import-rows"] tr[data-row="5"] [data-field="name"]');
    assert.ok(await missing.isExisting(), "the row without a name is listed");
    await snap(browser, "client-import-preview");
    assert.equal(await listed(browser), DEMO, "nothing stored by the preview");

    // Confirm: the three good rows are imported.
    await press(browser, "import-confirm");
    await waitForTestId(browser, "import-done", 30000);
    await browser.waitUntil(async () => (await listed(browser)) === DEMO + 3, {
      timeout: 15000,
      timeoutMsg: "the imported clients are not listed",
    });

    // The access report of an imported client, as a PDF.
    await fill(browser, "clients-search", "914403001922038216");
    const row = await browser.$(`${tid("clients-table")} [data-row-index="0"]`);
    await browser.waitUntil(
      async () => ((await row.getProperty("textContent")) ?? "").includes("福州云帆物流有限公司"),
      { timeout: 15000, timeoutMsg: "the imported client is not found" },
    );
    await row.click();
    await browser.keys(["Enter"]);
    await waitForText(browser, tid("client-detail-name"), "福州云帆物流有限公司", 30000);
    await press(browser, "tab-consents");
    await press(browser, "access-pdf");
    const saved = await waitForText(browser, tid("access-saved"), ".pdf", 30000);
    const path = saved.match(/\S+\.pdf/)?.[0];
    assert.ok(path && readFileSync(path).subarray(0, 5).equals(Buffer.from("%PDF-")), saved);
    await snap(browser, "client-subject-rights");

    // A credit assessment, added on the detail page.
    await press(browser, "tab-basic");
    await press(browser, "credit-edit");
    await (await waitForTestId(browser, "credit-rating")).selectByAttribute("value", "B");
    await fill(browser, "credit-basis", "偶有延迟付费");
    await fill(browser, "credit-assessor", "王管理");
    await fill(browser, "credit-notes", "2025 年第三季度逾期 20 天");
    await press(browser, "credit-save");
    await waitForText(browser, tid("credit-rating-shown"), "B", 15000);
    const notes = await (await browser.$(tid("client-credit"))).getText();
    assert.ok(!notes.includes("逾期 20 天"), "the notes are masked");
    await snap(browser, "client-credit");
  } finally {
    await stop();
  }
});
