// The only module components use to talk to Rust. Components never import bindings or tauri directly.
import {
  commands,
  type ClientLifecycle_Serialize,
  type DeletionOutcome_Serialize,
  type EngagementEnded_Serialize,
  type HandoverInput,
  type HandoverItem,
  type HeldRecord_Serialize,
  type HeldSource,
  type QuantityUnit,
  type RetentionSummary_Serialize,
  type AppError,
  type AgreementLanguage,
  type AgreementRequest,
  type AgreementStatus,
  type AgreementView_Serialize,
  type CertificateCheck,
  type DestructionListView_Serialize,
  type Disposition,
  type DocumentInput,
  type DocumentKind,
  type DocumentView,
  type DueClient,
  type HoldReason,
  type HoldView,
  type ListStatus,
  type ExpiringAgreement,
  type FirmProfile,
  type Period,
  type RecordClass,
  type ScheduleEntry,
  type AuditEntry_Serialize,
  type AuditFilter_Deserialize,
  type AuditReport_Serialize,
  type ChangeRequestView,
  type ClientDetail_Serialize,
  type ClientFilter_Deserialize,
  type ClientInput_Deserialize,
  type ClientSummary_Serialize,
  type ConsentInput_Deserialize,
  type ConsentView_Serialize,
  type SharingInput as SharingInputType,
  type SharingOutcome_Serialize,
  type SharingRecordView as SharingRecordViewType,
  type ImportColumn,
  type AccessFormat,
  type CreditInput,
  type ImportOutcome,
  type ImportPreview,
  type Field,
  type NewUser,
  type PasswordRules,
  type Role,
  type SetupResult,
  type StatusReport_Serialize,
  type UpdateOutcome_Serialize,
  type UserSummary_Serialize,
  type VaultSettings,
  type VersionView_Serialize,
  type WorkbenchView_Serialize,
  type ReconLine_Serialize,
  type ReconSuggestion_Serialize,
  type ReconFlag_Serialize,
  type ReconStatement_Serialize,
  type ReconSection as ReconSectionType,
  type BackupListing_Serialize,
  type BackupReport_Serialize,
  type BackupSettings,
  type BackupStatus_Serialize,
  type RestoreOutcome_Serialize,
  type ReconciliationSummary,
  type ReconProgress,
  type MappingView,
  type RegisterEntryView_Serialize,
  type EntryBody_Deserialize,
  type RegisterFilter_Deserialize,
  type TrendPoint_Serialize,
  type RegisterKind,
  type EntryStatus,
  type Signal,
  type ReportSummary,
  type PrivacyNotice,
  type SharingRegisterRow,
} from './bindings';
import { AppErrorException, toAppError } from './errors';

/** The Result shape tauri-specta commands resolve to (declared here: not every generator version exports it). */
export type Result<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };

export type {
  AgreementLanguage,
  AgreementStatus,
  AppStatus,
  BankAccountInput,
  BankAccountKind,
  ChangeRequestView,
  ClientKind,
  ClientStatus,
  ConsentScope,
  Category,
  SharingChannel,
  ContactInput,
  Field,
  FieldChange,
  TaxpayerStatus,
  AppError,
  AuditProblem,
  VaultState,
  ErrorCode,
  NewUser,
  PasswordRules,
  Role,
  SessionInfo,
  SetupResult,
  VaultSettings,
} from './bindings';
export { AppErrorException, toAppError } from './errors';

/** What `appStatus` returns: app status, keychain start-up problem, logged-in user. */
export type StatusReport = StatusReport_Serialize;
/** One audit log entry as listed. */
export type AuditEntry = AuditEntry_Serialize;
/** Which audit entries to list. */
export type AuditFilter = AuditFilter_Deserialize;
/** The result of verifying the audit chain. */
export type AuditReport = AuditReport_Serialize;
/** A user as the administration screen lists it. */
export type UserSummary = UserSummary_Serialize;

