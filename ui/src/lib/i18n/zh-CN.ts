/**
 * Simplified Chinese catalogue: the reference catalogue. Its key set defines `Catalogue`, so every
 * other catalogue must provide exactly the same keys. Placeholders are written `{name}`.
 */
export const zhCN = {
  app: {
    name: '账安 Ledgerlock',
    navLabel: '主导航',
  },
  nav: {
    overview: '概览',
    clients: '客户',
    reconciliation: '账目清理',
    records: '档案与证明',
    compliance: '合规',
    settings: '设置',
  },
  page: {
    overview: {
      empty: '这里将汇总需要您关注的事项：待复核工作、即将到期的协议、距上次备份的时间与待审批事项。',
    },
    clients: {
      empty: '这里将列出客户档案：基本信息、联系人、银行账户、信用评估与文件，敏感字段默认脱敏。',
    },
    reconciliation: {
      empty: '这里将进行账目清理：导入银行流水与账簿，逐笔核对差异并记录处理结果。',
    },
    records: {
      empty: '这里将保管客户档案资料与各类证明文件，记录借阅、归还与出具情况。',
    },
    compliance: {
      empty: '这里将跟踪合规事项：反洗钱客户身份识别、委托协议期限与操作留痕。',
    },
    settings: {
      empty: '这里将提供保险库、备份、用户与权限以及界面语言等设置。',
    },
  },
  lang: {
    switchTo: 'English',
    switchLabel: '切换界面语言为英文',
  },
  status: {
    label: '应用状态',
    loading: '正在读取状态…',
    version: '版本 {version}',
    offline: '离线 · 本地加密',
    dataDir: '数据目录',
    vault: {
      absent: '未创建保险库',
      locked: '已锁定',
      unlocked: '已解锁',
    },
  },
  error: {
    internal: '发生内部错误，请重试；如问题持续，请联系技术支持。',
    io: '读写本地文件失败：{path}',
    invalid_input: '输入内容无效：{field}',
    no_data_dir: '无法确定当前用户的数据目录，请检查系统用户设置。',
    vault_absent: '尚未创建保险库，请先在设置中创建。',
    vault_locked: '保险库已锁定，请先解锁。',
  },
} as const;
