// The 账目清理 workbench against the real app: a GBK bank statement and a GBK ledger uploaded
// through the file inputs, a translated import error, a suggestion confirmed and undone, the
// statement, and the PDF and Excel exports written to the export folder; then a reconciliation
// saved with a client, reopened after locking, continued, unmatched and finalised.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
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

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures");
// The BOC sample statement (crates/reconciliation/tests/fixtures/cn_boc_debit.csv) re-encoded as
// GBK, and the matching 银行存款日记账 (GBK, 金蝶/用友 layout).
const BANK = join(FIXTURES, "boc_statement_gbk.csv");
const LEDGER = join(FIXTURES, "ledger_boc_gbk.csv");

/** Ids of the pending suggestions shown, from their confirm buttons. */
async function suggestionIds(browser) {
  const buttons = await browser.$$(`${tid("recon-suggestions")} [data-testid^="recon-confirm-"]`);
  const ids = [];
  for (const b of buttons) ids.push((await b.getAttribute("data-testid")).replace("recon-confirm-", ""));
  return ids;
}

/** Chooses a file in the `<input type=file>` with test id `id`. */
async function choose(browser, id, path) {
  const input = await waitForTestId(browser, id);
  await input.setValue(path);
}

test("reconciliation: GBK import, confirm and undo a suggestion, statement, PDF and Excel", { timeout: 300000 }, async () => {
  const { browser, dataDir, stop } = await launchApp();
  try {
    await setupVault(browser, {
      firm: "明德会计师事务所",
      username: "admin",
      displayName: "王管理",
      password: "Ledger2024lock",
    });
    // In Chinese, as the firms use it (the other language is covered by the navigation test).
    if ((await uiLanguage(browser)) !== "zh") await press(browser, "lang-switch");
    await press(browser, "nav-reconciliation");
    await waitForText(browser, tid("page-title"), "账目清理");
    const zh = true;

    // A file that is no bank statement: the import is refused with the file and the reason.
    const bad = join(dataDir, "not-a-statement.csv");
    writeFileSync(bad, "hello,world\nfoo,bar\n");
    await choose(browser, "recon-bank-file", bad);
    await choose(browser, "recon-ledger-file", LEDGER);
    await press(browser, "recon-start");
    const error = await waitForText(browser, tid("recon-error"), "not-a-statement.csv", 30000);
    assert.doesNotMatch(error, /no_header|unknown_format|invalid_input/, `the reason is translated: "${error}"`);

    // The GBK bank statement and the ledger.
    await choose(browser, "recon-bank-file", BANK);
    await press(browser, "recon-start");
    await waitForTestId(browser, "recon-suggestions", 60000);
    await waitForContent(browser, tid("recon-bank-table"), "张三");
    await waitForContent(browser, tid("recon-book-table"), zh ? "待确认" : "Suggested");
    await waitForTestId(browser, "recon-statement");
    const balancedBefore = await (await browser.$(tid("recon-balanced"))).getAttribute("data-balanced");

    const before = await suggestionIds(browser);
    assert.ok(before.length > 0, "the engine suggests at least one match");
    const id = before[0];
    // Manual matching: clicking rows selects them, and the live difference is shown.
    // (Open lines only: the pane filter shows them first; the selection survives the filter.)
    for (const pane of ["recon-bank-table", "recon-book-table"]) {
      const filter = await waitForTestId(browser, `${pane}-filter`);
      await filter.selectByAttribute("value", "open");
      await waitForContent(browser, `${tid(pane)} [data-row-index="0"]`, zh ? "未达" : "Open");
      await (await browser.$(`${tid(pane)} [data-row-index="0"]`)).click();
      if (pane === "recon-bank-table") await filter.selectByAttribute("value", "all");
    }
    await waitForText(browser, tid("recon-difference"), zh ? "差额" : "Difference");
    await waitForContent(browser, tid("recon-bank-table"), "✓");
    await snap(browser, "reconciliation-workbench");
    await press(browser, "recon-clear-selection");
    await (await browser.$(tid("recon-book-table-filter"))).selectByAttribute("value", "all");

    const undoButton = await browser.$(tid("recon-undo"));
    assert.equal(await undoButton.isEnabled(), false, "nothing to undo yet");

    // Confirm: the suggestion leaves the list and undo becomes possible.
    await press(browser, `recon-confirm-${id}`);
    await browser.waitUntil(async () => !(await suggestionIds(browser)).includes(id), {
      timeout: 15000,
      timeoutMsg: `suggestion ${id} still listed after confirming`,
    });
    await undoButton.waitForEnabled({ timeout: 15000 });

    // Undo: the suggestion is pending again, in its place, and nothing is left to undo.
    await press(browser, "recon-undo");
    await browser.waitUntil(async () => (await suggestionIds(browser)).join(",") === before.join(","), {
      timeout: 15000,
      timeoutMsg: `suggestion ${id} did not come back after undo`,
    });
    await browser.waitUntil(async () => !(await undoButton.isEnabled()), { timeout: 15000 });
    assert.equal(await (await browser.$(tid("recon-balanced"))).getAttribute("data-balanced"), balancedBefore);
    const verdict = await (await browser.$(tid("recon-balanced"))).getText();
    assert.match(verdict, zh ? /调节后余额(相符|不相符)/ : /Adjusted balances (agree|do not agree)/);

    // The statement as PDF, saved to the export folder.
    await press(browser, "recon-export-pdf");
    const exported = await waitForTestId(browser, "recon-exported", 60000);
    const pdfPath = await exported.getAttribute("title");
    assert.ok(pdfPath.startsWith(join(dataDir, "exports")), `saved in the export folder: ${pdfPath}`);
    assert.equal(readFileSync(pdfPath).subarray(0, 4).toString("latin1"), "%PDF");

    // And as Excel (an XLSX is a zip: "PK").
    await press(browser, "recon-export-xlsx");
    const exportedPath = async () => {
      const el = await browser.$(tid("recon-exported"));
      return (await el.isExisting()) ? ((await el.getAttribute("title")) ?? "") : "";
    };
    await browser.waitUntil(async () => (await exportedPath()).endsWith(".xlsx"), {
      timeout: 60000,
      timeoutMsg: "the Excel export was not reported",
    });
    const xlsxPath = await exportedPath();
    assert.equal(readFileSync(xlsxPath).subarray(0, 2).toString("latin1"), "PK");
  } finally {
    await stop();
  }
});