/** A row of the client list. */
export type ClientSummary = ClientSummary_Serialize;
/** Filters of the client list. */
export type ClientFilter = ClientFilter_Deserialize;
/** A client as typed in the form. */
export type ClientInput = ClientInput_Deserialize;
/** A client's record, sensitive values masked. */
export type ClientDetail = ClientDetail_Serialize;
/** What an update did. */
export type UpdateOutcome = UpdateOutcome_Serialize;
/** One version of a client's history. */
export type VersionView = VersionView_Serialize;

/** The reconciliation workbench (账目清理) as shown: panes, suggestions, flags, statement. */
export type WorkbenchView = WorkbenchView_Serialize;
/** A line of the bank or book pane. */
export type ReconLine = ReconLine_Serialize;
/** A pending match suggestion. */
export type ReconSuggestion = ReconSuggestion_Serialize;
/** Something the user should look at (duplicate, transposition, stale item…). */
export type ReconFlag = ReconFlag_Serialize;
/** The 银行存款余额调节表 from the current decisions. */
export type ReconStatement = ReconStatement_Serialize;
/** One section of the statement. */
export type ReconSection = ReconSectionType;
export type { LineStatus, MappingView, ReconPaneTotals, ReconProgress, ReconciliationStatus, ReconciliationSummary } from './bindings';

/** Backup settings (folder, interval, generations, restore-test interval). */
export type { BackupSettings } from './bindings';
/** Backup settings, history and what is due. */
export type BackupStatus = BackupStatus_Serialize;
/** A backup file found in the folder. */
export type BackupListing = BackupListing_Serialize;
/** What a verified or previewed backup holds. */
export type BackupReport = BackupReport_Serialize;
/** What a restore did. */
export type RestoreOutcome = RestoreOutcome_Serialize;

/** Returns the data of an ok Result, or throws an AppErrorException carrying the AppError. */
export function unwrap<T>(result: Result<T, AppError>): T {
  if (result.status === 'ok') return result.data;
  throw new AppErrorException(result.error);
}

/**
 * Runs a command and unwraps its Result. Every failure (a Rust AppError, or an invoke failure
 * such as running outside the Tauri webview) is rethrown as an AppErrorException.
 */
async function call<T>(run: () => Promise<Result<T, AppError>>): Promise<T> {
  let result: Result<T, AppError>;
  try {
    result = await run();
  } catch (caught) {
    throw new AppErrorException(toAppError(caught));
  }
  return unwrap(result);
}

/** Version, data folder, vault state, keychain problem and session. Not counted as activity. */
export function getStatus(): Promise<StatusReport> {
  return call(() => commands.appStatus());
}

/** The password rules to show before the user types. */
export function getPasswordRules(): Promise<PasswordRules> {
  return call(() => commands.passwordRules());
}

/** Creates the vault and its administrator (who is then logged in). */
export function setupVault(firmName: string, admin: NewUser): Promise<SetupResult> {
  return call(() => commands.setupVault(firmName, admin));
}

/** Checks the recovery-code groups the user typed back. */
export function confirmRecoveryCode(answers: string[]): Promise<boolean> {
  return call(() => commands.confirmRecoveryCode(answers));
}

/**
 * Renders the recovery sheet (PDF) for the code being confirmed and asks, in a native dialog,
 * where to save it. Resolves to the saved path, or null if the user cancelled.
 */
export function saveRecoverySheet(): Promise<string | null> {
  return call(() => commands.saveRecoverySheet());
}

/** Unlocks with this computer's keychain and logs in. */
export function unlock(username: string, password: string): Promise<null> {
  return call(() => commands.unlock(username, password));
}

/** Unlocks with the recovery code, logs in and re-enrols this computer's keychain. */
export function unlockWithRecovery(recoveryCode: string, username: string, password: string): Promise<null> {
  return call(() => commands.unlockWithRecovery(recoveryCode, username, password));
}

/** Locks the vault now. */
export function lock(): Promise<null> {
  return call(() => commands.lock());
}

/** Notes user activity for auto-lock. */
export function heartbeat(): Promise<null> {
  return call(() => commands.heartbeat());
}

/** Lists audit entries, newest first. */
export function auditEntries(filter: AuditFilter): Promise<AuditEntry[]> {
  return call(() => commands.auditEntries(filter));
}

