// Destruction against the real app: the engagement is ended on the client page (hand-over list
// 移交清册 edited, keep/destroy summary shown, list printed as a PDF; the client becomes
// read-only); the client whose engagement ended is then due; one administrator
// drafts a destruction list, two others approve it, an independent supervisor checks it, it
// is executed (the client is gone), the supervisor confirms, the certificate is printed (a
// PDF holding the client's name and the code), and the code verifies while a wrong one does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
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
const OTHERS = [
  { username: "shenpi1", displayName: "审批甲", password: "Shenpi2024one" },
  { username: "shenpi2", displayName: "审批乙", password: "Shenpi2024two" },
  { username: "jianxiao", displayName: "监销丙", password: "Jianxiao2024x" },
];
const CLIENT = { name: "杭州华瑞科技有限公司", creditCode: "91350100M000100Y43" };

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

async function signInAs(browser, user) {
  await press(browser, "lock-button");
  await waitForTestId(browser, "login-username", 15000);
  await login(browser, user.username, user.password);
  await press(browser, "nav-records");
  await waitForTestId(browser, "destruction", 15000);
}

async function listStatus(browser, number, status) {
  await browser.waitUntil(
    async () => (await (await browser.$(tid(`list-${number}`))).getAttribute("data-status")) === status,
    { timeout: 15000, timeoutMsg: `list ${number} never reached ${status}` },
  );
}

async function act(browser, number, button, status) {
  await (await browser.$(`${tid(`list-${number}`)} ${tid(button)}`)).click();
  await listStatus(browser, number, status);
}

