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
});
