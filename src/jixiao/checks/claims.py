"""Which figure a sentence of prose claims: the words that name a quantity, and their subject.

"基本支出年初预算数为2617.69万元" claims 预算.基本支出.年初预算数; "“三公”经费同比下降24.43%"
claims 三公经费.变动; "人员经费1134.95万元" claims 基本支出.人员经费. A measure (年初预算数,
执行率 …) takes its subject from the nearest subject word before it in the sentence, else from
the heading above, else from the section title; without one no claim is made, so that a
sentence is never held against a figure it may not mean. A sentence naming one of the
report's projects (附件3) speaks of that project's 执行率 and scores, not the department's; so
does a sentence of the 项目 report of a report with one project.
"""

from __future__ import annotations

import re

from jixiao.checks.numbers_in_text import Number

PROJECT_REPORT = "项目"  # the 项目支出绩效自评报告 of the templates' outline.yaml

# subject word → (path prefix of its measures, figure meant when a number follows directly)
SUBJECTS = {
    "一般公共预算": ("预算.一般公共预算", None),
    "政府性基金": ("预算.政府性基金拨款", None),
    "非税收入": ("预算.纳入专户管理的非税收入拨款", None),
    "年度资金总额": ("预算", "预算.全年预算数"),
    "基本支出": ("预算.基本支出", "基本支出.合计"),
    "项目支出": ("预算.项目支出", None),
    "三公经费": ("三公经费", "三公经费.本年决算数"),
}
SANGONG = re.compile(r"[“\"]?三公[”\"]?经费")
# measure word → the figure it names under a subject: budget subjects, and 三公经费
MEASURES = {
    "年初预算数": "年初预算数", "年初预算": "年初预算数",
    "全年预算数": "全年预算数", "全年预算": "全年预算数", "调整后预算": "全年预算数",
    "全年执行数": "全年执行数", "执行数": "全年执行数", "实际支出": "全年执行数",
    "执行率": "执行率",
    "上年决算": "上年决算数", "决算数": "本年决算数", "决算": "本年决算数",
    "预算数": "本年预算数",
}
BUDGET_MEASURES = {"年初预算数", "全年预算数", "全年执行数", "执行率"}
SANGONG_MEASURES = {"上年决算数", "本年决算数", "本年预算数"}
# words naming one figure outright when a number follows them
DIRECT = {
    "工资福利支出": "基本支出.工资福利支出",
    "商品和服务支出": "基本支出.商品和服务支出",
    "对个人和家庭的补助": "基本支出.对个人和家庭的补助",
    "人员经费": "基本支出.人员经费",
    "公用经费": "基本支出.公用经费",
    "编制数": "人员.编制数",
    "实际在职人数": "人员.实际在职人数",
    "在职人员控制率": "人员.控制率",
    "人员控制率": "人员.控制率",
    "执行率得分": "自评.执行率得分",
    "自评总分": "自评.总分", "总分": "自评.总分", "综合得分": "自评.总分",
    "政府采购金额": "经费控制.政府采购金额.本年决算数",
}
DEFAULT_MEASURES = {"执行率": "自评.执行率"}
_WORDS = sorted([*SUBJECTS, *MEASURES, *DIRECT], key=len, reverse=True)
KEYWORD = re.compile("|".join([SANGONG.pattern, *map(re.escape, _WORDS)]))
GAP = re.compile(r"^\s*(?:为|是|达到|达|共|计|合计|共计|总计|约|：|:)?\s*$")
CHANGE_GAP = re.compile(r"(?:下降|减少|降低|缩减|增长|增加|上升|提高)\s*$")
CLAUSE_OPENING = re.compile(r"^\s*(?:比上年|较上年|同比|比|较)")
SENTENCE_END = "。；;！？!?"


def subject_of(text: str) -> str | None:
    """The subject word ``text`` (a heading, a title) is about, if any."""
    match = next((m for m in KEYWORD.finditer(text) if _word(m.group()) in SUBJECTS), None)
    return _word(match.group()) if match else None


def _word(text: str) -> str:
    return "三公经费" if SANGONG.fullmatch(text) else text


def _sentence_start(text: str, position: int) -> int:
    return max(text.rfind(mark, 0, position) for mark in SENTENCE_END) + 1


def _measure_path(measure: str, subject: str | None) -> str | None:
    if subject is None:
        return DEFAULT_MEASURES.get(measure)
    prefix = SUBJECTS[subject][0]
    if subject == "三公经费":
        return f"{prefix}.{measure}" if measure in SANGONG_MEASURES else None
    return f"{prefix}.{measure}" if measure in BUDGET_MEASURES else None


def claim_for(text: str, number: Number, fallback: str | None,
              projects: tuple[str, ...] = (), only: str | None = None) -> str | None:
    """The figure ``number`` in ``text`` claims to be, or None. A score or rate of a
    self-evaluation form is the named project's, else ``only``'s (the one project a 项目
    report is about), else the department's."""
    start = _sentence_start(text, number.start)
    before = text[start:number.start]
    path = _claim(before, number, fallback)
    project = project_named(before, projects) or only
    if path and path.startswith("自评.") and project:
        return f"项目自评.{project}.{path.removeprefix('自评.')}"
    return path


def project_named(text: str, projects: tuple[str, ...]) -> str | None:
    """The project ``text`` names last, if it names one."""
    named = [name for name in projects if name in text]
    return max(named, key=text.rfind) if named else None


def only_project(document: str | None, projects: tuple[str, ...]) -> str | None:
    """The project a sentence of ``document`` speaks of when it names none: in a 项目 report,
    the report's only project."""
    return projects[0] if document == PROJECT_REPORT and len(projects) == 1 else None


def _claim(before: str, number: Number, fallback: str | None) -> str | None:
    keywords = list(KEYWORD.finditer(before))
    if number.unit == "%" and CHANGE_GAP.search(before):
        clause_start = before.rfind("，") + 1
        clause = before[clause_start:]
        previous = before[before.rfind("，", 0, max(clause_start - 1, 0)) + 1:clause_start]
        if SANGONG.search(clause) or (CLAUSE_OPENING.match(clause) and SANGONG.search(previous)):
            return "三公经费.变动"
        return None
    if not keywords or not GAP.match(before[keywords[-1].end():]):
        return None
    word = _word(keywords[-1].group())
    if word in DIRECT:
        return DIRECT[word]
    if word in SUBJECTS:
        return SUBJECTS[word][1]
    measure = MEASURES[word]
    subjects = [_word(k.group()) for k in keywords[:-1] if _word(k.group()) in SUBJECTS]
    return _measure_path(measure, subjects[-1] if subjects else fallback)
