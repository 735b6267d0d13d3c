import { register } from '../diagnostics/catalogue.js';

register({
  'report.error': { en: 'error', zh: '错误' },
  'report.errors': { en: 'errors', zh: '错误' },
  'report.warning': { en: 'warning', zh: '警告' },
  'report.warnings': { en: 'warnings', zh: '警告' },
  'report.info': { en: 'info', zh: '提示' },
  'report.infos': { en: 'infos', zh: '提示' },
  'report.witness': { en: 'witness', zh: '反例' },
  'report.region': { en: 'region', zh: '区间' },
  'report.see': { en: 'see', zh: '参见' },
  'report.hint': { en: 'hint', zh: '建议' },
  'report.clean': { en: 'no problems found', zh: '未发现问题' },
  'report.n-error': { en: '{n} error', zh: '{n} 个错误' },
  'report.n-errors': { en: '{n} errors', zh: '{n} 个错误' },
  'report.n-warning': { en: '{n} warning', zh: '{n} 个警告' },
  'report.n-warnings': { en: '{n} warnings', zh: '{n} 个警告' },
  'report.n-info': { en: '{n} info', zh: '{n} 条提示' },
  'report.n-infos': { en: '{n} infos', zh: '{n} 条提示' },
  'report.count-sep': { en: ', ', zh: '，' },
  'report.no-errors': { en: 'no errors', zh: '没有错误' },
  'report.not-shown': { en: '{n} warnings and infos not shown (--quiet)', zh: '另有 {n} 条警告和提示未显示（--quiet）' },
});
