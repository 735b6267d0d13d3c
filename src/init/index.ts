/**
 * `init`: the files of a new policy repository that works at once — config,
 * one example document with a decision and a test, the schemas (with a
 * modeline in every YAML file, so editors validate and complete), VS Code's
 * schema mapping and the CI workflow. Returns the files; the CLI writes them.
 */
import { schemas } from '../validate/compiled-schemas.js';
import { WORKFLOW } from './workflow.js';

export { WORKFLOW } from './workflow.js';

/** A file to create, relative to the new repository's root. */
export interface InitFile {
  path: string;
  content: string;
}

const modeline = (schema: string) => `# yaml-language-server: $schema=../schemas/${schema}.schema.json\n`;

const CONFIG = `${modeline('config')}title: 员工手册
titleEn: Staff handbook
locale: zh-CN
currency: CNY
rounding: { mode: half-up, step: 0.01 }
audiences:
  staff: 全体员工
  managers: 管理人员
defaultAudience: staff
`;

const EXAMPLE = `${modeline('policy')}id: awards
title: 奖励
titleEn: Awards
version: 1
effective: { from: 2026-01-01 }
owner: 人力资源部
audience: staff
sections:
  - id: performance-award
    title: 业绩奖
    text: |
      询单转化率低于70%的，按照销售额的1%发放提成；询单转化率达到70%及以上的，按照销售额的1.5%发放提成。
terms:
  - id: conversion
    term: 询单转化率
    termEn: inquiry conversion rate
    definition: 询单后下单的客户数 ÷ 询单客户数。
decisions:
  - id: awards.performance_rate
    title: 业绩奖提成比例
    clause: "#performance-award"
    hit: unique
    inputs:
      conversion: { type: percent, label: 询单转化率 }
    outputs:
      rate: { type: percent, label: 提成比例 }
    rules:
      - id: low
        when: { conversion: "< 70%" }
        then: { rate: 1% }
      - id: high
        when: { conversion: ">= 70%" }
        then: { rate: 1.5% }
    assert:
      - monotonic: { output: rate, input: conversion, direction: non-decreasing }
  - id: awards.performance_bonus
    title: 业绩奖金额
    clause: "#performance-award"
    inputs:
      sales: { type: money, label: 销售额 }
      conversion: { type: percent, label: 询单转化率 }
    outputs:
      bonus: { type: money, label: 提成 }
    formula:
      bonus: "sales * awards.performance_rate(conversion).rate"
tests:
  - name: 转化率72%，销售额10万元
    decision: awards.performance_bonus
    input: { sales: 100000, conversion: 72% }
    expect: { bonus: 1500 }
  - name: 恰好70%按1.5%
    decision: awards.performance_rate
    input: { conversion: 70% }
    expect: { rate: 1.5% }
  - name: 低于70%按1%
    decision: awards.performance_rate
    input: { conversion: 69.9% }
    expect: { rate: 1% }
`;

const VSCODE = `${JSON.stringify(
  {
    'yaml.schemas': {
      './schemas/config.schema.json': ['policies/rulebook.yaml'],
      './schemas/tests.schema.json': ['policies/**/*.test.yaml'],
      './schemas/policy.schema.json': ['policies/**/*.yaml', '!policies/rulebook.yaml', '!policies/**/*.test.yaml'],
    },
    'files.encoding': 'utf8',
    'editor.tabSize': 2,
  },
  null,
  2,
)}\n`;

/** Every file of a new policy repository, in the order they are written. */
export function initFiles(): InitFile[] {
  return [
    { path: 'policies/rulebook.yaml', content: CONFIG },
    { path: 'policies/awards.yaml', content: EXAMPLE },
    ...(['policy', 'tests', 'config'] as const).map((name) => ({ path: `schemas/${name}.schema.json`, content: JSON.stringify(schemas[name], null, 2) + '\n' })),
    { path: '.vscode/settings.json', content: VSCODE },
    { path: '.github/workflows/rulebook.yml', content: WORKFLOW },
    { path: '.gitignore', content: 'dist/\nnode_modules/\n' },
  ];
}