/** Verifies the audit chain. */
export function verifyAudit(): Promise<AuditReport> {
  return call(() => commands.verifyAudit());
}

/** Reads the vault settings. */
export function getSettings(): Promise<VaultSettings> {
  return call(() => commands.getSettings());
}

/** Changes the vault settings (administrators). */
export function updateSettings(settings: VaultSettings): Promise<null> {
  return call(() => commands.updateSettings(settings));
}

/** Lists users (administrators). */
export function listUsers(): Promise<UserSummary[]> {
  return call(() => commands.listUsers());
}

/** Creates a user (administrators); returns the new id. */
export function createUser(user: NewUser, role: Role): Promise<number> {
  return call(() => commands.createUser(user, role));
}

/** Disables or re-enables a user (administrators). */
export function setUserDisabled(userId: number, disabled: boolean): Promise<null> {
  return call(() => commands.setUserDisabled(userId, disabled));
}

/** Sets a new password for a user (administrators). */
export function resetPassword(userId: number, password: string): Promise<null> {
  return call(() => commands.resetPassword(userId, password));
}

/** Replaces the clients assigned to a user (administrators). */
export function assignClients(userId: number, clients: string[]): Promise<null> {
  return call(() => commands.assignClients(userId, clients));
}

/** Changes the logged-in user's own password. */
export function changeOwnPassword(current: string, newPassword: string): Promise<null> {
  return call(() => commands.changeOwnPassword(current, newPassword));
}

/** Searches the clients the user may see (name, pinyin initials, codes, tails, tags). */
export function searchClients(query: string, filter: ClientFilter): Promise<ClientSummary[]> {
  return call(() => commands.searchClients(query, filter));
}

/** Creates a client; returns its id. */
export function createClient(input: ClientInput): Promise<string> {
  return call(() => commands.createClient(input));
}

/** A client's record, sensitive values masked. */
export function clientDetail(id: string): Promise<ClientDetail> {
  return call(() => commands.clientDetail(id));
}

/** Reveals one sensitive value with a reason (audited); `index` picks the contact or account. */
export function revealField(id: string, field: Field, index: number, reason: string): Promise<string> {
  return call(() => commands.revealField(id, field, index, reason));
}

/** Changes a client; sensitive changes by non-administrators wait for review. */
export function updateClient(id: string, input: ClientInput): Promise<UpdateOutcome> {
  return call(() => commands.updateClient(id, input));
}

/** A client's versions, newest first, masked. */
export function clientHistory(id: string): Promise<VersionView[]> {
  return call(() => commands.clientHistory(id));
}

/** Changes waiting for review that the user may review. */
export function pendingChanges(): Promise<ChangeRequestView[]> {
  return call(() => commands.pendingChanges());
}

/** Approves or rejects a change waiting for review. */
export function reviewChange(requestId: number, approve: boolean, comment: string): Promise<null> {
  return call(() => commands.reviewChange(requestId, approve, comment));
}

/** How a client's information was verified. */
export type VerifyMethod = 'phone' | 'documents' | 'in_person';

/** Marks a client's information verified, and how. */
export function verifyClient(id: string, method: VerifyMethod): Promise<null> {
  return call(() => commands.verifyClient(id, method));
}

/** A consent as recorded (PIPL): scope, whose, purpose, recipient, date, method. */
export type ConsentInput = ConsentInput_Deserialize;
/** A stored consent as listed. */
export type ConsentView = ConsentView_Serialize;

/** A client's consents, newest first. */
export function clientConsents(clientId: string): Promise<ConsentView[]> {
  return call(() => commands.clientConsents(clientId));
}

/** Records a consent; resolves to its id. */
export function recordConsent(clientId: string, input: ConsentInput): Promise<number> {
  return call(() => commands.recordConsent(clientId, input));
}

/** Records the withdrawal of a consent, effective on `on` (YYYY-MM-DD). */
export function withdrawConsent(consentId: number, on: string): Promise<null> {
  return call(() => commands.withdrawConsent(consentId, on));
}

