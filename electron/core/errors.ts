// Error codes shared by every layer. Expected outcomes (refuse, need, an unreadable code) are values, not errors;
// these codes are for what stops an operation. Messages are for gate staff: short, Chinese first, what to do next.

export type AppErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_SET_UP'
  | 'PROFILE_INVALID'
  | 'PACK_INVALID'
  | 'PACK_UNSIGNED'
  | 'PACK_SIGNATURE'
  | 'CATEGORY_NOT_APPLICABLE'
  | 'DB_READ_ONLY'
  | 'DB_CORRUPT'
  | 'DB_BUSY'
  | 'DB_FULL'
  | 'DB_FROM_NEWER_VERSION'
  | 'DB_LOCKED_BY_OTHER_PROCESS'
  | 'REGISTER_MISSING'
  | 'REGISTER_WENT_BACK'
  | 'KEY_MISSING'
  | 'KEY_DAMAGED'
  | 'CLOCK_JUMP'
  | 'EXPORT_WRITE_FAILED'
  | 'TRUST_INVALID'
  | 'FORBIDDEN'
  | 'WRONG_PIN'
  | 'PIN_LOCKED'
  | 'PHONE_CHECK_REQUIRED'
  | 'SIGNED_OUT'
  | 'ALREADY_SET_UP'
  | 'TOO_LARGE'
  | 'HOST_TOKEN'
  | 'HOST_UNREACHABLE'
  | 'VENUE_UNREACHABLE'
  | 'VENUE_DENIED'
  | 'VENUE_TLS_REQUIRED'
  | 'VENUE_TLS_FAILED'
  | 'VENUE_NOT_JOINED'
  | 'VENUE_ALREADY_JOINED'
  | 'VENUE_NOT_FOUND'
  | 'VENUE_ADMIN_KEY'
  | 'VENUE_INVITE'
  | 'VENUE_SIGNATURE'
  | 'VENUE_PASSPHRASE'
  | 'SCAN_TAKEN'
  | 'INTERNAL';

export interface Bilingual {
  zh: string;
  en: string;
}

