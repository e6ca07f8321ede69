"""The data foundation's catalogue (数据资源目录) beyond names and counts: each resource's description, format,
sharing and open class, tags, its schema, and which resources keep real rows (a sample) with which defect rates.

Stated defect rates of the simulated records (per new record, before a department's quality factor):
missing required field 2.0 %, invalid ID-card or credit-code checksum 1.5 %, phone in a bad format 3.0 %,
coordinates outside Lingwu 1.0 %, implausible date 0.5 %, a duplicate of an earlier record 1.0 %, a value off its
schema (an unknown category, broken encoding) 0.5 %. Departments
differ: 住房保障中心 (B21) doubles these, 应急管理局 (B14) halves them. Stale resources stop syncing on STALE_FROM;
empty platforms are declared in the catalogue and never deliver a row.
"""

from __future__ import annotations

from datetime import date

# Field: (name, label, type, required, sensitive). Types: str, int, number, date, enum:<a|b>, name, id, uscc, phone,
# address, lat, lon. Sensitive fields are masked by role on the server.
F = tuple[str, str, str, bool, bool]

SCHEMAS: dict[str, tuple[F, ...]] = {
    "rental": (
        ("unit_code", "房屋编码", "str", True, False),
        ("tenant_name", "承租人", "name", True, True),
        ("id_no", "身份证号", "id", True, True),
        ("phone", "联系电话", "phone", True, True),
        ("address", "住址", "address", False, True),
        ("household", "家庭人口", "int", False, False),
        ("move_in", "入住日期", "date", True, False),
        ("lat", "纬度", "lat", True, False),
        ("lon", "经度", "lon", True, False),
    ),
    "shop": (
        ("shop_code", "商铺编码", "str", True, False),
        ("shop_name", "商铺名称", "str", True, False),
        ("credit_code", "统一社会信用代码", "uscc", True, False),
        ("operator", "经营者", "name", True, True),
        ("phone", "联系电话", "phone", True, True),
        ("category", "经营类别", "enum:餐饮|零售|服务|维修|其他", True, False),
        ("licensed_on", "登记日期", "date", True, False),
        ("lat", "纬度", "lat", True, False),
        ("lon", "经度", "lon", True, False),
    ),
    "enterprise": (
        ("ent_no", "企业编号", "str", True, False),
        ("credit_code", "统一社会信用代码", "uscc", True, False),
        ("name", "企业名称", "str", True, False),
        ("contact", "安全负责人", "name", True, True),
        ("phone", "联系电话", "phone", True, True),
        ("risk", "风险等级", "enum:重大|较大|一般|低", True, False),
        ("inspected_on", "最近检查", "date", False, False),
        ("lat", "纬度", "lat", True, False),
        ("lon", "经度", "lon", True, False),
    ),
    "hazard": (
        ("code", "隐患编号", "str", True, False),
        ("name", "名称", "str", True, False),
        ("kind", "类别", "enum:危化品|燃气|地质|消防|其他", True, False),
        ("responsible", "责任人", "name", True, True),
        ("phone", "联系电话", "phone", True, True),
        ("found_on", "发现日期", "date", True, False),
        ("lat", "纬度", "lat", True, False),
        ("lon", "经度", "lon", True, False),
    ),
    "relief": (
        ("case_no", "救助编号", "str", True, False),
        ("name", "姓名", "name", True, True),
        ("id_no", "身份证号", "id", True, True),
        ("phone", "联系电话", "phone", False, True),
        ("address", "住址", "address", True, True),
        ("amount", "月救助金(元)", "number", True, False),
        ("approved_on", "审批日期", "date", True, False),
    ),
}
DUP_KEY = {"rental": "id_no", "shop": "credit_code", "enterprise": "credit_code", "hazard": "code", "relief": "id_no"}

# Resources (1-based ids of catalog_assets.DATA_SOURCES) that keep real rows, by schema.
SAMPLED: dict[int, str] = {6: "relief", 21: "rental", 22: "shop", 27: "enterprise", 28: "hazard"}
DEFECTS = {
    "missing": 0.020,
    "checksum": 0.015,
    "phone": 0.030,
    "outside": 0.010,
    "date": 0.005,
    "duplicate": 0.010,
    "schema": 0.005,
}
DEPT_DEFECT_FACTOR = {"B21": 2.0, "B14": 0.5}
STALE_FROM: dict[int, date] = {20: date(2024, 3, 1), 24: date(2024, 2, 1)}  # 物业小区台账, 耕地与土地流转 stop syncing

