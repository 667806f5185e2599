// Fixed words for outcomes, routes and categories, Chinese first; shared by the station screen and the CSV export.
// Fixed words of the station, Chinese first. Outcome and category names are shown in both languages.
import type { Category, Outcome, Route } from './types';

export const OUTCOME_WORDS: Record<Outcome, { zh: string; en: string; icon: string }> = {
  admit: { zh: '准予进入', en: 'Admit', icon: '✓' },
  'admit-emergency': { zh: '立即放行', en: 'Admit now — emergency', icon: '✚' },
  route: { zh: '引导分诊', en: 'Route', icon: '➜' },
  need: { zh: '需补充证明', en: 'Proof needed', icon: '!' },
  refuse: { zh: '暂不能进入', en: 'Not admitted', icon: '✕' },
};

export const ROUTE_WORDS: Record<Route, { zh: string; en: string }> = {
  'fever-clinic': { zh: '请到发热门诊', en: 'To the fever clinic' },
  'on-site-test': { zh: '请到现场采样点 / 缓冲区', en: 'To on-site sampling / the buffer area' },
};

export const CATEGORY_WORDS: Record<Category, { zh: string; en: string }> = {
  visitor: { zh: '访客', en: 'Visitor' },
  staff: { zh: '工作人员', en: 'Staff' },
  worker: { zh: '外来作业人员', en: 'Worker' },
  student: { zh: '学生', en: 'Student' },
  resident: { zh: '住养人员', en: 'Resident' },
  patient: { zh: '就诊患者', en: 'Patient' },
  'emergency-patient': { zh: '急危重症患者', en: 'Emergency patient' },
  escort: { zh: '陪护/接送', en: 'Escort' },
  responder: { zh: '应急救援人员', en: 'Responder' },
};