/** Sets a date input (YYYY-MM-DD) as a user would, whatever the WebView's date widget. */
async function setDate(browser, id, value) {
  await browser.execute(
    (selector, v) => {
      const input = document.querySelector(selector);
      input.value = v;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    },
    tid(id),
    value,
  );
}

/** Puts the keyboard focus on a pane's grid, its cursor cleared, without clicking a row. */
async function focusGrid(browser, id) {
  await browser.execute((selector) => document.querySelector(selector).focus(), tid(id));
}

/** The open count shown in a pane's totals line ("共 n 笔，未达 m 笔，…"). */
async function openCount(browser, pane) {
  const text = await (await browser.$(tid(`${pane}-totals`))).getText();
  const numbers = text.match(/\d+/g) ?? [];
  return Number(numbers[1]);
}

test("reconciliation: save with a client, reopen after locking, the confirmed match is kept", { timeout: 300000 }, async () => {
  const { browser, stop } = await launchApp();
  const CLIENT = "杭州华瑞科技有限公司";
  try {
    await setupVault(browser, {
      firm: "明德会计师事务所",
      username: "admin",
      displayName: "王管理",
      password: "Ledger2024lock",
    });
    if ((await uiLanguage(browser)) !== "zh") await press(browser, "lang-switch");

    // A client to reconcile for.
    await press(browser, "nav-clients");
    await press(browser, "clients-new");
    await fill(browser, "client-name", CLIENT);
    await fill(browser, "client-credit-code", "91350100M000100Y43");
    await press(browser, "client-submit");
    await waitForText(browser, tid("client-detail-name"), CLIENT, 30000);

    // Choose the client, import, confirm a suggestion.
    await press(browser, "nav-reconciliation");
    await waitForText(browser, tid("page-title"), "账目清理");
    const picker = await waitForTestId(browser, "recon-client");
    await browser.waitUntil(async () => (await picker.$$("option")).length > 1, { timeout: 15000 });
    await picker.selectByVisibleText(CLIENT);
    await waitForTestId(browser, "recon-saved-empty");
    await choose(browser, "recon-bank-file", BANK);
    await choose(browser, "recon-ledger-file", LEDGER);
    await press(browser, "recon-start");
    await waitForTestId(browser, "recon-suggestions", 60000);
    await waitForText(browser, tid("recon-client-name"), CLIENT);

    // Column check: the detected columns are shown; correct one, save the layout as a
    // template, import again with it.
    await waitForContent(browser, tid("recon-mapping-summary"), "自动识别");
    await press(browser, "recon-mapping-toggle");
    const serial = await waitForTestId(browser, "recon-map-bank-serial");
    await serial.selectByAttribute("value", "");
    await fill(browser, "recon-map-bank-template", "中行网银");
    await snap(browser, "reconciliation-columns");
    await press(browser, "recon-mapping-apply");
    await waitForContent(browser, tid("recon-mapping-summary"), "模板“中行网银”", 60000);
    await waitForTestId(browser, "recon-suggestions", 60000);
    const pending = await suggestionIds(browser);
    const id = pending[0];
    await press(browser, `recon-confirm-${id}`);
    await browser.waitUntil(async () => !(await suggestionIds(browser)).includes(id), {
      timeout: 15000,
      timeoutMsg: `suggestion ${id} still listed after confirming`,
    });

    // Save as a draft.
    await press(browser, "recon-save");
    await browser.waitUntil(
      async () => (await (await browser.$(tid("recon-save-status"))).getAttribute("data-status")) === "draft",
      { timeout: 30000, timeoutMsg: "not saved as a draft" },
    );
    await waitForTestId(browser, "recon-saved-note");
    await snap(browser, "reconciliation-saved");

    // Lock: the open workbench is dropped. Sign in again and reopen it from the client's list.
    await press(browser, "lock-button");
    await waitForTestId(browser, "login-username", 30000);
    await login(browser, "admin", "Ledger2024lock");
    await press(browser, "nav-reconciliation");
    await waitForTestId(browser, "recon-start");
    const picker2 = await waitForTestId(browser, "recon-client");
    await browser.waitUntil(async () => (await picker2.$$("option")).length > 1, { timeout: 15000 });
    await picker2.selectByVisibleText(CLIENT);
    const list = await waitForTestId(browser, "recon-saved-list", 30000);
    assert.match(await list.getText(), /草稿/);
    await snap(browser, "reconciliation-saved-list");
    const openButtons = await browser.$$(`${tid("recon-saved-list")} [data-testid^="recon-open-"]`);
    assert.equal(openButtons.length, 1, "one saved reconciliation");
    await openButtons[0].click();
    await waitForTestId(browser, "recon-savebar", 30000);
    await waitForText(browser, tid("recon-client-name"), CLIENT);

    // The confirmed match is still there: not pending, and its confirmation can be undone.
    await waitForTestId(browser, "recon-statement", 30000);
    assert.ok(!(await suggestionIds(browser)).includes(id), "the confirmed suggestion stays confirmed");
    const undoButton = await browser.$(tid("recon-undo"));
    await undoButton.waitForEnabled({ timeout: 15000 });
    await press(browser, "recon-undo");
    await browser.waitUntil(async () => (await suggestionIds(browser)).includes(id), {
      timeout: 15000,
      timeoutMsg: "undo after reopening did not bring the suggestion back",
    });
    await press(browser, `recon-confirm-${id}`);
    await browser.waitUntil(async () => !(await suggestionIds(browser)).includes(id), { timeout: 15000 });

    // The period filter narrows both panes (display only).
    const rowCount = async (pane) => Number(await (await browser.$(tid(pane))).getAttribute("aria-rowcount"));
    const allRows = await rowCount("recon-bank-table");
    await setDate(browser, "recon-period-from", "2025-08-20");
    await setDate(browser, "recon-period-to", "2025-08-31");
    await browser.waitUntil(async () => (await rowCount("recon-bank-table")) < allRows, {
      timeout: 15000,
      timeoutMsg: "the period filter did not narrow the bank pane",
    });
    assert.ok((await rowCount("recon-bank-table")) > 1, "lines inside the period stay");
    await press(browser, "recon-period-clear");
    await browser.waitUntil(async () => (await rowCount("recon-bank-table")) === allRows, { timeout: 15000 });
    await waitForTestId(browser, "recon-keys-help");

    // Keyboard: ↓ moves the cursor, Space selects the line under it.
    const filter = await waitForTestId(browser, "recon-bank-table-filter");
    await filter.selectByAttribute("value", "open");
    await focusGrid(browser, "recon-bank-table");
    await browser.keys(["ArrowDown"]);
    await browser.keys([" "]);
    await waitForContent(browser, `${tid("recon-bank-table")} [data-row-index="0"]`, "✓");
    await waitForTestId(browser, "recon-difference");
    await press(browser, "recon-clear-selection");

    // Unmatch a matched line with the button: its lines become open.
    const before = await openCount(browser, "recon-bank-table");
    await filter.selectByAttribute("value", "matched");
    await (await browser.$(`${tid("recon-bank-table")} [data-row-index="0"]`)).click();
    await waitForTestId(browser, "recon-focused-match");
    await press(browser, "recon-unmatch");
    await browser.waitUntil(async () => (await openCount(browser, "recon-bank-table")) > before, {
      timeout: 15000,
      timeoutMsg: "unmatching did not open the lines",
    });
    // Ctrl+Z brings the match back; Delete on a matched line under the cursor unmatches it.
    await focusGrid(browser, "recon-bank-table");
    await browser.keys(["Control", "z"]);
    await browser.waitUntil(async () => (await openCount(browser, "recon-bank-table")) === before, {
      timeout: 15000,
      timeoutMsg: "Ctrl+Z did not undo the unmatch",
    });
    await focusGrid(browser, "recon-bank-table");
    await browser.keys(["ArrowDown"]);
    await browser.keys(["Delete"]);
    await browser.waitUntil(async () => (await openCount(browser, "recon-bank-table")) > before, {
      timeout: 15000,
      timeoutMsg: "Delete did not unmatch the line under the cursor",
    });
    await filter.selectByAttribute("value", "all");

    await snap(browser, "reconciliation-reopened");
    // Save again (revision 2), then finalise: read only, no delete.
    await press(browser, "recon-save");
    await waitForText(browser, tid("recon-save-status"), "2");
    await press(browser, "recon-finalize");
    await press(browser, "recon-finalize-confirm");
    await browser.waitUntil(
      async () => (await (await browser.$(tid("recon-save-status"))).getAttribute("data-status")) === "final",
      { timeout: 30000, timeoutMsg: "not finalised" },
    );
    assert.equal(await (await browser.$(tid("recon-save"))).isExisting(), false, "a final one is read only");
    await press(browser, "recon-new");
    await waitForTestId(browser, "recon-saved-list", 30000);
    await waitForContent(browser, tid("recon-saved-list"), "已定稿");
    const deletes = await browser.$$(`${tid("recon-saved-list")} [data-testid^="recon-delete-"]`);
    assert.equal(deletes.length, 0, "a final reconciliation cannot be deleted");

    // The same bank layout again: the saved template is used without asking.
    await choose(browser, "recon-bank-file", BANK);
    await choose(browser, "recon-ledger-file", LEDGER);
    await press(browser, "recon-start");
    await waitForContent(browser, tid("recon-mapping-summary"), "模板“中行网银”", 60000);
  } finally {
    await stop();
  }
});

