/**
 * The CLI's own sentences (usage errors, what a command wrote or skipped), in
 * English and Chinese like every diagnostic. Commands print `t(key, …)`, never
 * an English literal, so `--lang zh` (or `locale: zh` in rulebook.yaml) reads
 * in Chinese end to end.
 */
import { register } from '../diagnostics/catalogue.js';

register({
  'cli.internal-error': { en: 'internal error: {reason}', zh: '内部错误：{reason}' },
  'cli.internal-error-report': {
    en: 'please report this with the input that caused it (RULEBOOK_DEBUG=1 shows the stack)',
    zh: '请连同引起它的输入一起报告此问题（设置 RULEBOOK_DEBUG=1 可显示调用栈）',
  },
  'cli.step-summary': { en: 'cannot append to $GITHUB_STEP_SUMMARY', zh: '无法追加到 $GITHUB_STEP_SUMMARY' },
  'cli.cannot-write': { en: 'cannot write `{file}`: {code}', zh: '无法写入 `{file}`：{code}' },
  'export.format': { en: 'unknown export format `{format}`; the one format is `dmn`', zh: '未知的导出格式 `{format}`；唯一支持的格式是 `dmn`' },
  'export.unknown-target': { en: 'no decision or document `{target}`', zh: '没有名为 `{target}` 的决策或文件' },
  'export.did-you-mean': { en: '; did you mean `{guess}`?', zh: '；是不是指 `{guess}`？' },
  'eval-cli.name': { en: 'name the decision to evaluate, e.g. `{example}`', zh: '请写出要计算的决策，例如 `{example}`' },
  'eval-cli.format': { en: 'unknown format `{format}`; use json, csv or pretty', zh: '未知的格式 `{format}`；请用 json、csv 或 pretty' },
  'eval-cli.both': { en: 'give `--input` or `--input-file`, not both', zh: '请给出 `--input` 或 `--input-file` 之一，不要同时给出' },
  'eval-cli.jobs': { en: '`{jobs}` is not a whole number from 1 up', zh: '`{jobs}` 不是大于等于 1 的整数' },
  'eval-cli.shard-batch': { en: 'it takes a batch: give `--input-file`', zh: '分片只用于批量计算：请给出 `--input-file`' },
  'eval-cli.no-decision': { en: 'no decision `{id}`', zh: '没有决策 `{id}`' },
  'eval-cli.lists-model': { en: ' (`rulebook check --format json` lists the model)', zh: '（`rulebook check --format json` 会列出全部决策）' },
  'eval-cli.passed-through': { en: 'passed through as a column', zh: '作为一列原样输出' },
  'eval-cli.ignored': { en: 'ignored', zh: '已忽略' },
  'eval-cli.reserved-column': {
    en: 'the column `{column}` is not an input of `{id}` and cannot pass through (the output rows have a field of that name); left out',
    zh: '列 `{column}` 不是 `{id}` 的输入，且不能原样输出（输出行已有同名字段）；已略去',
  },
  'eval-cli.not-input': { en: '`{column}` is not an input of `{id}`; {fate} (did you mean `{guess}`?)', zh: '`{column}` 不是 `{id}` 的输入；{fate}（是不是指 `{guess}`？）' },
  'eval-cli.cannot-read': { en: 'cannot read `{file}`: {reason}', zh: '无法读取 `{file}`：{reason}' },
  'eval-cli.give-input': { en: "give `--input '{…}'` or `--input-file f.jsonl|f.csv`", zh: "请给出 `--input '{…}'` 或 `--input-file f.jsonl|f.csv`" },
  'import.format': { en: 'unknown import format `{format}`; the one format is `dmn`', zh: '未知的导入格式 `{format}`；唯一支持的格式是 `dmn`' },
  'import.exists': { en: '`{target}` exists; pass --force to replace it', zh: '`{target}` 已存在；如要替换请加 --force' },
  'import.document-taken': {
    en: 'model not imported: its document id `{id}` is already used by `{file}`',
    zh: '模型未导入：其文件编号 `{id}` 已被 `{file}` 使用',
    hintEn: 'rename the model (its `name`), or import into another folder (`--out`)',
    hintZh: '请给模型改名（它的 `name`），或导入到另一个文件夹（`--out`）',
  },
  'import.read-back': { en: 'the YAML written does not read back the same; nothing was written', zh: '写出的 YAML 读回后与原内容不同；未写入任何内容' },
  'import.wrote': { en: 'wrote {file}', zh: '已写入 {file}' },
  'build.audience-flag': {
    en: 'unknown audience `{audience}` in --audience',
    zh: '--audience 中的受众 `{audience}` 不存在',
    hintEn: 'audiences in rulebook.yaml: {audiences}',
    hintZh: 'rulebook.yaml 中的受众：{audiences}',
  },
  'build.audience-flag-guess': {
    en: 'unknown audience `{audience}` in --audience',
    zh: '--audience 中的受众 `{audience}` 不存在',
    hintEn: 'did you mean `{guess}`? audiences in rulebook.yaml: {audiences}',
    hintZh: '是不是指 `{guess}`？rulebook.yaml 中的受众：{audiences}',
  },
  'build.templates-unreadable': { en: 'the templates cannot be read: {reason}', zh: '无法读取模板：{reason}' },
  'build.template-failed': { en: 'template `{file}` failed: {reason}', zh: '模板 `{file}` 出错：{reason}' },
  'init.taken': { en: 'refusing to overwrite existing files (nothing written):', zh: '不会覆盖已有的文件（未写入任何内容）：' },
  'init.not-folder': { en: '`{dir}` is a file, not a folder (nothing written)', zh: '`{dir}` 是文件，不是文件夹（未写入任何内容）' },
  'init.created': { en: 'created {count} files in {dir}:', zh: '已在 {dir} 中创建 {count} 个文件：' },
  'init.next': { en: 'next: {command}', zh: '下一步：{command}' },
  'fmt.skipped-why': { en: 'skipped {file}: {reason}', zh: '已跳过 {file}：{reason}' },
  'fmt.why.missing': { en: 'no such file or folder', zh: '没有这个文件或文件夹' },
  'fmt.why.symlink': { en: 'a symbolic link (not followed)', zh: '是符号链接（不跟随）' },
  'fmt.why.outside': { en: 'outside the repository (run `rulebook fmt` from inside the repository that holds it)', zh: '在仓库之外（请在包含它的仓库里运行 `rulebook fmt`）' },
  'fmt.why.not-policy-file': {
    en: 'not a policy file (a `.yaml`, `.yml` or `.md` file in a folder with a `rulebook.yaml`, or above it)',
    zh: '不是制度文件（应为 `rulebook.yaml` 所在文件夹或其下的 `.yaml`、`.yml` 或 `.md` 文件）',
  },
  'fmt.not-policy': { en: 'not a policy document (it has no `id:`)', zh: '不是制度文件（没有 `id:`）' },
  'fmt.unparsable': { en: 'it does not parse (run `rulebook check`)', zh: '无法解析（请运行 `rulebook check`）' },
  'fmt.meaning': { en: 'formatting would change its meaning (please report this file)', zh: '格式化会改变它的含义（请报告此文件）' },
  'fmt.formatted': { en: 'formatted {file}', zh: '已格式化 {file}' },
  'fmt.would-change': { en: '{count} file(s) would be reformatted; run `rulebook fmt`', zh: '有 {count} 个文件需要重新格式化；请运行 `rulebook fmt`' },
  'serve.port': {
    en: '--port must be a number from 0 to 65535 (0 picks a free one), not `{port}`',
    zh: '--port 必须是 0 到 65535 之间的数（0 表示自动选一个空闲端口），而不是 `{port}`',
  },
  'serve.cannot': { en: 'cannot serve on {host}:{port}: {reason}', zh: '无法在 {host}:{port} 上提供服务：{reason}' },
  'serve.in-use': { en: 'the port is in use; pick another with --port (0 picks a free one)', zh: '端口已被占用；请用 --port 另选一个（0 表示自动选择）' },
  'serve.denied': { en: 'not allowed to use that port; pick one above 1023', zh: '无权使用该端口；请选择 1023 以上的端口' },
  'serve.check-host': { en: '{code}; check --host', zh: '{code}；请检查 --host' },
  'build.progress': { en: 'checking {policies} and building {out}…', zh: '正在检查 {policies} 并生成 {out}…' },
  'build.progress-sql': { en: 'checking {policies} and writing {out}…', zh: '正在检查 {policies} 并写入 {out}…' },
  'serve.rebuilt': { en: 'rebuilt in {ms} ms', zh: '已重新生成，用时 {ms} ms' },
  'serve.rebuild-failed': {
    en: 'rebuild failed; the previous site stays up (run `rulebook check` for the report)',
    zh: '重新生成失败；网站仍是上一版（运行 `rulebook check` 查看报告）',
  },
  'serve.at': { en: 'handbook at {url}', zh: '手册地址：{url}' },
  'start.greeting': {
    en: 'policies checked, handbook built\n\n  open {url}\n\n(Ctrl+C stops the server; edits under the policy folder rebuild the site)',
    zh: '制度已检查，手册已生成\n\n  打开 {url}\n\n（按 Ctrl+C 停止服务；修改制度文件夹中的文件会自动重新生成网站）',
  },
});