# (format, sharing class, open class, tags, description) per resource id; unlisted ids take DEFAULT.
SHARE = ("unconditional", "conditional", "none")  # 无条件共享 / 有条件共享 / 不予共享
OPEN = ("open", "conditional", "closed")  # 无条件开放 / 有条件开放 / 不予开放
DEFAULT = ("接口", "conditional", "closed", ("政务",), "部门业务数据，按目录汇聚至数据底座。")
META: dict[int, tuple[str, str, str, tuple[str, ...], str]] = {
    1: ("接口", "conditional", "closed", ("人口", "基础库"), "全市常住与户籍人口基础信息，供各部门核验身份。"),
    2: ("接口", "unconditional", "conditional", ("法人", "基础库"), "机关、事业单位、企业与社会组织的法人信息。"),
    3: ("接口", "conditional", "closed", ("不动产", "基础库"), "不动产权属登记与抵押信息。"),
    4: ("接口", "conditional", "closed", ("社保",), "养老、失业、工伤参保与缴费记录。"),
    5: ("接口", "conditional", "closed", ("医保",), "定点医疗机构医保结算明细。"),
    6: ("库表", "conditional", "closed", ("民政", "救助"), "城乡低保、特困供养与临时救助对象台账。"),
    7: ("库表", "conditional", "closed", ("教育",), "中小学学籍与在校生信息。"),
    8: ("接口", "none", "closed", ("卫健",), "居民电子健康档案（涉及个人隐私，不予共享）。"),
    9: ("接口", "unconditional", "conditional", ("12345", "诉求"), "12345 热线与多渠道诉求工单。"),
    10: ("接口", "unconditional", "conditional", ("城管",), "数字城管部件事件案卷。"),
    11: ("库表", "conditional", "closed", ("视频",), "视频汇聚平台点位目录（GB/T 28181 编码）。"),
    12: ("接口", "unconditional", "closed", ("视频", "AI"), "视频 AI 算法告警事件。"),
    13: ("接口", "conditional", "closed", ("水务", "公用事业"), "供水户籍与月度用水量。"),
    14: ("接口", "conditional", "closed", ("电力", "公用事业"), "用电户与月度用电量。"),
    15: ("接口", "conditional", "closed", ("燃气", "公用事业"), "燃气用户与安检信息。"),
    16: ("接口", "conditional", "closed", ("供热", "公用事业"), "供热用户与缴费信息。"),
    17: ("文件", "unconditional", "open", ("交通",), "公交刷卡客流（按线路、站点汇总）。"),
    18: ("接口", "unconditional", "open", ("市场主体",), "市场主体设立、变更、注销登记。"),
    19: ("库表", "unconditional", "conditional", ("住建",), "房屋建筑与市政工程项目库。"),
    20: (
        "电子表格",
        "unconditional",
        "conditional",
        ("住建", "物业"),
        "物业小区与物业企业台账（静态报表，长期未更新）。",
    ),
    21: ("库表", "conditional", "closed", ("一户一码", "住房"), "公租房一户一码电子门牌与承租人台账。"),
    22: ("库表", "unconditional", "conditional", ("一铺一码", "市场"), "沿街商铺一铺一码信息与经营者台账。"),
    23: ("库表", "unconditional", "open", ("农业",), "家庭农场、合作社等农业经营主体。"),
    24: ("电子表格", "conditional", "closed", ("自然资源",), "耕地保护与土地流转台账（静态报表，长期未更新）。"),
    25: ("接口", "unconditional", "open", ("环境",), "空气、水环境自动监测数据。"),
    26: ("接口", "unconditional", "conditional", ("水务",), "管网压力、水质、液位监测数据。"),
    27: ("库表", "conditional", "closed", ("应急", "企业"), "安全生产重点企业台账与风险分级。"),
    28: ("库表", "conditional", "closed", ("应急", "隐患"), "危险源与隐患点台账。"),
    29: ("接口", "unconditional", "conditional", ("政务服务",), "政务服务事项办件过程与结果。"),
    30: ("接口", "unconditional", "open", ("文旅",), "景区、场馆客流统计。"),
    31: ("接口", "unconditional", "closed", ("网格",), "四级网格员巡查上报记录。"),
    32: ("接口", "unconditional", "conditional", ("互联网+监管",), "双随机检查与行政处罚上传记录。"),
}
EMPTY_NOTE = "平台已建成、目录已编制，但部门尚未接入任何数据（空平台）。"
for _sid, _tags in ((33, ("交通", "空平台")), (34, ("教育", "空平台")), (35, ("民政", "空平台"))):
    META[_sid] = ("接口", "conditional", "closed", _tags, EMPTY_NOTE)


def meta(source_id: int) -> tuple[str, str, str, tuple[str, ...], str]:
    return META.get(source_id, DEFAULT)