/** A request to share a client's data with a third party. */
export type SharingInput = SharingInputType;
/** A sharing record as listed. */
export type SharingRecordView = SharingRecordViewType;
/** What a sharing export did: the record kept, where the file went, values in clear or not. */
export type SharingOutcome = SharingOutcome_Serialize;

/** Shares a client's data with a third party (needs a third-party consent in force). */
export function shareClient(clientId: string, input: SharingInput): Promise<SharingOutcome> {
  return call(() => commands.shareClient(clientId, input));
}

/** A client's sharing records, newest first. */
export function clientSharingRecords(clientId: string): Promise<SharingRecordView[]> {
  return call(() => commands.clientSharingRecords(clientId));
}

/** Fills the new vault with `count` fictional demo clients; resolves to how many were made. */
export function fillDemoClients(count: number): Promise<number> {
  return call(() => commands.fillDemoClients(count));
}

/** What a column of a client spreadsheet holds. */
export type { ImportColumn, ImportPreview, PreviewRow, RowProblem } from './bindings';

/** Reads a client spreadsheet and lists what importing it would do; stores nothing. */
export function previewClientImport(
  fileName: string,
  bytes: Uint8Array,
  mapping: (ImportColumn | null)[] | null,
): Promise<ImportPreview> {
  return call(() => commands.previewClientImport(fileName, Array.from(bytes), mapping));
}

/** Imports the good rows of a client spreadsheet in one transaction. */
export function importClients(
  fileName: string,
  bytes: Uint8Array,
  mapping: (ImportColumn | null)[],
): Promise<ImportOutcome> {
  return call(() => commands.importClients(fileName, Array.from(bytes), mapping));
}

export type { AccessFormat } from './bindings';

/** Exports everything held about a client (PIPL Art. 45); resolves to the saved path or null. */
export function clientAccessExport(clientId: string, format: AccessFormat): Promise<string | null> {
  return call(() => commands.clientAccessExport(clientId, format));
}

export type { CreditInput, CreditView } from './bindings';

/** Sets (or with null removes) a client's credit assessment; masked notes sent back are kept. */
export function setCreditAssessment(id: string, credit: CreditInput | null): Promise<null> {
  return call(() => commands.setCreditAssessment(id, credit));
}

/** Imports a bank statement and a ledger (file bytes read in the page) for a client and opens the workbench. */
export function reconcileStart(
  clientId: string | null,
  bankName: string,
  bankBytes: Uint8Array,
  ledgerName: string,
  ledgerBytes: Uint8Array,
): Promise<WorkbenchView> {
  return call(() => commands.reconcileStart(clientId, bankName, Array.from(bankBytes), ledgerName, Array.from(ledgerBytes)));
}

/** Saves the open workbench with its client (or `clientId` if it has none) as a draft, or final. */
export function reconcileSave(clientId: string | null, finalize: boolean): Promise<WorkbenchView> {
  return call(() => commands.reconcileSave(clientId, finalize));
}

/** A client's saved reconciliations, newest period first. */
export function reconcileSavedList(clientId: string): Promise<ReconciliationSummary[]> {
  return call(() => commands.reconcileSavedList(clientId));
}

/** Reopens a saved reconciliation as the open workbench. */
export function reconcileOpen(id: string): Promise<WorkbenchView> {
  return call(() => commands.reconcileOpen(id));
}

/** Deletes a saved draft. */
export function reconcileDelete(id: string): Promise<null> {
  return call(() => commands.reconcileDelete(id));
}

/** Imports the open workbench's files again with corrected columns, optionally saving them as templates. */
export function reconcileReimport(
  bank: MappingView | null,
  ledger: MappingView | null,
  bankTemplate: string | null,
  ledgerTemplate: string | null,
): Promise<WorkbenchView> {
  return call(() => commands.reconcileReimport(bank, ledger, bankTemplate, ledgerTemplate));
}

/** How far the running import and matching is, or null when none runs. */
export function reconcileProgress(): Promise<ReconProgress | null> {
  return call(() => commands.reconcileProgress());
}

