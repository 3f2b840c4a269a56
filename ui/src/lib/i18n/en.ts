import type { Catalogue } from './catalogue';

/** English catalogue. Typed as `Catalogue`, so a missing or extra key is a type error. */
export const en: Catalogue = {
  app: {
    name: '账安 Ledgerlock',
    navLabel: 'Main navigation',
  },
  nav: {
    overview: 'Overview',
    clients: 'Clients',
    reconciliation: 'Reconciliation',
    records: 'Records & certificates',
    compliance: 'Compliance',
    settings: 'Settings',
  },
  page: {
    overview: {
      empty:
        'Items that need your attention will be gathered here: due reviews, expiring agreements, backup age and pending approvals.',
    },
    clients: {
      empty:
        'Client records will be listed here: basic data, contacts, bank accounts, credit assessments and documents, with sensitive fields masked by default.',
    },
    reconciliation: {
      empty:
        'Books will be reconciled here: import bank statements and ledgers, review each difference and record how it was resolved.',
    },
    records: {
      empty:
        'Client files and certificates will be kept here, with a record of each loan, return and issue.',
    },
    compliance: {
      empty:
        'Compliance tasks will be tracked here: anti-money-laundering client identification, engagement agreement terms and an audit trail.',
    },
    settings: {
      empty:
        'Settings for the vault, backups, users and permissions, and the interface language will be here.',
    },
  },
  lang: {
    switchTo: '中文',
    switchLabel: 'Switch interface language to Chinese',
  },
  status: {
    label: 'Application status',
    loading: 'Reading status…',
    version: 'Version {version}',
    offline: 'Offline · local, encrypted',
    dataDir: 'Data folder',
    vault: {
      absent: 'Vault not set up',
      locked: 'Locked',
      unlocked: 'Unlocked',
    },
  },
  error: {
    internal: 'An internal error occurred. Please try again; if it persists, contact support.',
    io: 'Could not read or write a local file: {path}',
    invalid_input: 'Invalid input: {field}',
    no_data_dir: 'No data folder could be determined for this user. Please check the system user settings.',
    vault_absent: 'No vault has been set up yet. Create one in Settings first.',
    vault_locked: 'The vault is locked. Unlock it first.',
  },
};
