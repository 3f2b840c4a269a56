// Compliance against the real app: record a security incident, see its signal on the
// overview and follow it to the register, resolve the incident (closing is refused until the
// containment, the notification decision and the lessons are written), see the signal go, and
// print the compliance report (a PDF whose text carries the title and the incident).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
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
const INCIDENT = "外勤 U 盘丢失";

async function openIncidents(browser) {
  await press(browser, "nav-compliance");
  await press(browser, "compliance-tab-registers");
  await press(browser, "register-kind-incident");
}

test("compliance: an incident raises a signal, is resolved, and the report prints", { timeout: 300000 }, async () => {
  const { browser, dataDir, stop } = await launchApp();
  try {
    await waitForTestId(browser, "setup-firm", 30000);
    await setupVault(browser, ADMIN);

    // Record an incident.
    await openIncidents(browser);
    await waitForTestId(browser, "register-empty", 15000);
    await press(browser, "register-new");
    await fill(browser, "register-title", INCIDENT);
    await fill(browser, "register-description", "外勤人员丢失存有凭证扫描件的 U 盘");
    await press(browser, "register-save");
    await waitForText(browser, tid("register-status"), "", 15000);
    await waitForContent(browser, tid("register-list"), INCIDENT, 15000);
    await waitForContent(browser, tid("register-list"), "INC-");
    await snap(browser, "compliance-incident");

    // The overview shows the open incident as a signal; it opens the register filtered.
    await press(browser, "nav-overview");
    const card = await waitForTestId(browser, "signal-open_incidents", 30000);
    assert.equal(await (await card.$(tid("signal-count"))).getText(), "1");
    await press(browser, "signal-open_incidents");
    await waitForContent(browser, tid("signal-detail"), "INC-", 15000);
    await snap(browser, "overview-signals");
    await press(browser, "signal-open-register");
    await waitForContent(browser, tid("register-list"), INCIDENT, 15000);

    // Closing is refused while the containment is missing.
    await press(browser, "register-open");
    await press(browser, "register-close");
    await waitForTestId(browser, "register-error", 15000);
    const refusal = await (await browser.$(tid("register-error"))).getText();
    assert.match(refusal, /处置措施|containment/, refusal);

    // Write what closing needs, then close.
    await fill(browser, "register-containment", "挂失并远程注销网银证书，修改相关账户口令");
    await fill(browser, "register-noNoticeReason", "U 盘已整盘加密，泄露风险可忽略");
    await fill(browser, "register-lessons", "外勤一律使用加密 U 盘并登记领用");
    await press(browser, "register-save");
    await waitForContent(browser, tid("register-containment"), "", 15000);
    await fill(browser, "register-note", "已处置完毕");
    await press(browser, "register-close");
    await browser.waitUntil(
      async () => /已办结|Closed/.test(await (await browser.$(tid("register-status"))).getText()),
      { timeout: 15000, timeoutMsg: "the incident was not closed" },
    );

    // The signal is gone.
    await press(browser, "nav-overview");
    await waitForTestId(browser, "signals", 30000);
    await browser.waitUntil(async () => !(await (await browser.$(tid("signal-open_incidents"))).isExisting()), {
      timeout: 15000,
      timeoutMsg: "the incident signal stayed after closing",
    });

    // Print the compliance report.
    await press(browser, "nav-compliance");
    await press(browser, "compliance-tab-report");
    await press(browser, "report-show");
    await waitForContent(browser, tid("report-figures"), "1", 30000);
    await press(browser, "report-pdf");
    await waitForTestId(browser, "report-saved", 60000);
    await snap(browser, "compliance-report");
    const exports = join(dataDir, "exports");
    const pdf = readdirSync(exports).find((f) => f.startsWith("合规报告") && f.endsWith(".pdf"));
    assert.ok(pdf, `the report was saved: ${readdirSync(exports).join(", ")}`);
    const text = execFileSync("pdftotext", [join(exports, pdf), "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    assert.ok(text.includes("个人信息保护合规报告"), "the PDF has its title");
    assert.ok(text.includes("外勤U盘丢失"), "the PDF lists the incident");
    assert.ok(text.includes("已办结"), "the PDF shows it closed");
  } finally {
    await stop();
  }
});

test("compliance: a deletion request is acted on from the requests register", { timeout: 300000 }, async () => {
  const { browser, stop } = await launchApp();
  try {
    await waitForTestId(browser, "setup-firm", 30000);
    await setupVault(browser, ADMIN);
    await press(browser, "nav-clients");
    await press(browser, "clients-new");
    await fill(browser, "client-name", "杭州华瑞科技有限公司");
    await fill(browser, "client-credit-code", "91350100M000100Y43");
    await press(browser, "client-submit");
    await waitForText(browser, tid("client-detail-name"), "杭州华瑞", 30000);

    // Record the request, naming the client.
    await press(browser, "nav-compliance");
    await press(browser, "compliance-tab-registers");
    await press(browser, "register-kind-request");
    await press(browser, "register-new");
    await fill(browser, "register-requester", "张伟");
    await (await browser.$(tid("register-requestType"))).selectByAttribute("value", "deletion");
    await fill(browser, "register-clientId-search", "华瑞");
    await press(browser, "register-clientId-find");
    await press(browser, "register-client-hit");
    await press(browser, "register-save");
    await waitForContent(browser, tid("register-list"), "REQ-", 15000);

    // Act on it: no statutory record is held, so the client is due for destruction at once.
    await press(browser, "register-apply-deletion");
    await browser.waitUntil(
      async () => (await (await browser.$(tid("register-answeredBy"))).getValue()) === "destruction",
      { timeout: 15000, timeoutMsg: "the deletion outcome was not written into the request" },
    );
    const outcome = await (await browser.$(tid("register-outcome"))).getValue();
    assert.match(outcome, /销毁/, outcome);
    await snap(browser, "compliance-deletion-request");

    // With the outcome written it closes; the client has left the daily list.
    await press(browser, "register-close");
    await browser.waitUntil(
      async () => /已办结|Closed/.test(await (await browser.$(tid("register-status"))).getText()),
      { timeout: 15000, timeoutMsg: "the request was not closed" },
    );
    await press(browser, "nav-clients");
    await waitForText(browser, tid("clients-count"), "0", 15000);
  } finally {
    await stop();
  }
});