/** The open workbench, or null when none is open. */
export function reconcileView(): Promise<WorkbenchView | null> {
  return call(() => commands.reconcileView());
}

/** Confirms a pending suggestion. */
export function reconcileConfirm(matchId: number): Promise<WorkbenchView> {
  return call(() => commands.reconcileConfirm(matchId));
}

/** Rejects a pending suggestion; its lines become open. */
export function reconcileReject(matchId: number): Promise<WorkbenchView> {
  return call(() => commands.reconcileReject(matchId));
}

/** Matches the selected lines by hand; a non-zero difference must be accepted. */
export function reconcileManual(bank: number[], book: number[], acceptDifference: boolean): Promise<WorkbenchView> {
  return call(() => commands.reconcileManual(bank, book, acceptDifference));
}

/** Undoes a match that counts; its lines become open. */
export function reconcileUnmatch(matchId: number): Promise<WorkbenchView> {
  return call(() => commands.reconcileUnmatch(matchId));
}

/** Reverses the last workbench action. */
export function reconcileUndo(): Promise<WorkbenchView> {
  return call(() => commands.reconcileUndo());
}

/** Bank minus book of a selection, as a decimal string. */
export function reconcileDifference(bank: number[], book: number[]): Promise<string> {
  return call(() => commands.reconcileDifference(bank, book));
}

/** Saves the statement as PDF; returns the path, or null if cancelled. */
export function reconcileExportPdf(firm: string | null): Promise<string | null> {
  return call(() => commands.reconcileExportPdf(firm));
}

/** Saves the statement and item lists as XLSX; returns the path, or null if cancelled. */
export function reconcileExportXlsx(): Promise<string | null> {
  return call(() => commands.reconcileExportXlsx());
}

/** A confidentiality agreement as listed: number, version, status today, term, the issued text. */
export type AgreementView = AgreementView_Serialize;
export type { AgreementRequest, ExpiringAgreement, FirmProfile, Period, RecordClass, ScheduleEntry };

/** Issues a confidentiality agreement for a client (a draft filled from the records). */
export function issueAgreement(clientId: string, request: AgreementRequest): Promise<AgreementView> {
  return call(() => commands.issueAgreement(clientId, request));
}

/** A client's agreements, newest first. */
export function clientAgreements(clientId: string): Promise<AgreementView[]> {
  return call(() => commands.clientAgreements(clientId));
}

/** Marks an agreement sent, signed (with the day, YYYY-MM-DD) or terminated. */
export function setAgreementStatus(
  id: number,
  status: AgreementStatus,
  signedOn: string | null,
): Promise<AgreementView> {
  return call(() => commands.setAgreementStatus(id, status, signedOn));
}

/** Renews a signed or expired agreement as a new draft version. */
export function renewAgreement(id: number): Promise<AgreementView> {
  return call(() => commands.renewAgreement(id));
}

/** Prints an agreement to PDF (audited); returns the saved path, or null if cancelled. */
export function saveAgreementPdf(id: number): Promise<string | null> {
  return call(() => commands.saveAgreementPdf(id));
}

/** Signed agreements ending within 30 days. */
export function expiringAgreements(): Promise<ExpiringAgreement[]> {
  return call(() => commands.expiringAgreements());
}

/** The firm as printed on documents. */
export function firmProfile(): Promise<FirmProfile> {
  return call(() => commands.firmProfile());
}

/** Changes the firm's registration code, address and representative (administrators). */
export function setFirmProfile(profile: FirmProfile): Promise<null> {
  return call(() => commands.setFirmProfile(profile));
}

/** The agreement template in force for a language. */
export function agreementTemplate(language: AgreementLanguage): Promise<string> {
  return call(() => commands.agreementTemplate(language));
}

/** Replaces a template (administrators); an empty text restores the built-in one. */
export function setAgreementTemplate(language: AgreementLanguage, text: string): Promise<null> {
  return call(() => commands.setAgreementTemplate(language, text));
}

/** The retention schedule in force, one entry per record class. */
export function retentionSchedule(): Promise<ScheduleEntry[]> {
  return call(() => commands.retentionSchedule());
}