/** A large generated year (UTF-8): a bank export and the matching ledger, `n` lines each. */
function largeFiles(dir, n) {
  const bank = ["记账日期,金额,余额,交易名称,对方账户名"];
  const ledger = ["日期,凭证字号,摘要,对方科目,借方金额,贷方金额,方向,余额"];
  let balance = 10_000_000_000;
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2025, 0, 1 + Math.floor((i * 360) / n))).toISOString().slice(0, 10);
    const cents = (next() % 900000) + 100;
    const inflow = next() % 2 === 0;
    balance += inflow ? cents : -cents;
    const amount = `${inflow ? "" : "-"}${(cents / 100).toFixed(2)}`;
    const name = `客户${next() % 500}`;
    bank.push(`${day},${amount},${(balance / 100).toFixed(2)},转账,${name}`);
    const money = (cents / 100).toFixed(2);
    ledger.push(`${day},记-${i + 1},收付${name},应收账款,${inflow ? money : ""},${inflow ? "" : money},借,${(balance / 100).toFixed(2)}`);
  }
  const bankPath = join(dir, "large-bank.csv");
  const ledgerPath = join(dir, "large-ledger.csv");
  writeFileSync(bankPath, bank.join("\n") + "\n");
  writeFileSync(ledgerPath, ledger.join("\n") + "\n");
  return [bankPath, ledgerPath];
}

