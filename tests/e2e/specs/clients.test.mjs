// Clients against the real app: create with a contact and a bank account, find by pinyin
// initials, a per-field validation message, an audited reveal, and a bank account change by an
// accountant that waits for an administrator's review on the Overview page.
import { test } from "node:test";
import assert from "node:assert/strict";
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
const ACCOUNTANT = { username: "likuaiji", displayName: "李会计", password: "Kuaiji2024pw" };

const FIRST = {
  name: "杭州华瑞科技有限公司",
  creditCode: "91350100M000100Y43",
  contact: "张敏",
  phone: "13800138000",
  bank: "中国工商银行杭州文三路支行",
  account: "1202021209000123456",
};
const SECOND = {
  name: "宁波明远贸易有限公司",
  creditCode: "91350100M000200Y4T",
  bank: "宁波银行江北支行",
  account: "1202021209000123456",
  newAccount: "1202021209000999999",
};

const L = {
  zh: {
    checkDigit: "统一社会信用代码校验位不正确",
    revealed: "显示敏感信息",
    sentForReview: "已提交复核",
  },
  en: {
    checkDigit: "The check character of the unified social credit code is wrong",
    revealed: "Sensitive value revealed",
    sentForReview: "Sent for review",
  },
};

/** Searches the client list for `query` and opens the first row with the keyboard. */
async function openClient(browser, query, name) {
  // Via another area: the Clients area opens on its list.
  await press(browser, "nav-overview");
  await press(browser, "nav-clients");
  await fill(browser, "clients-search", query);
  // Wait for the search itself (debounced), not the unfiltered list: one matching row.
  const row = await browser.$(`${tid("clients-table")} [data-row-index="0"]`);
  await browser.waitUntil(
    async () =>
      (await row.isExisting()) &&
      ((await row.getProperty("textContent")) ?? "").includes(name) &&
      !(await (await browser.$(`${tid("clients-table")} [data-row-index="1"]`)).isExisting()),
    { timeout: 15000, timeoutMsg: `the search for "${query}" never showed only ${name}` },
  );
  await row.click();
  await browser.keys(["Enter"]);
  await waitForText(browser, tid("client-detail-name"), name);
}

async function lock(browser) {
  await press(browser, "lock-button");
  await waitForTestId(browser, "login-username", 15000);
}

