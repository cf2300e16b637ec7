"""A workbook typed from the published seed form, not made from the jixiao template.

It deliberately differs from the template: sheets renamed, no ``_jixiao`` sheet and no defined
names, amounts written inside their labels (``其中：一般公共预算：1387.53``), 一级/二级 labels merged
down several rows, group weights in labels, a blank row inserted inside the indicator table and
other columns than the template uses. The parser must still find every seed figure.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

SEED_INDICATORS: list[tuple[object, ...]] = [
    # level1, level2, name, target, actual, weight, score, reason
    ("产出指标（40分）", "数量指标", "高新技术企业数", "1300家", "1302家", 10, 10, None),
    ("产出指标（40分）", "数量指标", "新增省级以上科技创新平台", "5个", "16个", 10, 10, None),
    ("产出指标（40分）", "数量指标", "引进外籍人才数", "3人", "3人", 5, 5, None),
    ("产出指标（40分）", "质量指标", "万人高价值发明专利拥有量", "13件", "14.91件", 5, 5, None),
    ("产出指标（40分）", "质量指标", "全社会研发投入强度", "3.1%", "3.15%", 5, 5, None),
    ("产出指标（40分）", "时效指标", "工作完成时间", "12月", "12月", 5, 5, None),
    ("效益指标（20分）", "经济效益指标", "高新技术产业增加值占GDP比重", "15%", "17.9%", 5, 5, None),
    ("效益指标（20分）", "社会效益指标", "国省科技计划立项", "100项", "187项", 5, 5, None),
    ("效益指标（20分）", "生态效益指标", "全国重点实验室数量", "3家", "4家", 5, 5, None),
    ("效益指标（20分）", "可持续影响指标", "获得研发奖补企业数", "300家", "321家", 5, 5, None),
    ("满意度指标（10分）", "服务对象满意度指标", "服务对象满意度", "95%", "100%", 10, 10, None),
    ("成本指标（20分）", "经济成本指标", "地方财政科技支出占比", "8%", "7.42%", 5, 4,
     "原因：财政资金状况及政策变化；措施：加强与财政部门对接，加大地方财政科技支出。"),
    ("成本指标（20分）", "经济成本指标", "全社会研发投入总量", "120亿元", "115.49亿元", 5, 4,
     "原因：受经济环境影响企业减少研发投入；措施：做好对企业的政策扶持及服务。"),
    ("成本指标（20分）", "社会成本指标", "举办外国专家活动次数", "1次", "1次", 5, 5, None),
    ("成本指标（20分）", "社会成本指标", "科普及科技宣传活动", "8场", "12场", 5, 5, None),
]


def _merge_down(ws: Worksheet, col: int, first: int, last: int, text: str) -> None:
    ws.cell(first, col, text)
    if last > first:
        ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)


def _annex1(ws: Worksheet) -> None:
    ws["A1"] = "附件 1"
    ws["A2"] = "2024 年度部门（单位）整体支出绩效评价基础数据表"
    ws.merge_cells("A2:G2")
    _merge_down(ws, 1, 3, 4, "财政供养人员情况（人）")
    ws["B3"], ws["D3"], ws["F3"] = "编制数", "2024 年实际在职人数", "控制率"
    ws["B4"], ws["D4"], ws["F4"] = 39, 32, "82.05%"
    ws["A5"], ws["B5"], ws["D5"], ws["F5"] = (
        "经费控制情况（万元）", "2023 年决算数", "2024 年预算数", "2024 年决算数"
    )
    rows = [
        ("三公经费", 18.24, 46, 38.67),
        ("1、公务用车购置和维护经费", 16, 32, 29.7),
        ("其中：公车购置", 0, 18, 17.98),
        ("公车运行维护", 16, 14, 11.72),
        ("2、出国经费", 0, 10, 7.9),
        ("3、公务接待", 2.24, 4, 1.07),
        ("项目支出：", 2385.06, 3614.4, 1864.05),
        ("1、业务经费", 449.06, 14.4, 0),
        ("2、运行维护经费", 0, 0, 0),
        (".....", None, None, None),
        ("3、市级专项资金（一个专项一行）", 1936, 3600, 1864.05),
        (".....", None, None, None),
        ("公用经费", 236.55, 244.14, 244.1),
        ("其中：办公经费", 105.01, 142.14, 140.19),
        ("水费、电费、差旅费", 10.18, 10.5, 10.69),
        ("会议费、培训费", 1.36, 1, 0),
        ("政府采购金额", "——", 289, 187),
        ("部门基本支出预算调整", "——", 0, 8.58),
    ]
    for offset, (label, prev, budget, final) in enumerate(rows):
        row = 6 + offset
        ws.cell(row, 1, label)
        for col, value in ((2, prev), (4, budget), (6, final)):
            ws.cell(row, col, value)
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 1)
    header = 6 + len(rows)
    _merge_down(ws, 1, header, header + 1, "楼堂馆所控制情况 (2024年完工项目)")
    for col, text in enumerate(
        ("批复规模 (m²)", "实际规模 (m²)", "规模控制 率", "预算投资 (万元)", "实际投资 (万元)",
         "投资概 算控制 率"), start=2,
    ):
        ws.cell(header, col, text)
        ws.cell(header + 1, col, 0)
    ws.cell(header + 2, 1, "厉行节约保障措施")
    ws.cell(header + 4, 1, "填表人：")
    ws.cell(header + 4, 3, "填报日期：")


def _annex2(ws: Worksheet, indicators: list[tuple[object, ...]]) -> None:
    ws["A1"] = "附件 2"
    ws["A2"] = "2024 年度部门（单位）整体支出绩效自评表"
    ws.merge_cells("A2:I2")
    ws["A3"] = "市直部门预算单位名称"
    ws.merge_cells("A3:B3")
    ws["C3"] = "株洲市科学技术局"
    ws.merge_cells("C3:I3")
    _merge_down(ws, 1, 4, 10, "年度预算申请 (万元)")
    for col, text in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
                               start=4):
        ws.cell(4, col, text)
    ws["B5"] = "年度资金总额"
    for col, value in enumerate((974.62, 1387.53, 1387.53, 10, "100.00%", "10.00"), start=4):
        ws.cell(5, col, value)
    ws["B6"], ws["F6"] = "按收入性质分：", "按支出性质分："
    ws["B7"], ws["F7"] = "其中：一般公共预算：1387.53", "其中：基本支出：965.72"
    ws["B8"], ws["F8"] = "政府性基金拨款：0", "项目支出：421.81"
    ws["B9"] = "纳入专户管理的非税收入拨款：0"
    ws["B10"] = "其他资金：0"
    _merge_down(ws, 1, 11, 12, "年度总体目标")
    ws["B11"], ws["F11"] = "预期目标", "实际完成情况"
    ws["B12"] = "全力引导企业加大研发投入；推动全市科技型企业群体规模持续发展壮大"
    ws["F12"] = "株洲位列“全国城市创新能力评价”第 35 位"
    header = 13
    for col, text in enumerate(("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                "分值", "得分", "偏差原因分析"), start=2):
        ws.cell(header, col, text)
    row = header + 1
    placed: list[tuple[int, tuple[object, ...]]] = []
    for index, item in enumerate(indicators):
        if index == 3:
            row += 1  # a blank row inserted by the accountant
        placed.append((row, item))
        row += 1
    ecology_cost_row = row  # the empty 生态环境成本指标 row of the seed
    total_row = row + 1
    _merge_down(ws, 1, header, total_row - 1, "绩效指标")
    for col_index, level in ((2, 0), (3, 1)):
        start = placed[0][0]
        for position, (item_row, item) in enumerate(placed):
            following = placed[position + 1][1] if position + 1 < len(placed) else None
            if following is None or following[level] != item[level]:
                end = item_row if following is not None else ecology_cost_row - (level == 1)
                _merge_down(ws, col_index, start, end, str(item[level]))
                if following is not None:
                    start = placed[position + 1][0]
    ws.cell(ecology_cost_row, 3, "生态环境成本指标")
    for item_row, item in placed:
        for col, value in zip(range(4, 10), item[2:], strict=True):
            if value is not None:
                ws.cell(item_row, col, value)
    ws.cell(total_row, 1, "总分")
    ws.cell(total_row, 7, 100)
    ws.cell(total_row, 8, 98)
    ws.cell(total_row + 1, 1, "填表人：")
    ws.cell(total_row + 1, 4, "填报日期：")
    ws.cell(total_row + 1, 6, "联系电话：")
    ws.cell(total_row + 1, 8, "单位负责人：")


def write_published_form(path: Path, indicators: list[tuple[object, ...]] | None = None) -> Path:
    """Write the seed's 附件1 and 附件2 as a department would type them from the PDF.

    ``indicators`` replaces the seed's indicator rows (same tuple shape) for property tests.
    """
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = "附件1 基础数据表"
    _annex1(first)
    _annex2(workbook.create_sheet("附件2 整体支出自评表"),
            list(SEED_INDICATORS) if indicators is None else indicators)
    workbook.save(path)
    return path
