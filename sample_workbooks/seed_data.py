"""The figures of the seed report (2024 年度 株洲市科学技术局 部门整体支出绩效自评报告).

附件1 and 附件2 are copied from the report's annexes exactly as printed: amounts and scores as
numbers, 年度指标值 / 实际完成值 as the text the report prints, computed cells with the values
the report prints. 附件3 is not in the report; its two sheets are written from the report's
narrative (section 六) and are marked as illustrative on the sheet.
"""

from __future__ import annotations

from jixiao.template import (
    Annex1Content,
    Annex2Content,
    Annex3Content,
    BuildingLine,
    ExpenseValues,
    Funds,
    Goal,
    IndicatorContent,
    ProjectLine,
    SourceValues,
    Totals,
)

YEAR = 2024
PROFILE = "integer-floor"
UNIT = "株洲市科学技术局"
ILLUSTRATIVE_NOTE = "注：本表指标为依据自评报告正文编写的示例，非原表内容。"

# --- 附件1 -----------------------------------------------------------------------------------

ANNEX1 = Annex1Content(
    staff_quota=39,
    staff_actual=32,
    staff_control_rate=0.8205,
    expenses={
        "three_public": ExpenseValues(18.24, 46, 38.67),
        "vehicles": ExpenseValues(16, 32, 29.7),
        "vehicle_purchase": ExpenseValues(0, 18, 17.98),
        "vehicle_running": ExpenseValues(16, 14, 11.72),
        "overseas": ExpenseValues(0, 10, 7.9),
        "reception": ExpenseValues(2.24, 4, 1.07),
        "projects": ExpenseValues(2385.06, 3614.4, 1864.05),
        "public": ExpenseValues(236.55, 244.14, 244.1),
        "office": ExpenseValues(105.01, 142.14, 140.19),
        "utilities_travel": ExpenseValues(10.18, 10.5, 10.69),
        "meetings_training": ExpenseValues(1.36, 1, 0),
        "procurement": ExpenseValues(None, 289, 187),
        "basic_adjustment": ExpenseValues(None, 0, 8.58),
    },
    projects=(
        ProjectLine("1、业务经费", 449.06, 14.4, 0),
        ProjectLine("2、运行维护经费", 0, 0, 0),
        ProjectLine("3、市级专项资金（一个专项一行）", 1936, 3600, 1864.05),
    ),
    buildings=(BuildingLine(None, 0, 0, 0, 0, 0, 0),),
)

# --- 附件2 -----------------------------------------------------------------------------------

_OUTPUT, _BENEFIT, _SATISFACTION, _COST = "产出指标", "效益指标", "满意度指标", "成本指标"


def _row(
    level1: str, weight1: int, level2: str, name: str | None = None, target: str | None = None,
    actual: str | None = None, weight: int | None = None, score: int | None = None,
    reason: str | None = None,
) -> IndicatorContent:
    return IndicatorContent(level1, weight1, level2, name, target, actual, weight, score, reason)


REASON_SHARE = "原因：财政资金状况及政策变化；措施：加强与财政部门对接，加大地方财政科技支出。"
REASON_TOTAL = "原因：受经济环境影响企业减少研发投入；措施：做好对企业的政策扶持及服务。"