/** Lengthens the period of a record class (administrators; never below the law's minimum). */
export function setRetentionPeriod(recordClass: RecordClass, period: Period): Promise<ScheduleEntry[]> {
  return call(() => commands.setRetentionPeriod(recordClass, period));
}

/** Backup settings, history and what is due. */
export function backupStatus(): Promise<BackupStatus> {
  return call(() => commands.backupStatus());
}

/** Changes the backup settings (administrators). */
export function backupUpdateSettings(settings: BackupSettings): Promise<null> {
  return call(() => commands.backupUpdateSettings(settings));
}

/** Asks for a backup folder in a native dialog; null if cancelled. */
export function backupPickFolder(): Promise<string | null> {
  return call(() => commands.backupPickFolder());
}

/** Makes a backup now (written, then verified). */
export function backupCreate(): Promise<BackupReport> {
  return call(() => commands.backupCreate());
}

/** The backups in the configured folder, newest first. */
export function backupList(): Promise<BackupListing[]> {
  return call(() => commands.backupList());
}

/** Verifies one backup fully. */
export function backupVerify(file: string): Promise<BackupReport> {
  return call(() => commands.backupVerify(file));
}

/** What a backup holds, before restoring it. */
export function backupPreview(file: string, recoveryCode: string | null): Promise<BackupReport> {
  return call(() => commands.backupPreview(file, recoveryCode));
}

/** Restores a backup (the vault locks; the previous one is kept aside until confirmed). */
export function backupRestore(file: string, recoveryCode: string | null): Promise<RestoreOutcome> {
  return call(() => commands.backupRestore(file, recoveryCode));
}

/** Confirms the restore: the previous vault is deleted. */
export function backupConfirmRestore(): Promise<null> {
  return call(() => commands.backupConfirmRestore());
}

/** Undoes the restore: the previous vault is put back (and the vault locks). */
export function backupUndoRestore(): Promise<null> {
  return call(() => commands.backupUndoRestore());
}

/** Runs a restore test on the newest backup now. */
export function restoreTest(): Promise<BackupReport> {
  return call(() => commands.restoreTest());
}

/** Asks for a backup file in a native dialog; null if cancelled. */
export function backupPickFile(): Promise<string | null> {
  return call(() => commands.backupPickFile());
}

/** What a backup holds, opened with the recovery code (first run on a new computer). */
export function backupPreviewNewMachine(file: string, recoveryCode: string): Promise<BackupReport> {
  return call(() => commands.backupPreviewNewMachine(file, recoveryCode));
}

/** Restores a backup with the recovery code on a computer with no vault yet. */
export function backupRestoreNewMachine(file: string, recoveryCode: string): Promise<RestoreOutcome> {
  return call(() => commands.backupRestoreNewMachine(file, recoveryCode));
}

export type { CertificateCheck, Disposition, DueClient, HoldReason, HoldView, ListStatus };
/** A destruction list with its signatories' names and, once executed, its checkpoint. */
export type DestructionListView = DestructionListView_Serialize;

/** Clients whose engagement ended, with what may be done with their data today. */
export function dueForDestruction(): Promise<DueClient[]> {
  return call(() => commands.dueForDestruction());
}

/** Places a legal hold on a client's records (administrators). */
export function placeHold(clientId: string, reason: HoldReason, note: string, on: string): Promise<number> {
  return call(() => commands.placeHold(clientId, reason, note, on));
}

/** Lifts a legal hold from a day (administrators). */
export function liftHold(id: number, on: string): Promise<null> {
  return call(() => commands.liftHold(id, on));
}

/** A client's legal holds. */
export function clientHolds(clientId: string): Promise<HoldView[]> {
  return call(() => commands.clientHolds(clientId));
}

/** Drafts a destruction list of due clients. */
export function draftDestructionList(clientIds: string[], appraisal: string): Promise<DestructionListView> {
  return call(() => commands.draftDestructionList(clientIds, appraisal));
}

/** Approves a destruction list (not its drafter; once per person). */
export function approveDestructionList(id: number, opinion: string): Promise<DestructionListView> {
  return call(() => commands.approveDestructionList(id, opinion));
}

