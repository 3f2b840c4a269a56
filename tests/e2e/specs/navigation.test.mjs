// Every navigation area and the language switch, in both languages, against the real app
// (real Rust core over real IPC, real WebKitGTK webview), after the first-run setup.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launchApp, setupVault, tid, waitForText } from "../harness.mjs";

const AREAS = [
  { id: "overview", zh: "概览", en: "Overview" },
  { id: "clients", zh: "客户", en: "Clients" },
  { id: "reconciliation", zh: "账目清理", en: "Reconciliation" },
  { id: "records", zh: "档案与证明", en: "Records & certificates" },
  { id: "compliance", zh: "合规", en: "Compliance" },
  { id: "settings", zh: "设置", en: "Settings" },
];

async function visitEveryArea(browser, lang) {
  for (const area of AREAS) {
    await (await browser.$(tid(`nav-${area.id}`))).click();
    await waitForText(browser, tid("page-title"), area[lang]);
    const current = await (await browser.$(tid(`nav-${area.id}`))).getAttribute("aria-current");
    assert.equal(current, "page", `${area.id} is marked as the current page`);
    const empty = await (await browser.$(tid("page-empty"))).getText();
    assert.ok(empty.length > 10, `${area.id} says what is or will be there (${lang}): "${empty}"`);
    if (lang === "zh") assert.match(empty, /[\u4e00-\u9fff]/, "Chinese copy in zh");
    else assert.doesNotMatch(empty, /[\u4e00-\u9fff]/, "no Chinese copy in en");
  }
}

test("every area and the language switch work in both languages", async () => {
  const { browser, dataDir, stop } = await launchApp();
  try {
    // The status line comes from the Rust core over IPC: it names this test's fresh
    // data folder and says no vault exists yet.
    const status = await waitForText(browser, tid("status-line"), "0.1.0", 30000);
    const title = await (await browser.$(`${tid("status-line")} [title]`)).getAttribute("title");
    assert.equal(title, dataDir, `status line shows the data folder (${status})`);
    const absent = await waitForText(browser, tid("status-vault"), "");
    assert.ok(/未创建保险库|Vault not set up/.test(absent), `no vault yet ("${absent}")`);

    await setupVault(browser, {
      firm: "测试会计师事务所",
      username: "admin",
      displayName: "王管理",
      password: "Ledger2024lock",
    });

    const heading = await waitForText(browser, tid("page-title"), "");
    const first = heading.includes("概览") ? "zh" : "en";
    const second = first === "zh" ? "en" : "zh";
    assert.ok(
      heading.includes(first === "zh" ? "概览" : "Overview"),
      `the app opens on the overview ("${heading}")`,
    );
    await waitForText(browser, tid("status-vault"), first === "zh" ? "已解锁" : "Unlocked");
    await waitForText(browser, tid("status-line"), "王管理");
    await waitForText(browser, tid("header-user"), first === "zh" ? "管理员" : "Administrator");

    await visitEveryArea(browser, first);
    await (await browser.$(tid("lang-switch"))).click();
    await waitForText(browser, tid("page-title"), first === "zh" ? "Settings" : "设置");
    await visitEveryArea(browser, second);
    await waitForText(browser, tid("status-vault"), second === "zh" ? "已解锁" : "Unlocked");

    // Keyboard: the navigation is usable without a mouse.
    const nav = await browser.$(tid("nav-overview"));
    await nav.click();
    await browser.keys(["ArrowDown"]);
    await browser.keys(["Enter"]);
    await waitForText(browser, tid("page-title"), second === "zh" ? "客户" : "Clients");
  } finally {
    await stop();
  }
});
