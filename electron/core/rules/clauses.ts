// The clause catalogue of shared/POLICY.md. `quote` is the source's own words (shared/seeds/), `zh`/`en` the short
// label staff read on the outcome panel. A pack may add clauses of newer notices; these ids always exist.
import type { Bilingual } from '../errors';

export interface Clause extends Bilingual {
  source: string;
  quote: string;
}

export const CLAUSES = {
  'N113-2': {
    source: '联防联控机制综发〔2022〕113号 第二条',
    zh: '仅特殊场所查验核酸阴性证明和健康码',
    en: 'Only special settings ask for a negative NAT and a health code',
    quote: '除养老院、福利院、医疗机构、托幼机构、中小学等特殊场所外，不要求提供核酸检测阴性证明，不查验健康码。重要机关、大型企业及一些特定场所可由属地自行确定防控措施。不再对跨地区流动人员查验核酸检测阴性证明和健康码，不再开展落地检。',
  },
  Q3: {
    source: '113号通知问答 第三问',
    zh: '进入特殊场所需核酸阴性证明；医疗机构不得推诿、拒诊急危重症患者',
    en: 'Special settings need a negative NAT; hospitals must not turn away emergency patients',
    quote: '进入养老院、福利院、托幼机构、中小学需提供核酸检测阴性证明……进入医疗机构就诊时需提供核酸检测阴性证明，但医疗机构不得以没有核酸检测阴性证明推诿、拒诊急危重症患者。',
  },
  Q11: {
    source: '113号通知问答 第十一问',
    zh: '托幼机构、中小学查验核酸阴性证明和健康码',
    en: 'Childcare and schools check both the negative NAT and the health code',
    quote: '《通知》中明确要求托幼机构、中小学等特殊场所要查验核酸检测阴性证明和健康码。',
  },
  'N113-3': {
    source: '联防联控机制综发〔2022〕113号 第三条',
    zh: '感染者、密接者居家隔离，Ct值≥35解除隔离',
    en: 'Infected people and contacts isolate at home; release after Ct ≥ 35',
    quote: '隔离第6、7天连续2次核酸检测Ct值≥35解除隔离……具备居家隔离条件的密切接触者采取5天居家隔离。',
  },
  'N113-8': {
    source: '联防联控机制综发〔2022〕113号 第八条',
    zh: '“白名单”人员凭核酸阴性正常工作',
    en: 'White-list workers work normally with a negative NAT',
    quote: '将医务人员、公安、交通物流、商超、保供、水电气暖等保障基本医疗服务和社会正常运转人员纳入“白名单”管理。',
  },
  'N113-9': {
    source: '联防联控机制综发〔2022〕113号 第九条',
    zh: '确保就医、紧急避险外出渠道畅通',
    en: 'Ways out for medical care and emergencies stay open',
    quote: '严禁以各种方式封堵消防通道、单元门、小区门，确保群众看病就医、紧急避险等外出渠道通畅。',
  },
  'N101-9': {
    source: '联防联控机制综发〔2022〕101号 第二条第（九）项',
    zh: '阳性判定标准为Ct值<35；Ct值35—40需评估复检',
    en: 'Positive means Ct < 35; Ct 35–40 is assessed and re-tested',
    quote: '明确入境人员阳性判定标准为核酸检测Ct值<35，对解除集中隔离时核酸检测Ct值35—40的人员进行风险评估。',
  },
  'N101-17': {
    source: '联防联控机制综发〔2022〕101号 第二条第（十七）项',
    zh: '首诊负责、急危重症抢救，不得推诿拒诊',
    en: 'First-contact and emergency rescue rules: no patient is turned away',
    quote: '严格落实首诊负责制和急危重症抢救制度，不得以任何理由推诿拒诊。',
  },
  'N101-14': {
    source: '联防联控机制综发〔2022〕101号 第二条第（十四）项',
    zh: '养老院、精神专科医院、福利院属脆弱人群集中场所',
    en: 'Eldercare, psychiatric hospitals and welfare homes are vulnerable-group settings',
    quote: '优化对养老院、精神专科医院、福利院等脆弱人群集中场所的管理。',
  },
  TRIAGE: {
    source: '新冠病毒感染者分级分类就诊工作方案（2022年12月7日）',
    zh: '不得拒诊感染者；发热患者到发热门诊预检分诊',
    en: 'Infected patients are never refused; fever patients go to the fever clinic',
    quote: '发热门诊要有具备执业医师资格人员……具备预检、分诊、筛查功能。医疗机构要严格落实首诊负责制和急危重症抢救制度，不得以任何理由推诿拒诊。',
  },
  PI: {
    source: '最高检侵犯公民个人信息犯罪典型案例（2022年12月7日）',
    zh: '泄露、出售个人健康信息属犯罪',
    en: 'Leaking or selling personal health information is a crime',
    quote: '该批典型案例涵盖了公民个人信息信息、生物识别信息、行踪轨迹信息、健康生理信息等不同类型个人信息的全面保护。',
  },
} as const satisfies Record<string, Clause>;

/** A clause of POLICY.md: every citation written in code is one of these, checked by the compiler. */
export type PolicyClauseId = keyof typeof CLAUSES;
/** A clause a policy pack adds (a newer notice), known only at run time: checked when the pack is parsed. */
export type PackClauseId = string & { readonly __packClause: true };
/** Any clause a verdict may cite. */
export type ClauseId = PolicyClauseId | PackClauseId;

export const POLICY_CLAUSE_IDS = Object.keys(CLAUSES) as PolicyClauseId[];

/** POLICY.md's clause for an id, or undefined for an id it does not have. */
export function policyClause(id: string): Clause | undefined {
  return Object.hasOwn(CLAUSES, id) ? CLAUSES[id as PolicyClauseId] : undefined;
}
