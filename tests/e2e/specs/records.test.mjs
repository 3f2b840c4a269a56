// Records against the real app: store a document with its retention class; issue a
// confidentiality agreement from a client's detail page,
// record its signature, attach the signed scan and open it, print it to PDF (the PDF holds the
// client's name in Chinese), issue a retention certificate and re-print it, and see
// the retention schedule refuse a period below the legal minimum.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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
const CLIENT = { name: "杭州华瑞科技有限公司", creditCode: "91350100M000100Y43" };

test("records: issue, sign and print a confidentiality agreement; the retention schedule", { timeout: 300000 }, async () => {
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

    // A document: stored encrypted with its class and fiscal year, listed with its expiry,
    // and a saved copy is byte-identical.
    const scan = join(dataDir, "2025年对账单.pdf");
    writeFileSync(scan, "%PDF-1.7 scanned statement 2025");
    await press(browser, "tab-documents");
    await waitForTestId(browser, "documents-empty");
    await (await browser.$(tid("document-file"))).setValue(scan);
    await (await browser.$(tid("document-class"))).selectByAttribute("value", "bank_statements");
    await fill(browser, "document-year", "2025");
    await press(browser, "document-add");
    await waitForContent(browser, tid("documents-list"), "2025年对账单.pdf", 15000);
    await waitForContent(browser, tid("documents-list"), "2035-12-31");
    await press(browser, "document-save");
    await waitForTestId(browser, "documents-notice", 15000);
    const copy = join(dataDir, "exports", "2025年对账单.pdf");
    assert.equal(readFileSync(copy, "utf8"), "%PDF-1.7 scanned statement 2025");

    // Issue: a draft filled from the client record.
    await press(browser, "tab-agreements");
    await waitForTestId(browser, "agreements-empty");
    await fill(browser, "agreement-term", "2");
    await press(browser, "agreement-issue");
    await waitForContent(browser, tid("agreements-list"), "BM-", 15000);
    const row = await browser.$('[data-testid^="agreement-row-"]');
    const number = (await row.getAttribute("data-testid")).replace("agreement-row-", "");
    await waitForText(browser, tid(`agreement-status-${number}`), "");
    assert.match(await (await browser.$(tid(`agreement-status-${number}`))).getText(), /草稿|Draft/);

    // Record the signature: the status follows.
    await press(browser, `agreement-sign-${number}`);
    await press(browser, "agreement-sign-confirm");
    await browser.waitUntil(
      async () => /已签署|Signed/.test(await (await browser.$(tid(`agreement-status-${number}`))).getText()),
      { timeout: 15000, timeoutMsg: "the signature was not recorded" },
    );
    // Attach the signed scan: stored sealed, shown on the row, and it opens byte for byte.
    const signedScan = join(dataDir, "保密协议签署页.png");
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("signed page")]);
    writeFileSync(signedScan, png);
    await (await waitForTestId(browser, `agreement-attach-${number}`)).setValue(signedScan);
    await waitForTestId(browser, `agreement-scan-${number}`, 15000);
    await press(browser, `agreement-scan-${number}`);
    await waitForTestId(browser, "agreement-notice", 15000);
    assert.deepEqual(readFileSync(join(dataDir, "exports", "保密协议签署页.png")), png);
    await snap(browser, "client-agreements");

    // Print: a PDF in the export folder with the client's name as text.
    await press(browser, `agreement-print-${number}`);
    await waitForTestId(browser, "agreement-notice", 30000);
    const exports = join(dataDir, "exports");
    // (The recovery sheet saved during setup is in the same folder.)
    const pdf = readdirSync(exports).find((f) => f.endsWith(".pdf") && f.includes(number));
    assert.ok(pdf, `the agreement PDF was saved: ${readdirSync(exports).join(", ")}`);
    const text = execFileSync("pdftotext", [join(exports, pdf), "-"], { encoding: "utf8" });
    assert.ok(text.includes(CLIENT.name), "the PDF names the client");
    assert.ok(text.includes(number), "the PDF carries the agreement number");
    assert.ok(existsSync(join(exports, pdf)));

    // A retention certificate from the statement held: numbered, stored, re-printed as a PDF.
    await press(browser, "tab-documents");
    await press(browser, "certificate-issue");
    await waitForText(browser, tid("documents-notice"), "BG-", 15000);
    await waitForContent(browser, tid("documents-list"), "会计档案保管证明-BG-", 15000);
    await (await browser.$(`${tid("documents-list")} tbody tr:first-child ${tid("document-save")}`)).click();
    await browser.waitUntil(() => readdirSync(exports).some((f) => f.startsWith("会计档案保管证明-BG-")), {
      timeout: 30000,
      timeoutMsg: `the certificate was not saved: ${readdirSync(exports).join(", ")}`,
    });
    const certificate = readdirSync(exports).find((f) => f.startsWith("会计档案保管证明-BG-"));
    const certText = execFileSync("pdftotext", [join(exports, certificate), "-"], { encoding: "utf8" });
    assert.ok(certText.includes("会计档案保管证明"), "the certificate has its title");
    assert.ok(certText.includes(CLIENT.name), "the certificate names the client");
    assert.ok(certText.includes("2035-12-31"), "the certificate gives the statement's expiry");

    // The print is in the audit log.
    await press(browser, "nav-compliance");
    await press(browser, "compliance-tab-audit");
    await waitForContent(browser, tid("audit-table"), "agreement", 15000).catch(async () => {
      await waitForContent(browser, tid("audit-table"), "协议", 15000);
    });

    // Retention schedule: a period below the legal minimum is refused.
    await press(browser, "nav-records");
    await waitForTestId(browser, "retention-schedule", 15000);
    await waitForContent(browser, tid("retention-bank_statements"), "10");
    await (await browser.$(`${tid("retention-bank_statements")} button`)).click();
    const years = await browser.$(`${tid("retention-bank_statements")} input[type="number"]`);
    await years.setValue("5");
    await (await browser.$(`${tid("retention-bank_statements")} .btn-primary`)).click();
    await waitForTestId(browser, "retention-error", 15000);
    await snap(browser, "records-retention");
  } finally {
    await stop();
  }
});
