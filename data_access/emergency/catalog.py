"""The emergency domain's fixed vocabulary: the four national categories and their type trees, levels I-IV, the
command lifecycle, warning colours, the reporting chain and its clocks (facts: shared/reference/domain.md §5)."""

from __future__ import annotations

from datetime import timedelta

CATEGORIES = ("natural", "accident", "health", "social")  # 自然灾害 / 事故灾难 / 公共卫生事件 / 社会安全事件

# category -> {group: (types...)}: the type tree shown when an incident is reported (kind = the leaf)
TYPE_TREE: dict[str, dict[str, tuple[str, ...]]] = {
    "natural": {
        "气象灾害": ("暴雨内涝", "沙尘暴", "暴雪", "大风", "寒潮", "高温", "冰雹"),
        "水旱灾害": ("黄河洪水", "黄河凌汛", "山洪", "干旱"),
        "地质灾害": ("地震", "崩塌滑坡", "地面塌陷"),
        "生物灾害": ("森林草原火灾", "农作物病虫害"),
    },
    "accident": {
        "生产安全事故": ("危化品泄漏", "危化品爆炸", "矿山事故", "工贸企业事故", "建筑施工事故"),
        "交通运输事故": ("道路交通事故", "危化品运输事故"),
        "公共设施事故": ("燃气泄漏", "供水管网爆管", "大面积停电", "通信中断"),
        "火灾": ("火灾", "高层建筑火灾"),
        "环境污染": ("突发环境事件",),
    },
    "health": {
        "传染病疫情": ("传染病疫情", "群体性不明原因疾病"),
        "食品药品安全": ("食物中毒", "药品安全事件"),
        "动物疫情": ("重大动物疫情",),
    },
    "social": {
        "群体性事件": ("群体性事件",),
        "公共安全": ("恐怖袭击", "刑事案件", "踩踏事件"),
        "网络与信息安全": ("网络安全事件",),
    },
}
KINDS = {kind: cat for cat, groups in TYPE_TREE.items() for kinds in groups.values() for kind in kinds}

LEVELS = (1, 2, 3, 4)  # I 特别重大, II 重大, III 较大, IV 一般
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# the lifecycle: 接报 -> 核实 -> 先期处置 -> 响应 -> 扩大响应 -> 处置完毕 -> 恢复 -> 评估/关闭
STAGES = ("reported", "verified", "initial", "response", "expanded", "handled", "recovery", "closed")
# action -> (stages it may follow, stage it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "verify": (("reported",), "verified"),
    "initial": (("verified",), "initial"),
    "respond": (("verified", "initial"), "response"),
    "expand": (("response",), "expanded"),
    "handled": (("response", "expanded"), "handled"),
    "recover": (("handled",), "recovery"),
    "close": (("handled", "recovery"), "closed"),
}
# actions that keep the stage (allowed on any open incident); relevel only once a response level is set
SIDE_ACTIONS = (
    "relevel",
    "report",
    "followup",
    "note",
    "plan",
    "task_done",
    "casualties",
    "dispatch",
    "dispatch_state",
)
SUPERVISE = "supervise"  # an overdue report flagged (automatic, once per clock)
ACTIONS = (*TRANSITIONS, *SIDE_ACTIONS, SUPERVISE)

DISPATCH_STATES = ("requested", "reserved", "dispatched", "on_scene", "returned")
DISPATCH_NEXT = {
    "requested": ("reserved", "dispatched", "returned"),
    "reserved": ("dispatched", "returned"),
    "dispatched": ("on_scene", "returned"),
    "on_scene": ("returned",),
    "returned": (),
}

# warnings (突发事件应对法: 一级..四级 = red, orange, yellow, blue) and their CAP severity
COLORS = ("red", "orange", "yellow", "blue")
CAP_SEVERITY = {"red": "Extreme", "orange": "Severe", "yellow": "Moderate", "blue": "Minor"}
CAP_URGENCY = {"red": "Immediate", "orange": "Immediate", "yellow": "Expected", "blue": "Future"}
HAZARDS: dict[str, tuple[str, str, str]] = {  # code -> (中文 name, CAP category, issuing department code)
    "rainstorm": ("暴雨", "Met", "416"),
    "gale": ("大风", "Met", "416"),
    "sandstorm": ("沙尘暴", "Met", "416"),
    "snow": ("暴雪", "Met", "416"),
    "cold": ("寒潮", "Met", "416"),
    "heat": ("高温", "Met", "416"),
    "hail": ("冰雹", "Met", "416"),
    "flood": ("黄河洪水", "Met", "417"),
    "ice": ("黄河凌汛", "Met", "417"),
    "geo": ("地质灾害", "Geo", "418"),
    "chemical": ("危化品", "Safety", "900"),
    "health": ("公共卫生", "Health", "901"),
}
AREA_CODE = "640181"  # GB/T 2260: 灵武市
SENDER = "yjgl.640181.lingwu.gov.cn"  # CAP sender: the command centre (no spaces, commas, < or &)

# the reporting chain: who each level reports to, the first report's limit and each step up's limit
CHAIN = ("county", "city", "region", "state")  # 灵武市应急管理局 / 银川市 / 自治区 / 国务院
CHAIN_FOR_LEVEL = {4: 1, 3: 2, 2: 3, 1: 4}  # how far up the chain a level reports (IV: the county leads)
FIRST_REPORT = timedelta(hours=1)
STEP_UP = timedelta(hours=2)
FOLLOWUP = {1: timedelta(hours=12), 2: timedelta(hours=12), 3: timedelta(hours=24), 4: timedelta(hours=24)}
AMBER_AT = timedelta(minutes=30)  # a clock turns amber with this much (or a third of its span) left, red when overdue
