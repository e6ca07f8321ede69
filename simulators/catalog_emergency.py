"""The static emergency city: plans (预案) with their checklists, hazard sources (宁东能源化工基地 chemical sites,
tailings, geological hazards, river works), store items, the duty roster and team skills. Synthetic but shaped on
a county's published 专项应急预案 structure (owner department, deadline after activation)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from simulators.locate import locator

# (code, name, category, kind, worst level, mildest level, tasks: (action, department, minutes after activation))
PLANS: tuple[tuple[str, str, str, str, int, int, tuple[tuple[str, str, int], ...]], ...] = (
    (
        "YA-FX-01",
        "灵武市防汛应急预案（暴雨内涝）",
        "natural",
        "暴雨内涝",
        1,
        4,
        (
            ("启动防汛应急响应，指挥部成员到岗", "市防汛抗旱指挥部办公室", 15),
            ("排涝泵车赶赴积水点", "市住房和城乡建设局", 30),
            ("封控积水路段，疏导交通", "市公安局交警大队", 30),
            ("转移低洼地带群众，开放避难场所", "属地镇街", 60),
            ("发布预警及出行提示", "市气象局", 20),
            ("向银川市报送灾情", "市应急管理局", 60),
        ),
    ),
    (
        "YA-FX-02",
        "灵武市黄河防汛应急预案（洪水/凌汛）",
        "natural",
        "黄河凌汛",
        1,
        4,
        (
            ("堤防巡查加密至每 2 小时一次", "市水务局", 30),
            ("防汛抢险队、民兵应急连集结", "市人武部", 45),
            ("调运防汛物资（编织袋、块石）", "市应急管理局", 60),
            ("临河村庄人员转移预案就绪", "临河镇", 90),
            ("向自治区黄河防汛办报告险情", "市防汛抗旱指挥部办公室", 60),
        ),
    ),
    (
        "YA-FX-03",
        "灵武市黄河防汛应急预案（洪水）",
        "natural",
        "黄河洪水",
        1,
        4,
        (
            ("堤防险工段 24 小时值守", "市水务局", 30),
            ("沿河群众转移", "属地镇街", 90),
            ("调运防汛物资", "市应急管理局", 60),
        ),
    ),
    (
        "YA-QX-01",
        "灵武市沙尘暴灾害应急预案",
        "natural",
        "沙尘暴",
        1,
        4,
        (
            ("发布沙尘暴预警和防护提示", "市气象局", 15),
            ("停止户外施工、高空作业", "市住房和城乡建设局", 30),
            ("学校停止户外活动", "市教育体育局", 30),
            ("高速公路、国道限速管控", "市公安局交警大队", 30),
            ("设施农业大棚加固", "市农业农村局", 60),
        ),
    ),
    (
        "YA-QX-02",
        "灵武市暴雪冰冻灾害应急预案",
        "natural",
        "暴雪",
        1,
        4,
        (
            ("主干道除雪保通", "市住房和城乡建设局", 60),
            ("G20、G307 路况管控", "市公安局交警大队", 30),
            ("供暖、供电、供气保障巡查", "市发展和改革局", 60),
            ("困难群众、设施农业走访", "属地镇街", 120),
        ),
    ),
    (
        "YA-WH-01",
        "宁东基地危险化学品事故应急预案",
        "accident",
        "危化品泄漏",
        1,
        4,
        (
            ("危化品救援队、消防站出动", "宁东消防救援站", 10),
            ("划定警戒区，疏散下风向人员", "市公安局", 20),
            ("环境监测（大气、水体）", "市生态环境局", 30),
            ("危化品安全专家到场研判", "市应急管理局", 45),
            ("医疗救护待命", "市卫生健康局", 20),
            ("1 小时内向银川市、自治区报告", "市应急管理局", 60),
        ),
    ),
    (
        "YA-WH-02",
        "宁东基地危险化学品爆炸事故应急预案",
        "accident",
        "危化品爆炸",
        1,
        3,
        (
            ("启动基地联动，周边企业紧急停车", "宁东能源化工基地管委会", 15),
            ("消防、危化救援力量全部出动", "宁东消防救援站", 10),
            ("伤员转运、血液调配", "市卫生健康局", 30),
            ("疏散周边 3 公里人员", "市公安局", 45),
        ),
    ),
    (
        "YA-RQ-01",
        "灵武市燃气事故应急预案",
        "accident",
        "燃气泄漏",
        1,
        4,
        (
            ("燃气抢险队关阀止漏", "燃气公司", 20),
            ("疏散楼栋住户、禁绝火源", "属地镇街", 20),
            ("消防力量现场监护", "市消防救援大队", 20),
            ("检测周边浓度，确认安全后恢复供气", "燃气公司", 120),
        ),
    ),
    (
        "YA-HZ-01",
        "灵武市火灾事故应急预案",
        "accident",
        "火灾",
        1,
        4,
        (
            ("消防救援力量出动", "市消防救援大队", 5),
            ("120 到场救治", "市医疗急救中心", 15),
            ("现场警戒与交通管制", "市公安局", 20),
            ("受灾群众临时安置", "属地镇街", 120),
        ),
    ),
    (
        "YA-JT-01",
        "灵武市道路交通事故应急预案",
        "accident",
        "道路交通事故",
        1,
        4,
        (
            ("交警到场勘查、疏导", "市公安局交警大队", 15),
            ("120 救治伤员", "市医疗急救中心", 15),
            ("清障、恢复通行", "市交通运输局", 60),
        ),
    ),
    (
        "YA-GS-01",
        "灵武市供水突发事件应急预案",
        "accident",
        "供水管网爆管",
        1,
        4,
        (
            ("关阀、抢修", "供水公司", 30),
            ("停水区域临时送水", "供水公司", 90),
            ("发布停水及恢复通知", "市住房和城乡建设局", 30),
        ),
    ),
    (
        "YA-WS-01",
        "灵武市食物中毒事件应急预案",
        "health",
        "食物中毒",
        1,
        4,
        (
            ("患者救治、转诊", "市卫生健康局", 20),
            ("封存可疑食品，流行病学调查", "市疾病预防控制中心", 60),
            ("涉事餐饮单位停业整顿", "市市场监督管理局", 120),
        ),
    ),
    (
        "YA-WS-02",
        "灵武市突发公共卫生事件应急预案",
        "health",
        "传染病疫情",
        1,
        4,
        (
            ("流调溯源", "市疾病预防控制中心", 60),
            ("定点医院收治", "市卫生健康局", 120),
            ("密接人员管控", "属地镇街", 240),
        ),
    ),
    (
        "YA-SH-01",
        "灵武市群体性事件应急处置预案",
        "social",
        "群体性事件",
        1,
        4,
        (
            ("属地领导到场劝解", "属地镇街", 30),
            ("警力维持秩序", "市公安局", 20),
            ("相关部门现场接访、解释政策", "市信访局", 60),
        ),
    ),
)

HAZARDS: tuple[tuple[str, str, int, str | None, int], ...] = (  # name, kind, level, town, inspect every N days
    ("宁东能源化工基地·煤制油罐区", "危化品储存", 1, "640181103", 30),
    ("宁东能源化工基地·煤制烯烃装置区", "危化品生产", 1, "640181103", 30),
    ("宁东能源化工基地·甲醇储罐区", "危化品储存", 2, "640181103", 30),
    ("宁东能源化工基地·液氨储罐区", "危化品储存", 1, "640181103", 30),
    ("宁东能源化工基地·LNG 储配站", "危化品储存", 2, "640181103", 30),
    ("宁东能源化工基地·氯碱装置", "危化品生产", 2, "640181103", 30),
    ("宁东能源化工基地·危化品停车场", "危化品运输", 3, "640181103", 60),
    ("马家滩煤矿·瓦斯抽采站", "矿山", 2, "640181104", 30),
    ("马家滩·尾矿库", "尾矿库", 3, "640181104", 90),
    ("白土岗·崩塌滑坡隐患点", "地质灾害", 4, "640181201", 90),
    ("临河镇·黄河险工段", "防洪工程", 3, "640181105", 15),
    ("东塔镇·城市燃气门站", "燃气", 3, "640181100", 60),
    ("城区·灵武大道加油加气站", "危化品经营", 4, None, 90),
    ("崇兴镇·烟花爆竹仓库", "民爆物品", 3, "640181102", 60),
)

STORE_ITEMS: dict[
    str, tuple[tuple[str, str, int, int, int | None], ...]
] = {  # store name -> (item, unit, qty, min, shelf days)
    "市应急物资储备库": (
        ("救灾帐篷", "顶", 420, 300, None),
        ("棉被", "床", 2600, 2000, None),
        ("折叠床", "张", 900, 600, None),
        ("应急照明灯", "台", 160, 100, None),
        ("饮用水", "箱", 1200, 1000, 300),
        ("方便食品", "箱", 800, 1000, 120),
    ),
    "宁东应急物资储备点": (
        ("防化服", "套", 120, 100, None),
        ("空气呼吸器", "具", 60, 40, None),
        ("吸附棉", "包", 300, 200, 700),
        ("堵漏工具", "套", 25, 20, None),
    ),
    "防汛物资仓库(黄河岸)": (
        ("编织袋", "条", 52000, 50000, None),
        ("块石", "方", 1800, 1500, None),
        ("救生衣", "件", 640, 500, None),
        ("冲锋舟", "艘", 6, 6, None),
    ),
    "市医药储备库": (
        ("消毒液", "箱", 300, 200, 200),
        ("医用口罩", "万只", 18, 20, 500),
        ("急救包", "个", 420, 300, 400),
    ),
}

TEAM_SKILLS = {
    "消防": "灭火,抢险救援,高空救援",
    "危化": "危化品处置,侦检,洗消,堵漏",
    "防汛": "防汛抢险,排涝,水上救援",
    "矿山": "矿山救护,有限空间",
    "医疗": "院前急救,伤员转运",
    "公安": "警戒,交通管制,秩序维护",
    "民兵": "防汛抢险,人员转移",
    "蓝天": "搜救,水上救援,志愿服务",
    "供水": "管网抢修",
    "供电": "电力抢修,应急照明",
    "燃气": "燃气抢险,关阀堵漏",
}

ROSTER: tuple[tuple[str, tuple[str, ...]], ...] = (  # post -> people in rotation (duty staff, synthetic names)
    ("leader", ("马建军", "李文华", "王志刚", "张丽萍")),
    ("chief", ("刘洋", "杨帆", "周海燕", "赵磊", "孙静", "吴斌")),
    ("officer", ("陈晨", "黄鑫", "何敏", "罗军", "高峰", "郑雪", "梁宇", "宋佳")),
)


def plan_rows(_seed: int) -> list[dict]:
    return [
        {"code": c, "name": n, "category": cat, "kind": k, "worst_level": w, "mildest_level": m}
        for c, n, cat, k, w, m, _t in PLANS
    ]


def plan_task_rows(_seed: int) -> list[dict]:
    rows, i = [], 0
    for code, *_rest, tasks in PLANS:
        for seq, (action, dept, minutes) in enumerate(tasks, start=1):
            i += 1
            rows.append(
                {"id": i, "plan_code": code, "seq": seq, "action": action, "department": dept, "due_minutes": minutes}
            )
    return rows


def hazard_rows(seed: int) -> list[dict]:
    rng = random.Random(f"hazards:{seed}")
    loc, rows = locator(seed), []
    today = date(2024, 6, 30)
    for i, (name, kind, level, town, every) in enumerate(HAZARDS, start=1):
        p = loc.random_place(rng, town, core_share=1.0)
        last = today - timedelta(days=rng.randint(0, int(every * 1.4)))
        rows.append(
            {
                "id": i,
                "name": name,
                "kind": kind,
                "level": level,
                "town_code": p.town_code,
                "lat": p.lat,
                "lon": p.lon,
                "inspect_days": every,
                "last_inspected_on": last,
            }
        )
    return rows


def store_item_rows(_seed: int, resources: list[dict]) -> list[dict]:
    by_name = {r["name"]: r["id"] for r in resources}
    rows, i = [], 0
    for store, items in STORE_ITEMS.items():
        for name, unit, qty, minimum, shelf in items:
            i += 1
            expires = date(2024, 6, 30) + timedelta(days=shelf) if shelf else None
            rows.append(
                {
                    "id": i,
                    "resource_id": by_name[store],
                    "name": name,
                    "unit": unit,
                    "quantity": qty,
                    "min_quantity": minimum,
                    "expires_on": expires,
                }
            )
    return rows


def roster_rows(_seed: int) -> list[dict]:
    rows, i = [], 0
    for post, people in ROSTER:
        for seq, person in enumerate(people):
            i += 1
            rows.append({"id": i, "post": post, "seq": seq, "person": person, "phone": f"139{i:04d}{seq:04d}"})
    return rows


def resource_extra(kind: str, name: str, capacity: int) -> dict:
    """The columns of the emergency command a resource row adds: team skills, shelter beds at night."""
    skills = next((v for k, v in TEAM_SKILLS.items() if k in name), "") if kind == "team" else ""
    return {"skills": skills, "capacity_night": int(capacity * 0.6) if kind == "shelter" else 0}