ANNEX2_INDICATORS = (
    _row(_OUTPUT, 40, "数量指标", "高新技术企业数", "1300家", "1302家", 10, 10),
    _row(_OUTPUT, 40, "数量指标", "新增省级以上科技创新平台", "5个", "16个", 10, 10),
    _row(_OUTPUT, 40, "数量指标", "引进外籍人才数", "3人", "3人", 5, 5),
    _row(_OUTPUT, 40, "质量指标", "万人高价值发明专利拥有量", "13件", "14.91件", 5, 5),
    _row(_OUTPUT, 40, "质量指标", "全社会研发投入强度", "3.1%", "3.15%", 5, 5),
    _row(_OUTPUT, 40, "时效指标", "工作完成时间", "12月", "12月", 5, 5),
    _row(_BENEFIT, 20, "经济效益指标", "高新技术产业增加值占GDP比重", "15%", "17.9%", 5, 5),
    _row(_BENEFIT, 20, "社会效益指标", "国省科技计划立项", "100项", "187项", 5, 5),
    _row(_BENEFIT, 20, "生态效益指标", "全国重点实验室数量", "3家", "4家", 5, 5),
    _row(_BENEFIT, 20, "可持续影响指标", "获得研发奖补企业数", "300家", "321家", 5, 5),
    _row(_SATISFACTION, 10, "服务对象满意度指标", "服务对象满意度", "95%", "100%", 10, 10),
    _row(_COST, 20, "经济成本指标", "地方财政科技支出占比", "8%", "7.42%", 5, 4, REASON_SHARE),
    _row(_COST, 20, "经济成本指标", "全社会研发投入总量", "120亿元", "115.49亿元", 5, 4,
         REASON_TOTAL),
    _row(_COST, 20, "社会成本指标", "举办外国专家活动次数", "1次", "1次", 5, 5),
    _row(_COST, 20, "社会成本指标", "科普及科技宣传活动", "8场", "12场", 5, 5),
    _row(_COST, 20, "生态环境成本指标"),
)

GOAL_EXPECTED = (
    "全力引导企业加大研发投入；推动全市科技型企业群体规模持续发展壮大；着力推进产业核心技术突破；"
    "加快科技创新平台向功能化、服务化发展；健全成果转化服务体系，完善技术转移服务平台"
)
GOAL_ACTUAL = (
    "株洲位列“全国城市创新能力评价”第 35 位，“国家创新型城市”第 34 位，较 2023 年前进 14 位，"
    "全社会研发投入强度稳定在 3% 以上，国家高新技术企业总数达 1300 家，科技型中小企业备案超 2000 家，"
    "技术合同成交额达 480.68 亿元，发放知识价值信用贷款 31 亿元，万人高价值发明专利拥有量 13.79 件，"
    "出台“先投后股”项目资金管理办法，市本级、天元区、石峰区、芦淞区获全省创新提升行动通报表扬。"
)

ANNEX2 = Annex2Content(
    unit_name=UNIT,
    funds=Funds(974.62, 1387.53, 1387.53, 10, 1.0, 10.0),
    income={"general": 1387.53, "fund": 0, "special_account": 0, "other": 0},
    expenditure={"basic": 965.72, "project": 421.81},
    goal=Goal(GOAL_EXPECTED, GOAL_ACTUAL),
    indicators=ANNEX2_INDICATORS,
    totals=Totals(100, 98, None),
)

# --- 附件3 (illustrative) --------------------------------------------------------------------