test("reconciliation: a large import shows its progress", { timeout: 300000 }, async () => {
  const { browser, dataDir, stop } = await launchApp();
  try {
    await setupVault(browser, {
      firm: "明德会计师事务所",
      username: "admin",
      displayName: "王管理",
      password: "Ledger2024lock",
    });
    if ((await uiLanguage(browser)) !== "zh") await press(browser, "lang-switch");
    await press(browser, "nav-reconciliation");
    const [bankPath, ledgerPath] = largeFiles(dataDir, 30000);
    await choose(browser, "recon-bank-file", bankPath);
    await choose(browser, "recon-ledger-file", ledgerPath);
    await press(browser, "recon-start");
    // Past one second the progress bar shows the engine's stage.
    const bar = await waitForTestId(browser, "recon-progress", 30000);
    // The stage once the files have reached Rust (best effort for the screenshot: a fast
    // machine may finish a stage between two polls).
    await browser
      .waitUntil(async () => (await bar.isExisting()) && (await bar.getAttribute("data-stage")) !== "", { timeout: 120000 })
      .catch(() => undefined);
    await snap(browser, "reconciliation-progress");
    await waitForTestId(browser, "recon-savebar", 240000);
    await waitForContent(browser, tid("recon-bank-table-totals"), "30000");
    assert.equal(await (await browser.$(tid("recon-progress"))).isExisting(), false, "the bar goes when done");
  } finally {
    await stop();
  }
});
