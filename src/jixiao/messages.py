"""The one catalogue of rules: stable id, default severity and the Chinese message template.

Messages say what is wrong and what to do, with the numbers. Rule execution lives elsewhere
(``jixiao.evaluate``); this module is data.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.findings import Finding, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's identity: ``id`` is kebab-case and never changes once released."""

    id: str
    severity: Severity
    title: str
    template: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("template-unknown", _E, "无法识别的工作簿",
             "未找到任何附件表（附件1基础数据表、附件2部门整体支出绩效自评表、附件3项目支出绩效自评表）。"
             "请使用财政局下发的模板填报，并保留表格标题。"),
        Rule("template-outdated", _W, "模板版本过旧",
             "模板版本 {value} 早于当前版本 {expected}，请下载最新模板并把数据复制过去。"),
        Rule("profile-unknown", _W, "评分口径未知",
             "模板记录的评分口径“{value}”本工具不认识，已按“{expected}”计算。"
             "如需其他口径，请在命令行用 --profile 指定。"),
        Rule("not-from-template", _I, "非模板生成",
             "本工作簿不是由 jixiao 模板生成的（没有 _jixiao 工作表），已按表头文字识别各表。"),
        Rule("missing-value", _E, "缺少数据", "{field}未填写。{hint}"),
        Rule("not-a-number", _E, "不是数字",
             "{field}应填写数字，现填写的是“{value}”。{hint}"),
        Rule("negative-value", _E, "负数", "{field}为负数 {value}，请核实。"),
        Rule("unit-mismatch", _E, "计量单位不一致",
             "年度指标值的单位是“{target_unit}”，实际完成值的单位是“{actual_unit}”，无法比较。"
             "请统一计量单位。"),
        Rule("sum-mismatch", _E, "合计不等于分项之和",
             "{field}应等于{parts}之和 {expected}，现填写的是 {value}。"),
        Rule("subset-exceeds-total", _E, "“其中”项超过总数",
             "{parts}合计 {value} 超过{field} {expected}。"),
        Rule("rate-mismatch", _E, "比率计算错误",
             "{field}应为 {expected}（{formula}），现填写的是 {value}。"),
        Rule("division-by-zero", _W, "分母为零",
             "{denominator}为 0，无法计算{field}，显示为“—”。{hint}"),
        Rule("budget-execution-low", _W, "预算执行率偏低",
             "预算执行率 {value} 低于 {expected}，请在偏差原因分析中说明原因。"),
        Rule("budget-over-executed", _W, "超预算执行",
             "全年执行数 {executed} 超过全年预算数 {adjusted}（执行率 {value}），请核实；"
             "执行率得分按 100% 计。"),
        Rule("score-exceeds-weight", _E, "得分超过分值", "得分 {value} 超过分值 {expected}。"),
        Rule("score-above-formula", _E, "得分高于公式得分",
             "得分 {value} 高于按公式计算的 {expected}（{formula}）。请按公式赋分。"),
        Rule("score-below-formula", _I, "得分低于公式得分",
             "得分 {value} 低于按公式计算的 {expected}（{formula}），属保守赋分；"
             "重新计算会写入 {expected}。"),
        Rule("total-score-mismatch", _E, "总分不等于各项得分之和",
             "总分应为 {expected}（预算执行率得分与各三级指标得分之和），现填写的是 {value}。"),
        Rule("weights-not-100", _E, "分值合计不是 100",
             "预算执行率与各三级指标的分值合计为 {value}，应为 {expected}。"),
        Rule("group-weight-mismatch", _E, "一级指标分值不符",
             "{group}标明 {expected} 分，其下三级指标分值合计为 {value}。"),
        Rule("qualitative-score-out-of-band", _E, "定性指标得分超出档次",
             "完成情况为“{option}”，得分应在 {band}（分值 {weight}），现填写的是 {value}。"),
        Rule("missing-deviation-reason", _E, "缺少偏差原因分析",
             "得分 {value} 低于分值 {expected}，请填写偏差原因分析，格式如“原因：……；措施：……”。"),
        Rule("over-achievement-unexplained", _W, "超额完成未说明",
             "实际完成值 {actual} 为年度指标值 {target} 的 {value}（达到 {expected} 及以上），"
             "请在偏差原因分析中说明原因，并说明是否年初指标值设定偏低。"),
        Rule("incomplete-deviation-reason", _W, "偏差原因不完整",
             "偏差原因分析缺少{missing}，请按“原因：……；措施：……”补充。"),
        Rule("target-not-quantified", _W, "指标值未量化",
             "年度指标值“{value}”不是数值，实际完成值“{actual}”也不是定性档次"
             "（达成年度指标／部分达成年度指标并具有一定效果／未达成年度指标且效果较差），无法评分。"
             "请填写带单位的数值，或按定性档次填写实际完成值。"),
        Rule("three-public-over-budget", _W, "三公经费超预算",
             "{field}决算数 {value} 超过预算数 {expected}，请说明原因。"),
        Rule("file-unreadable", _E, "文件无法读取", "无法读取此文件：{reason}"),
        Rule("cache-missing", _W, "公式没有计算结果",
             "该单元格是公式但文件中没有计算结果（文件未经 Excel 保存），无法读取其值。"
             "请在 Excel 中打开并保存后再提交。"),
    )
}


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def finding(
    rule_id: str,
    *,
    sheet: str,
    cell: str,
    indicator: str,
    value: str | None = None,
    expected: str | None = None,
    severity: Severity | None = None,
    **params: str,
) -> Finding:
    """Build a finding whose message comes from the catalogue."""
    rule = RULES[rule_id]
    fields = _Blank(params)
    fields["value"] = value if value is not None else "空"
    fields["expected"] = expected if expected is not None else ""
    fields.setdefault("field", indicator)
    return Finding(
        rule=rule.id,
        severity=severity or rule.severity,
        sheet=sheet,
        cell=cell,
        indicator=indicator,
        message=rule.template.format_map(fields).strip(),
        value=value,
        expected=expected,
    )