test("clients: create, search, field errors, reveal, and a reviewed bank account change", { timeout: 300000 }, async () => {
  const { browser, stop } = await launchApp();
  try {
    await waitForTestId(browser, "setup-firm", 30000);
    await setupVault(browser, ADMIN);
    const text = L[await uiLanguage(browser)];

    // Create a company with a contact and a bank account; the detail opens.
    await press(browser, "nav-clients");
    await press(browser, "clients-new");
    await fill(browser, "client-name", FIRST.name);
    await fill(browser, "client-credit-code", FIRST.creditCode);
    await fill(browser, "contact-name-0", FIRST.contact);
    await fill(browser, "contact-phone-0", FIRST.phone);
    await fill(browser, "bank-name-0", FIRST.bank);
    await fill(browser, "bank-account-0", FIRST.account);
    await press(browser, "client-submit");
    await waitForText(browser, tid("client-detail-name"), FIRST.name, 30000);

    // The list shows it; the pinyin initials find it.
    await press(browser, "client-back");
    await waitForContent(browser, tid("clients-table"), FIRST.name);
    await waitForContent(browser, tid("clients-table"), FIRST.creditCode);
    await fill(browser, "clients-search", "hzhr");
    await waitForContent(browser, tid("clients-table"), FIRST.name);
    await snap(browser, "clients-list");

    // A wrong check character is reported at the credit-code input.
    await press(browser, "clients-new");
    await fill(browser, "client-name", "福州测试有限公司");
    await fill(browser, "client-credit-code", "91350100M000100Y44");
    await press(browser, "client-submit");
    const error = await waitForTestId(browser, "field-error", 15000);
    assert.equal(await error.getAttribute("data-field"), "client.credit_code");
    await waitForText(browser, tid("field-error"), text.checkDigit);
    assert.equal(
      await (await browser.$(tid("client-credit-code"))).getAttribute("aria-invalid"),
      "true",
      "the credit-code input is marked invalid",
    );

    // Reveal the bank account with a reason: shown in clear, and logged.
    await openClient(browser, "hzhr", FIRST.name);
    await press(browser, "tab-banks");
    await press(browser, "reveal-bank_account-0");
    await fill(browser, "reveal-reason", "核对开户行信息");
    await press(browser, "reveal-confirm");
    await waitForText(browser, tid("revealed-value"), FIRST.account);
    await snap(browser, "client-detail");
    await press(browser, "nav-compliance");
    await press(browser, "compliance-tab-audit");
    await waitForContent(browser, tid("audit-table"), text.revealed, 15000);

    // Consents: record a third-party consent, then its withdrawal.
    await press(browser, "nav-clients");
    await openClient(browser, "hzhr", FIRST.name);
    await press(browser, "tab-consents");
    await (await browser.$(tid("consent-scope"))).selectByAttribute("value", "third_party");
    await fill(browser, "consent-purpose", "年度审计资料提供");
    await fill(browser, "consent-recipient", "杭州某会计师事务所");
    await press(browser, "consent-submit");
    await waitForContent(browser, tid("consents-list"), "杭州某会计师事务所", 15000);
    await snap(browser, "client-consents");
    const withdraw = await browser.$('[data-testid^="consent-withdraw-"]');
    const consentId = (await withdraw.getAttribute("data-testid")).replace("consent-withdraw-", "");
    await withdraw.click();
    await browser.waitUntil(
      async () => /撤回|Withdrawn/.test(await (await browser.$(tid(`consent-state-${consentId}`))).getText()),
      { timeout: 15000, timeoutMsg: "the withdrawal was not recorded" },
    );

    // An accountant (auto-assigned to the clients they create).
    await press(browser, "nav-settings");
    await waitForTestId(browser, "users-table");
    await fill(browser, "user-create-username", ACCOUNTANT.username);
    await fill(browser, "user-create-display-name", ACCOUNTANT.displayName);
    await fill(browser, "user-create-password", ACCOUNTANT.password);
    await press(browser, "user-create-submit");
    await waitForText(browser, tid("users-table"), ACCOUNTANT.username, 30000);
    // The administrator assigns the first client to the accountant.
    await (await browser.$(`[data-user="${ACCOUNTANT.username}"] [data-testid="user-assign"]`)).click();
    const option = await browser.$(`[data-testid="assign-option"][data-name="${FIRST.name}"]`);
    await option.waitForExist({ timeout: 15000 });
    await option.click();
    await press(browser, "assign-save");
    await browser.waitUntil(async () => !(await (await browser.$(tid("assign-form"))).isExisting()), {
      timeout: 15000,
      timeoutMsg: "the assignment was not saved",
    });
    await lock(browser);
    await login(browser, ACCOUNTANT.username, ACCOUNTANT.password);

    // The accountant sees the assigned client.
    await press(browser, "nav-clients");
    await waitForContent(browser, tid("clients-table"), FIRST.name, 15000);
    await press(browser, "nav-overview");

    // The accountant may not review: no review card on the Overview page.
    await waitForText(browser, tid("page-title"), "");
    assert.equal(await (await browser.$(tid("review-queue"))).isExisting(), false, "no review card");
    await press(browser, "nav-clients");
    await press(browser, "clients-new");
    await fill(browser, "client-name", SECOND.name);
    await fill(browser, "client-credit-code", SECOND.creditCode);
    await fill(browser, "bank-name-0", SECOND.bank);
    await fill(browser, "bank-account-0", SECOND.account);
    await press(browser, "client-submit");
    await waitForText(browser, tid("client-detail-name"), SECOND.name, 30000);

    // Changing the bank account waits for review.
    await press(browser, "client-edit");
    const account = await waitForTestId(browser, "bank-account-0", 30000);
    // The edit form starts from the masked value: editing reveals nothing.
    await browser.waitUntil(
      async () => {
        const shown = await account.getValue();
        return shown.endsWith(SECOND.account.slice(-4)) && !shown.includes(SECOND.account);
      },
      { timeout: 15000, timeoutMsg: "the edit form did not show the masked account number" },
    );
    await account.setValue(SECOND.newAccount);
    await press(browser, "client-submit");
    await waitForText(browser, tid("client-notice"), text.sentForReview, 30000);
    await press(browser, "tab-banks");
    await waitForText(browser, tid("client-banks"), SECOND.account.slice(-4));

    // The administrator approves it on the Overview page.
    await lock(browser);
    await login(browser, ADMIN.username, ADMIN.password);
    await press(browser, "nav-overview");
    await waitForText(browser, tid("review-queue"), SECOND.name, 30000);
    await snap(browser, "review-queue");
    const approve = await browser.$(`[data-testid^="review-approve-"]`);
    await approve.waitForClickable({ timeout: 15000 });
    await approve.click();
    await waitForTestId(browser, "review-empty", 30000);

    // The client's bank account now ends with the new digits.
    await openClient(browser, SECOND.name, SECOND.name);
    await press(browser, "tab-banks");
    await waitForText(browser, tid("client-banks"), SECOND.newAccount.slice(-4));
  } finally {
    await stop();
  }
});