/** The supervisor's check before (after = false) or confirmation after execution. */
export function superviseDestructionList(id: number, after: boolean, note: string): Promise<DestructionListView> {
  return call(() => commands.superviseDestructionList(id, after, note));
}

/** Executes a supervised destruction list (crypto-shredding). */
export function executeDestructionList(id: number): Promise<DestructionListView> {
  return call(() => commands.executeDestructionList(id));
}

/** The destruction register, newest first. */
export function destructionLists(): Promise<DestructionListView[]> {
  return call(() => commands.destructionLists());
}

/** Prints a destruction certificate (audited); returns the saved path, or null if cancelled. */
export function saveDestructionCertificate(id: number): Promise<string | null> {
  return call(() => commands.saveDestructionCertificate(id));
}

/** Checks a destruction certificate's code against the audit log. */
export function verifyCertificate(number: string, code: string): Promise<CertificateCheck> {
  return call(() => commands.verifyCertificate(number, code));
}

export type { DocumentKind, DocumentView, DocumentInput };

/** Adds a document (bytes read in the page) to a client, sealed; audited. */
export function addDocument(clientId: string, input: DocumentInput, bytes: Uint8Array): Promise<DocumentView> {
  return call(() => commands.addDocument(clientId, input, Array.from(bytes)));
}

/** A client's documents with each one's retention expiry. */
export function clientDocuments(clientId: string): Promise<DocumentView[]> {
  return call(() => commands.clientDocuments(clientId));
}

/** Opens a document (audited) and saves a copy; returns the path, or null if cancelled. */
export function saveDocument(id: number): Promise<string | null> {
  return call(() => commands.saveDocument(id));
}

// ── Compliance: registers, sharing register, signals, trends, report, privacy notice ──

export type {
  RegisterKind,
  EntryStatus,
  RiskLevel,
  RequestType,
  DisputeSubject,
  Resolution,
  TrainingResult,
  AssessmentSubject,
  Signal,
  SignalCode,
  SignalItem,
  SignalLevel,
  ReportSummary,
  RegisterFigures,
  PrivacyNotice,
  SharingRegisterRow,
} from './bindings';
/** A register entry as shown. */
export type RegisterEntryView = RegisterEntryView_Serialize;
/** A register entry's content as sent (tagged by `kind`). */
export type EntryBody = EntryBody_Deserialize;
/** Filters of a register list. */
export type RegisterFilter = RegisterFilter_Deserialize;
/** One month of the compliance trend. */
export type TrendPoint = TrendPoint_Serialize;

/** Register entries matching `filter`, newest first. */
export function registerEntries(filter: RegisterFilter): Promise<RegisterEntryView[]> {
  return call(() => commands.registerEntries(filter));
}

/** One register entry. */
export function registerEntry(id: number): Promise<RegisterEntryView> {
  return call(() => commands.registerEntry(id));
}

/** Records a new register entry (validated and numbered by the core). */
export function createRegisterEntry(body: EntryBody): Promise<RegisterEntryView> {
  return call(() => commands.createRegisterEntry(body));
}

/** Changes an entry's content; `revision` is the one read. */
export function updateRegisterEntry(id: number, revision: number, body: EntryBody): Promise<RegisterEntryView> {
  return call(() => commands.updateRegisterEntry(id, revision, body));
}

/** Moves an entry through its workflow with a note. */
export function setRegisterStatus(id: number, revision: number, status: EntryStatus, note: string): Promise<RegisterEntryView> {
  return call(() => commands.setRegisterStatus(id, revision, status, note));
}

/** Every sharing record of the clients this user may see. */
export function sharingRegister(): Promise<SharingRegisterRow[]> {
  return call(() => commands.sharingRegister());
}

/** The risk signals today. */
export function complianceSignals(): Promise<Signal[]> {
  return call(() => commands.complianceSignals());
}

/** The 12-month trend. */
export function complianceTrends(): Promise<TrendPoint[]> {
  return call(() => commands.complianceTrends());
}

