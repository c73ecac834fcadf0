"""The tables of a report's data folder: their files, columns and the keys that identify rows.

Only entered figures have columns; every derived figure (sums, rates, scores) is computed in
``derive`` and has no column to type it into. ``data`` reads tables against these schemas.
"""

from __future__ import annotations

from dataclasses import dataclass

FIGURE_LIST_HEADER = ("名称", "数值")


@dataclass(frozen=True)
class Column:
    """A column of a form table: its header, whether it holds a number (and may be negative),
    whether the header must exist, and the values it admits (any when empty)."""

    name: str
    numeric: bool = False
    required: bool = True
    choices: tuple[str, ...] = ()
    signed: bool = True
    quotes: bool = False  # may quote a figure of a figure list: {{ 成效.净入库税收 }}
    yearly: bool | None = None  # this year's own figure, blank in next year's copy (new-year);
    # by default every number is, and no text is
    suffix: str = ""  # a unit clerks type after the number and that is read away: 10分, 85人
    whole: bool = False  # a count: a whole number, never a rate

    @property
    def blank_next_year(self) -> bool:
        return self.numeric if self.yearly is None else self.yearly


@dataclass(frozen=True)
class Reference:
    """A column naming a row of another table (or its own): a child naming its parent."""

    column: str
    table: str
    target: str
    optional: bool = False  # a blank cell names no parent (a top-level row)


@dataclass(frozen=True)
class Schema:
    """A form table: its file name (without extension), columns and whether the file must exist.

    ``key`` columns identify a row (blank, or a second row with the same key, is an error); a
    blank cell in a ``fill_down`` column means "as the row above", the way merged cells paste
    from Word.
    """

    name: str
    columns: tuple[Column, ...]
    required_by: tuple[str, ...] = ()  # the documents that cannot be built without the file
    alone: bool = False  # required only where its document is the report's only one
    key: tuple[str, ...] = ()
    fill_down: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    one_row: bool = False  # a table of one row of figures (人员): a second row is a mistake

    def required(self, documents: tuple[str, ...]) -> bool:
        """Whether a report building ``documents`` must have this table."""
        needed = any(document in documents for document in self.required_by)
        return needed and (not self.alone or len(documents) == 1)


def _amounts(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, numeric=True) for name in names)


BUDGET_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")
FUND_SOURCES = ("当年财政拨款", "上年结转资金", "其他资金")
FUND_TOTAL = "年度资金总额"  # typed on a filed project form above its 资金来源 lines
FUND_SOURCE_NAMES = {"本年财政拨款": "当年财政拨款"}  # the MOF form's word for the same line
WHOLE, PROJECTS = "整体", "项目"  # the two documents
QUALITATIVE = "定性"
# 指标性质 as staff write it → (direction, strict). 正向 is met at or above the target value,
# 反向 at or below it, 等于 only at it; a strict sign (＞, ＜) excludes the target value itself.
NATURES: dict[str, tuple[str, bool]] = {
    "≥": ("正向", False), ">=": ("正向", False), "＞": ("正向", True), ">": ("正向", True),
    "≤": ("反向", False), "<=": ("反向", False), "＜": ("反向", True), "<": ("反向", True),
    "=": ("等于", False), "＝": ("等于", False),
    "正向": ("正向", False), "反向": ("反向", False), "等于": ("等于", False),
    QUALITATIVE: (QUALITATIVE, False),
}
INDICATOR_COLUMNS = (
    Column("一级指标"), Column("二级指标"), Column("三级指标"),
    Column("指标性质", required=False, choices=tuple(NATURES)),  # or the sign in 年度指标值
    Column("年度指标值", quotes=True, yearly=True), Column("实际完成值", quotes=True, yearly=True),
    Column("计量单位", required=False),
    Column("分值", numeric=True, signed=False, yearly=False, suffix="分"),
    Column("得分", numeric=True, signed=False, suffix="分"),
    Column("定性档次", required=False, yearly=True),
    Column("偏差原因分析及改进措施", required=False, yearly=True),
)
INDICATOR_KEY = ("一级指标", "二级指标", "三级指标")
GOAL_COLUMNS = (Column("预期目标", quotes=True), Column("实际完成情况", quotes=True, yearly=True))
PROJECT = "项目"
_OF_PROJECT = (Reference("项目名称", PROJECT, "项目名称"),)


def _fund_table(name: str) -> Schema:
    """附件4–6: a fund's spending by line; an absent file means the unit had none (无)."""
    return Schema(name, (Column("项目"), *_amounts(*BUDGET_COLUMNS)), key=("项目",))


SCHEMAS: dict[str, Schema] = {
    schema.name: schema
    for schema in (
        Schema("人员", tuple(Column(name, numeric=True, signed=False, suffix="人", whole=True)
                           for name in ("编制数", "实际在职人数")),
               required_by=(WHOLE,), one_row=True),
        Schema(
            "经费控制",
            (Column("项目"), Column("上级项目"), Column("关系", required=False, choices=("其中",)),
             *_amounts("上年决算数", "本年预算数", "本年决算数")),
            key=("项目",), required_by=(WHOLE,),
            references=(Reference("上级项目", "经费控制", "项目", optional=True),),
        ),
        Schema("楼堂馆所", (Column("项目名称"),
                          *_amounts("批复规模", "实际规模", "预算投资", "实际投资"))),
        # 基本支出 by economic class: optional, for the prose and checks that use its figures
        Schema("基本支出", (Column("经济分类"), *_amounts("全年执行数")), key=("经济分类",)),
        Schema(
            "预算",
            (Column("分类", choices=("收入性质", "支出性质")), Column("项目"),
             *_amounts(*BUDGET_COLUMNS)),
            key=("分类", "项目"), required_by=(WHOLE,),
        ),
        Schema("年度目标", GOAL_COLUMNS, required_by=(WHOLE,)),
        Schema("绩效指标", INDICATOR_COLUMNS, key=INDICATOR_KEY, fill_down=INDICATOR_KEY[:2],
               required_by=(WHOLE,)),
        # 附件3: absent means 无 beside a 整体 report; a 项目 report standing alone needs it
        Schema(PROJECT, (Column("项目名称"), Column("主管部门"), Column("实施单位")),
               key=("项目名称",), required_by=(PROJECTS,), alone=True),
        Schema("项目资金", (Column("项目名称"),
                          Column("资金来源", choices=(FUND_TOTAL, *FUND_SOURCES,
                                                      *FUND_SOURCE_NAMES)),
                          *_amounts(*BUDGET_COLUMNS)),
               key=("项目名称", "资金来源"), references=_OF_PROJECT),
        Schema("项目目标", (Column("项目名称"), *GOAL_COLUMNS),
               fill_down=("项目名称",), references=_OF_PROJECT),
        Schema("项目指标", (Column("项目名称"), *INDICATOR_COLUMNS),
               key=("项目名称", *INDICATOR_KEY), fill_down=("项目名称", *INDICATOR_KEY[:2]),
               references=_OF_PROJECT),
        _fund_table("政府性基金"),
        _fund_table("国有资本经营"),
        _fund_table("社会保险基金"),
        # Figures as a filed report states them (总分 95.5, 执行率 85.79%): never printed,
        # only compared with the computed ones by ``invoke check``.
        Schema("填报值", (Column("项目"), Column("数值", yearly=True),
                          Column("说明", required=False)), key=("项目",)),
    )
}