/** What staff see for each code. Never a stack trace, SQL or a file path. */
export const USER_MESSAGES: Record<AppErrorCode, Bilingual> = {
  INVALID_INPUT: { zh: '输入无效，请重试。', en: 'The input is not valid. Please try again.' },
  NOT_SET_UP: { zh: '本岗尚未设置场所规则，请管理员完成设置。', en: 'This station has no venue profile yet. Ask an admin to finish setup.' },
  PROFILE_INVALID: { zh: '场所规则设置有误，请管理员检查。', en: 'The venue profile is not valid. Ask an admin to check it.' },
  PACK_INVALID: { zh: '政策包文件有误，无法载入。', en: 'The policy pack file is not valid and cannot be loaded.' },
  PACK_UNSIGNED: { zh: '政策包未签名，未导入：只接受发布方签名的政策包。当前政策包保持不变。', en: 'The policy pack is not signed and was not imported: only packs signed by the publisher are accepted. The current pack is kept.' },
  PACK_SIGNATURE: { zh: '政策包签名无效或签名方不受信任，未导入。当前政策包保持不变。', en: 'The policy pack\'s signature is not valid or its signer is not trusted; not imported. The current pack is kept.' },
  CATEGORY_NOT_APPLICABLE: { zh: '此类人员不适用于本场所，请重新选择人员类别。', en: 'That entrant category does not apply at this venue. Choose another.' },
  DB_READ_ONLY: { zh: '登记库只读，无法写入。请联系技术人员检查磁盘。', en: 'The register is read-only. Ask IT to check the disk.' },
  DB_CORRUPT: { zh: '登记库文件损坏。请联系技术人员，切勿删除文件。', en: 'The register file is damaged. Call IT and do not delete the file.' },
  DB_BUSY: { zh: '登记库忙，请稍后重试。', en: 'The register is busy. Try again in a moment.' },
  DB_FULL: { zh: '磁盘已满，本次登记未写入。请联系技术人员清理磁盘。', en: 'The disk is full; this entry was not written. Ask IT to free space.' },
  DB_FROM_NEWER_VERSION: { zh: '登记库来自更新版本的软件，请升级本软件。', en: 'The register was written by a newer version of GateCheck. Update this app.' },
  DB_LOCKED_BY_OTHER_PROCESS: { zh: '登记库正被另一个程序使用，请关闭另一个窗口。', en: 'Another GateCheck process is using this register. Close the other one.' },
  REGISTER_MISSING: { zh: '登记库文件缺失或为空，但本机已有登记密钥：为免另起新库，程序已停止。请从备份恢复 register.sqlite（连同同名 -wal 文件）后重启。', en: 'The register file is missing or empty although this station has a register key: stopped rather than start a new register. Restore register.sqlite (with its -wal file) from a backup, then restart.' },
  REGISTER_WENT_BACK: { zh: '登记库比上次关闭时少了记录（可能在断电后丢失了 -wal 文件）：程序已停止，未写入任何内容。请从备份恢复登记库后重启，或由管理员运行 gatecheck accept 确认。', en: 'The register has fewer entries than when it was last closed (a -wal file lost after a crash?): stopped without writing. Restore the register from a backup and restart, or have an admin accept the loss (gatecheck accept).' },
  KEY_MISSING: { zh: '密钥文件（id-hash.key 或 venue.key）缺失，而登记库中已有用它生成的数据：程序已停止，未生成新密钥。请从备份恢复该文件后重启；或由管理员运行 gatecheck accept 确认更换。', en: 'A key file (id-hash.key or venue.key) is missing while the register holds data made with it: stopped without making a new key. Restore the file from a backup and restart, or have an admin accept a new one (gatecheck accept).' },
  KEY_DAMAGED: { zh: '登记密钥文件 id-hash.key 已损坏：程序已停止，未生成新密钥。请从备份恢复 id-hash.key 后重启。', en: 'The register key id-hash.key is damaged: stopped without making a new key. Restore id-hash.key from a backup and restart.' },
  CLOCK_JUMP: { zh: '本机时钟向前跳了一天以上：自动清理已暂停，请核对时间；确认无误后由管理员在设置中确认清理。', en: 'The clock jumped forward by more than a day: automatic purging is paused. Check the time; an admin confirms the purge in Settings.' },
  TRUST_INVALID: { zh: '信任列表文件有误，未导入；原列表保持不变。', en: 'The trust list file is not valid and was not imported; the current list is kept.' },
  EXPORT_WRITE_FAILED: { zh: '导出文件写入失败，请检查导出文件夹。', en: 'The export file could not be written. Check the export folder.' },
  FORBIDDEN: { zh: '无权执行此操作。', en: 'Not allowed.' },
  WRONG_PIN: { zh: 'PIN 不正确，请重试。', en: 'Wrong PIN. Try again.' },
  PIN_LOCKED: { zh: 'PIN 错误次数过多，已暂时锁定，请稍后再试。', en: 'Too many wrong PINs: locked for a while. Try again later.' },
  PHONE_CHECK_REQUIRED: { zh: '证书核验未通过：请先查看对方手机上的健康码和核酸结果，再按 K 确认。', en: 'The certificate failed verification: check the health code and NAT on the phone, then press K to confirm.' },
  SIGNED_OUT: { zh: '本岗已锁定，请操作员输入 PIN 登录。', en: 'The station is locked. Operator, sign in with your PIN.' },
  ALREADY_SET_UP: { zh: '本岗已完成设置；如需修改，请在设置中用管理员 PIN 修改。', en: 'This station is already set up; change it in Settings with the admin PIN.' },
  TOO_LARGE: { zh: '文件或内容过大，未处理。请拆分后重试。', en: 'The file or input is too large and was not processed. Split it and try again.' },
  HOST_TOKEN: { zh: '访问令牌无效，请用启动时打印的网址重新打开。', en: 'Bad access token: open the URL printed at start-up again.' },
  HOST_UNREACHABLE: { zh: '与本机服务的连接中断，请重试。', en: 'Lost the connection to the local host. Try again.' },
  VENUE_UNREACHABLE: { zh: '连不上场所登记库（网络或服务器中断）：本岗照常核验登记，恢复后自动补传。', en: 'The venue register cannot be reached (network or server down): this station goes on checking and recording, and catches up when it is back.' },
  VENUE_DENIED: { zh: '场所登记库拒绝了本岗的账号：请管理员检查本岗是否已加入场所。', en: 'The venue register refused this station\'s login. Ask an admin to check that the station has joined.' },
  VENUE_TLS_REQUIRED: { zh: '场所登记库不在本机：连接必须加密（sslmode=verify-full），未连接。', en: 'The venue register is not on this machine: the connection must use TLS (sslmode=verify-full); not connected.' },
  VENUE_TLS_FAILED: { zh: '场所登记库的证书无法验证（证书颁发机构或服务器名称不符）：未连接，未发送任何数据。请检查网址中的 sslrootcert 与服务器名称。', en: 'The venue register\'s certificate could not be verified (an unknown authority or the wrong server name): not connected, nothing sent. Check sslrootcert and the server name in the URL.' },
  VENUE_NOT_JOINED: { zh: '本岗尚未加入场所登记库：请管理员执行 venue join。', en: 'This station has not joined a venue register. An admin runs venue join.' },
  VENUE_ALREADY_JOINED: { zh: '本岗已加入场所登记库；重装的电脑用新的数据文件夹重新加入。', en: 'This station has already joined a venue register; a re-imaged station joins again from a new data folder.' },
  VENUE_ADMIN_KEY: { zh: '场所管理员密钥不符或缺失：加入场所需要管理员密钥文件（本机）或一次性加入码。', en: 'The venue admin key does not match or is missing: joining needs the admin key file (on this machine) or a one-time join code.' },
  VENUE_INVITE: { zh: '加入码无效：未知、已用过、已过期或不是为这个岗位名称开的。请管理员重新开一个（venue invite）。', en: 'The join code is not valid: unknown, already used, expired, or for another station name. Ask the admin for a new one (venue invite).' },
  VENUE_SIGNATURE: { zh: '场所服务器发来的文件没有管理员签名、签名不对或比本岗已有的旧：已拒绝，沿用上一份有效文件，并写入安全日志。请管理员检查服务器。', en: 'A file from the venue server is unsigned, wrongly signed or older than the one this station has: refused, the last good copy kept, and the security log written. Ask the admin to check the server.' },
  VENUE_PASSPHRASE: { zh: '场所管理员密钥文件的口令不对，或文件已损坏。', en: 'The passphrase of the venue admin key file is wrong, or the file is damaged.' },
  SCAN_TAKEN: { zh: '该串口扫码已由另一个页面登记。', en: 'This serial scan was recorded by another page already.' },
  VENUE_NOT_FOUND: { zh: '场所登记库中没有这个场所，或尚未初始化：请先执行 venue init。', en: 'The venue register has no such venue, or is not set up: run venue init first.' },
  INTERNAL: { zh: '程序内部错误，请重试；如反复出现请联系技术人员。', en: 'Internal error. Try again; if it repeats, call IT.' },
};

/** An error with a code that maps to a user message; `detail` is for logs and the command line, not for the screen. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly detail: string | undefined;
  /** For PIN_LOCKED: how long until the next attempt is checked (the screen counts it down). */
  readonly retryAfterMs: number | undefined;

  /** `cause` is the underlying failure (a SQLite or file-system error), kept for the log. */
  constructor(code: AppErrorCode, detail?: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(detail ? `${code}: ${detail}` : code, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}

/** An error's stack (or message), and its cause's, for the log: never for the screen. */
export function causeOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const own = err.stack ?? `${err.name}: ${err.message}`;
  return err.cause === undefined ? own : `${own}\n  caused by: ${causeOf(err.cause)}`;
}