_P_OUTPUT, _P_BENEFIT, _P_SATISFACTION = ("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)


def _p(
    group: tuple[str, int], level2: str, name: str | None = None, target: str | None = None,
    actual: str | None = None, weight: int | None = None, score: int | None = None,
    reason: str | None = None,
) -> IndicatorContent:
    return IndicatorContent(group[0], group[1], level2, name, target, actual, weight, score, reason)


# Every target below is met and no actual reaches 120% of its target (or 80% of a ≤ target).
SPECIAL_FUND = Annex3Content(
    project_name="科技发展专项经费",
    department=UNIT,
    implementer=UNIT,
    funds=Funds(3600, 1864.05, 1864.05, 10, 1.0, 10.0),
    sources={
        "current": SourceValues(3600, 1864.05, 1864.05),
        "carryover": SourceValues(0, 0, 0),
        "other": SourceValues(0, 0, 0),
    },
    goal=Goal(
        "支持全市各类企事业单位开展“创新成果转化年”活动和实施“创新提升行动”，支持创新主体培育、"
        "全社会研发投入引导、关键技术攻关、重大科技成果转化、重大创新平台建设、科学技术普及、"
        "创新人才引进、创新创业大赛等项目。",
        "年中压减1735.95万元，实际支出1864.05万元。新签约科技型企业投资项目93个，投资总额超310亿元；"
        "124项高校创新成果在株洲落地转化；突破关键技术28项，申请专利38项；新增省级创新平台84家；"
        "选派市级科技特派员130名；全年引进培育科技型人才230人。",
    ),
    indicators=(
        _p(_P_OUTPUT, "数量指标", "新签约科技型企业投资项目", "≥80个", "93个", 10, 10),
        _p(_P_OUTPUT, "数量指标", "高校创新成果落地转化", "≥110项", "124项", 10, 10),
        _p(_P_OUTPUT, "数量指标", "突破关键技术", "≥25项", "28项", 5, 5),
        _p(_P_OUTPUT, "数量指标", "新增省级创新平台", "≥80家", "84家", 5, 5),
        _p(_P_OUTPUT, "数量指标", "选派市级科技特派员", "≥120名", "130名", 5, 5),
        _p(_P_OUTPUT, "质量指标", "攻关项目申请专利", "≥35项", "38项", 5, 5),
        _p(_P_OUTPUT, "时效指标", "资金拨付完成时间", "≤12月", "12月", 5, 5),
        _p(_P_OUTPUT, "成本指标", "专项资金支出", "≤1864.05万元", "1864.05万元", 5, 5),
        _p(_P_BENEFIT, "经济效益指标", "新签约项目投资总额", "≥300亿元", "310亿元", 10, 10),
        _p(_P_BENEFIT, "社会效益指标", "全国城市创新能力评价排名", "≤40位", "35位", 10, 10),
        _p(_P_BENEFIT, "生态效益指标"),
        _p(_P_BENEFIT, "可持续影响指标", "引进培育科技型人才", "≥200人", "230人", 10, 10),
        _p(_P_SATISFACTION, "服务对象满意度指标", "服务对象满意度", "≥95%", "97%", 10, 10),
    ),
    totals=Totals(100, 100, None),
)

FREEZE_REASON = (
    "原因：因财政政策原因，年初预算14.4万元全部冻结，全年未拨付；"
    "措施：相关工作由基本支出保障，今后根据财政政策合理编制项目预算。"
)

# The frozen project: 0 of 0 leaves the execution rate undefined ("—"), and the one indicator
# the freeze hit (funds paid out) lost its points with a written reason; the work itself was done.
HIGHLAND_FUND = Annex3Content(
    project_name="打造科技创新高地工作经费",
    department=UNIT,
    implementer=UNIT,
    funds=Funds(14.4, 0, 0, 10, "—", "—"),
    sources={
        "current": SourceValues(14.4, 0, 0),
        "carryover": SourceValues(0, 0, 0),
        "other": SourceValues(0, 0, 0),
    },
    goal=Goal(
        "开展创新成果转化年活动，对接高校院所和院士专家，引入投融资机构，推进科技创新高地建设。",
        "年初预算14.4万元因财政政策原因冻结，实际支出0万元。全年与30余所高校院所建立合作关系，"
        "对接60余位院士专家，引入60余家投融资机构，举办99场次主体活动。",
    ),
    indicators=(
        _p(_P_OUTPUT, "数量指标", "举办成果转化主体活动", "≥90场次", "99场次", 15, 15),
        _p(_P_OUTPUT, "数量指标", "对接院士专家", "≥55位", "60位", 10, 10),
        _p(_P_OUTPUT, "质量指标", "国家级双创大赛获奖项目", "≥3个", "3个", 10, 10),
        _p(_P_OUTPUT, "时效指标", "工作完成时间", "≤12月", "12月", 5, 5),
        _p(_P_OUTPUT, "成本指标", "项目资金拨付率", "100%", "0%", 10, 0, FREEZE_REASON),
        _p(_P_BENEFIT, "经济效益指标", "引入投融资机构", "≥55家", "60家", 10, 10),
        _p(_P_BENEFIT, "社会效益指标", "国家创新型城市排名", "≤40位", "34位", 10, 10),
        _p(_P_BENEFIT, "生态效益指标"),
        _p(_P_BENEFIT, "可持续影响指标", "建立合作关系的高校院所", "≥28所", "30所", 10, 10),
        _p(_P_SATISFACTION, "服务对象满意度指标", "服务对象满意度", "≥95%", "96%", 10, 10),
    ),
    totals=Totals(100, 80, None),
)

ANNEX3 = (SPECIAL_FUND, HIGHLAND_FUND)
