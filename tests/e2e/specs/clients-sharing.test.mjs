// Sharing a client's data with a third party (PIPL Art. 23) against the real app: with a
// third-party consent in force the export is written and recorded; once the consent is
// withdrawn the same request is refused with a message in the dialog.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  fill,
  launchApp,
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

const CLIENT = {
  name: "杭州华瑞科技有限公司",
  creditCode: "91350100M000100Y43",
  bank: "中国工商银行杭州文三路支行",
  account: "1202021209000123456",
};

const RECIPIENT = "杭州信达会计师事务所";

const L = {
  zh: { refused: "缺少有效的同意（向第三方提供的单独同意）" },
  en: { refused: "No consent in force (separate consent to providing data to a third party)" },
};

async function fillShareDialog(browser) {
  await press(browser, "client-share");
  await waitForTestId(browser, "share-recipient");
  await fill(browser, "share-recipient", RECIPIENT);
  await fill(browser, "share-contact", "陈审计 0571-88886666");
  await fill(browser, "share-purpose", "年度财务报表审计");
  const banks = await browser.$(tid("share-category-financial_account"));
  if (!(await banks.isSelected())) await banks.click();
}

test("clients: sharing with a third party needs a consent in force", { timeout: 300000 }, async () => {
  const { browser, stop } = await launchApp();
  try {
    await waitForTestId(browser, "setup-firm", 30000);
    await setupVault(browser, ADMIN);
    const text = L[(await uiLanguage(browser)) === "en" ? "en" : "zh"];

    await press(browser, "nav-clients");
    await press(browser, "clients-new");
    await fill(browser, "client-name", CLIENT.name);
    await fill(browser, "client-credit-code", CLIENT.creditCode);
    await fill(browser, "bank-name-0", CLIENT.bank);
    await fill(browser, "bank-account-0", CLIENT.account);
    await press(browser, "client-submit");
    await waitForText(browser, tid("client-detail-name"), CLIENT.name, 30000);

    // The client's separate consent to providing data to a third party.
    await press(browser, "tab-consents");
    await (await browser.$(tid("consent-scope"))).selectByAttribute("value", "third_party");
    await fill(browser, "consent-purpose", "年度审计资料提供");
    await fill(browser, "consent-recipient", RECIPIENT);
    await press(browser, "consent-submit");
    await waitForContent(browser, tid("consents-list"), RECIPIENT, 15000);

    // Share: the export is saved and a sharing record kept.
    await fillShareDialog(browser);
    await snap(browser, "client-share-dialog");
    await press(browser, "share-submit");
    const outcome = await waitForText(browser, tid("share-outcome"), ".json", 30000);
    const path = outcome.match(/\S+\.json/)?.[0];
    assert.ok(path, `no export path in "${outcome}"`);
    const exported = JSON.parse(readFileSync(path, "utf8"));
    assert.equal(exported.recipient.name, RECIPIENT);
    assert.equal(exported.client.name, CLIENT.name);
    assert.equal(exported.client.bankAccounts[0].account, CLIENT.account);

    // Withdraw the consent: the same request is refused, with the reason in the dialog.
    const withdraw = await browser.$('[data-testid^="consent-withdraw-"]');
    await withdraw.click();
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid^="consent-withdraw-"]')).isExisting()), {
      timeout: 15000,
      timeoutMsg: "the withdrawal was not recorded",
    });
    await fillShareDialog(browser);
    await press(browser, "share-submit");
    await waitForText(browser, tid("share-error"), text.refused, 15000);
    await snap(browser, "client-share-refused");
  } finally {
    await stop();
  }
});