test("destruction: end an engagement, approve, supervise, execute, print and verify the certificate", { timeout: 300000 }, async () => {
  const { browser, dataDir, stop } = await launchApp();
  try {
    await waitForTestId(browser, "setup-firm", 30000);
    await setupVault(browser, ADMIN);

    // A client whose engagement ended last year.
    await press(browser, "nav-clients");
    await press(browser, "clients-new");
    await fill(browser, "client-name", CLIENT.name);
    await fill(browser, "client-credit-code", CLIENT.creditCode);
    await setDate(browser, "client-engagement-start", "2019-01-01");
    await setDate(browser, "client-engagement-end", "2025-06-30");
    await press(browser, "client-submit");
    await waitForText(browser, tid("client-detail-name"), CLIENT.name, 30000);

    // A legal hold (placed, then lifted, on the client's 法律保留 tab): nothing held is destroyed.
    await press(browser, "tab-holds");
    await waitForTestId(browser, "holds-none", 15000);
    await fill(browser, "hold-note", "应收账款尚未结清");
    await press(browser, "hold-place");
    await waitForTestId(browser, "holds-table", 15000);
    assert.equal(await (await browser.$(tid("hold-row"))).getAttribute("data-active"), "true");
    await press(browser, "hold-lift");
    await press(browser, "hold-lift-confirm");
    await browser.waitUntil(
      async () => (await (await browser.$(tid("hold-row"))).getAttribute("data-active")) === "false",
      { timeout: 15000, timeoutMsg: "the hold was not lifted" },
    );

    // End the engagement: hand-over list, keep/destroy summary, confirm, print the 移交清册.
    await press(browser, "end-engagement");
    await waitForTestId(browser, "end-engagement-dialog", 15000);
    await setDate(browser, "handover-engagement-end", "2025-06-30");
    await setDate(browser, "handover-date", "2025-07-05");
    await fill(browser, "handover-by", "王管理");
    await fill(browser, "handover-received-by", "陈晓");
    await fill(browser, "handover-item-name", "记账凭证");
    await fill(browser, "handover-item-last", "2025");
    await fill(browser, "handover-item-quantity", "14");
    await press(browser, "end-engagement-next");
    await browser.waitUntil(
      async () => (await (await browser.$(tid("end-engagement-step"))).getAttribute("data-step")) === "2",
      { timeout: 15000, timeoutMsg: "the keep/destroy summary never showed" },
    );
    // The client record's personal information has no statutory minimum: it may go now.
    await waitForTestId(browser, "summary-destroy", 15000);
    await snap(browser, "client-end-engagement");
    await press(browser, "end-engagement-next");
    await press(browser, "end-engagement-confirm");
    await waitForTestId(browser, "end-engagement-done", 30000);
    await press(browser, "handover-print");
    const exportsDir = join(dataDir, "exports");
    await browser.waitUntil(() => readdirSync(exportsDir).some((f) => f.startsWith("会计档案移交清册-YJ-") && f.endsWith(".pdf")), {
      timeout: 30000,
      timeoutMsg: `the hand-over list was not saved: ${readdirSync(exportsDir).join(", ")}`,
    });
    const handover = readdirSync(exportsDir).find((f) => f.startsWith("会计档案移交清册-YJ-"));
    const handoverText = execFileSync("pdftotext", [join(exportsDir, handover), "-"], { encoding: "utf8" });
    assert.ok(handoverText.includes("会计档案移交清册"), "the hand-over list has its title");
    assert.ok(handoverText.includes(CLIENT.name), "the hand-over list names the client");
    assert.ok(handoverText.includes("记账凭证"), "the hand-over list lists the item");
    await press(browser, "end-engagement-close");
    // Ended: read-only, shown with its status.
    await waitForTestId(browser, "client-read-only", 15000);
    const ended = (await uiLanguage(browser)) === "zh" ? "已终止服务" : "Engagement ended";
    await waitForText(browser, tid("client-status"), ended, 15000);
    assert.equal(await (await browser.$(tid("client-edit"))).isEnabled(), false, "an ended client cannot be edited");
    await snap(browser, "client-engagement-ended");

    // Three more administrators: two approvers and a supervisor.
    await press(browser, "nav-settings");
    await waitForTestId(browser, "users-table");
    for (const user of OTHERS) {
      await fill(browser, "user-create-username", user.username);
      await fill(browser, "user-create-display-name", user.displayName);
      await (await browser.$(tid("user-create-role"))).selectByAttribute("value", "administrator");
      await fill(browser, "user-create-password", user.password);
      await press(browser, "user-create-submit");
      await waitForText(browser, tid("users-table"), user.username, 30000);
    }

    // Draft: the client is due; select it and draft the list.
    await press(browser, "nav-records");
    await waitForTestId(browser, "due-table", 15000);
    await (await browser.$(`[data-testid="due-select"][data-name="${CLIENT.name}"]`)).click();
    await fill(browser, "destruction-appraisal", "保管期满，无未了事项，同意销毁");
    await press(browser, "destruction-draft");
    await waitForContent(browser, tid("destruction-lists"), "XH-", 15000);
    const item = await browser.$('[data-testid^="list-XH-"]');
    const number = (await item.getAttribute("data-testid")).replace("list-", "");

    // The drafter may not approve their own list.
    await (await browser.$(`${tid(`list-${number}`)} ${tid("list-approve")}`)).click();
    await waitForTestId(browser, "destruction-error", 15000);

    for (const approver of OTHERS.slice(0, 2)) {
      await signInAs(browser, approver);
      await fill(browser, "destruction-opinion", "同意");
      await (await browser.$(`${tid(`list-${number}`)} ${tid("list-approve")}`)).click();
      await waitForTestId(browser, "destruction-notice", 15000);
    }
    await listStatus(browser, number, "approved");

    const supervisor = OTHERS[2];
    await signInAs(browser, supervisor);
    await fill(browser, "destruction-opinion", "已按清册逐项核对");
    await act(browser, number, "list-supervise", "supervised");
    await act(browser, number, "list-execute", "executed");
    const code = (await (await browser.$(`${tid(`list-${number}`)} ${tid("list-code")}`)).getText()).trim();
    assert.match(code.replace(/\s/g, ""), /^[0-9a-f]{64}$/);
    await fill(browser, "destruction-opinion", "已销毁，与清册一致");
    await act(browser, number, "list-confirm", "closed");
    await snap(browser, "records-destruction");

    // The client is gone from the client list (all statuses shown, not only active ones).
    await press(browser, "nav-clients");
    await (await waitForTestId(browser, "clients-filter-status")).selectByAttribute("value", "");
    await browser.waitUntil(
      async () => !((await (await browser.$(tid("clients-table"))).getText()) ?? "").includes(CLIENT.name),
      { timeout: 15000, timeoutMsg: "the destroyed client is still listed" },
    );

    // The certificate: a PDF with the client's name and the verification code.
    await press(browser, "nav-records");
    await waitForTestId(browser, "destruction-lists", 15000);
    await (await browser.$(`${tid(`list-${number}`)} ${tid("list-print")}`)).click();
    await waitForTestId(browser, "destruction-notice", 30000);
    const exports = join(dataDir, "exports");
    const pdf = readdirSync(exports).find((f) => f.endsWith(".pdf") && f.includes(number));
    assert.ok(pdf, `the certificate was saved: ${readdirSync(exports).join(", ")}`);
    const text = execFileSync("pdftotext", [join(exports, pdf), "-"], { encoding: "utf8" });
    assert.ok(text.includes(CLIENT.name), "the certificate names the client");
    assert.ok(text.includes("会计档案销毁证明"), "the certificate has its title");

    // Verify: the printed code is valid; a changed one is not.
    await fill(browser, "verify-number", number);
    await fill(browser, "verify-code", code);
    await press(browser, "verify-submit");
    await browser.waitUntil(
      async () => (await (await browser.$(tid("verify-result"))).getAttribute("data-valid")) === "true",
      { timeout: 15000, timeoutMsg: "the printed code did not verify" },
    );
    const wrong = (code.startsWith("0") ? "1" : "0") + code.slice(1);
    await fill(browser, "verify-code", wrong);
    await press(browser, "verify-submit");
    await browser.waitUntil(
      async () => (await (await browser.$(tid("verify-result"))).getAttribute("data-valid")) === "false",
      { timeout: 15000, timeoutMsg: "a wrong code was accepted" },
    );
  } finally {
    await stop();
  }
});