/** The report's figures for a period (YYYY-MM-DD). */
export function complianceSummary(from: string, to: string): Promise<ReportSummary> {
  return call(() => commands.complianceSummary(from, to));
}

/** Prints the compliance report (PDF, or the XLSX of its lists); returns the path, or null. */
export function saveComplianceReport(from: string, to: string, xlsx: boolean): Promise<string | null> {
  return call(() => commands.saveComplianceReport(from, to, xlsx));
}

/** Exports a register as CSV or PDF; returns the path, or null. */
export function saveRegisterExport(kind: RegisterKind, pdf: boolean): Promise<string | null> {
  return call(() => commands.saveRegisterExport(kind, pdf));
}

/** The privacy notice's template, contact line and effective date. */
export function privacyNotice(): Promise<PrivacyNotice> {
  return call(() => commands.privacyNotice());
}

/** Changes the privacy notice (administrators). */
export function setPrivacyNotice(notice: PrivacyNotice): Promise<void> {
  return call(() => commands.setPrivacyNotice(notice)).then(() => undefined);
}

/** Prints the privacy notice; returns the path, or null. */
export function savePrivacyNotice(): Promise<string | null> {
  return call(() => commands.savePrivacyNotice());
}

// A client's lifecycle: engagement end with the hand-over register (移交清册), PIPL Art. 47
// deletion requests (storage only), the administrator's view for a legal purpose, retention
// certificates and signed agreement scans.
export type { HandoverInput, HandoverItem, QuantityUnit, HeldSource };
/** Status, engagement end, hand-over register and storage-only state of a client. */
export type ClientLifecycle = ClientLifecycle_Serialize;
/** What the firm keeps (until when) and what may go when an engagement ends. */
export type RetentionSummary = RetentionSummary_Serialize;
/** A record the firm holds, with its class, period and expiry. */
export type HeldRecord = HeldRecord_Serialize;
/** The result of ending an engagement. */
export type EngagementEnded = EngagementEnded_Serialize;
/** Storage only (until a day) or due for destruction at once. */
export type DeletionOutcome = DeletionOutcome_Serialize;

/** A client's lifecycle state (readable even when the client is stored only). */
export function clientLifecycle(clientId: string): Promise<ClientLifecycle> {
  return call(() => commands.clientLifecycle(clientId));
}

/** What ending the engagement on `engagementEnd` would mean for the records the firm holds. */
export function engagementEndSummary(clientId: string, engagementEnd: string): Promise<RetentionSummary> {
  return call(() => commands.engagementEndSummary(clientId, engagementEnd));
}

/** Ends the engagement with its hand-over register (stored sealed; print with saveDocument). */
export function endEngagement(clientId: string, input: HandoverInput): Promise<EngagementEnded> {
  return call(() => commands.endEngagement(clientId, input));
}

/** Applies a PIPL Art. 47 deletion request (administrators). */
export function applyDeletionRequest(clientId: string, requestRef: string): Promise<DeletionOutcome> {
  return call(() => commands.applyDeletionRequest(clientId, requestRef));
}

/** Opens a stored-only client for a stated legal purpose (administrators; audited). */
export function openStorageOnlyClient(clientId: string, purpose: string): Promise<ClientDetail> {
  return call(() => commands.openStorageOnlyClient(clientId, purpose));
}

/** Issues a retention certificate (保管证明) and stores its PDF; re-print with saveDocument. */
export function issueRetentionCertificate(clientId: string): Promise<DocumentView> {
  return call(() => commands.issueRetentionCertificate(clientId));
}

/** Attaches the signed scan (PDF, JPEG, PNG) of a signed agreement. */
export function attachSignedAgreement(id: number, fileName: string, bytes: Uint8Array): Promise<DocumentView> {
  return call(() => commands.attachSignedAgreement(id, fileName, Array.from(bytes)));
}

/** Acts on a deletion request of the register (PIPL Art. 47; administrators). */
export function answerDeletionRequest(id: number, revision: number): Promise<RegisterEntryView> {
  return call(() => commands.answerDeletionRequest(id, revision));
}
