"""Static catalogues of the simulated Lingwu: towns (population), departments (pace, quality), channels, categories
(time limits, seasons)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

COUNTY_CODE = "640181"
COUNTY_NAME = "灵武市"
CORE_LAT, CORE_LON = 38.10, 106.34
CAL_START, CAL_END, REPORT_DAY = date(2024, 1, 1), date(2024, 6, 30), date(2024, 8, 26)
DATA_RECORDS_TARGET = 1_867_000


@dataclass(frozen=True)
class Town:
    code: str  # 9 digits: county + 3
    name: str
    lat: float  # approximate seat of the town (power-diagram site)
    lon: float
    weight: float  # power-diagram weight (km2): bigger = larger polygon
    villages: int
    population: int
    kind: str = "rural"  # urban | suburb | industry | rural: what its residents call about
    calls: float = 1.0  # requests per resident relative to the county (town dwellers call more)


# Approximate sites of the real level-2 divisions (geometry is synthetic and labelled so).
TOWNS: tuple[Town, ...] = (
    Town("640181001", "城区街道", 38.100, 106.340, -12.0, 9, 98_000, "urban", 1.15),
    Town("640181100", "东塔镇", 38.060, 106.380, 6.0, 14, 52_000, "suburb", 1.05),
    Town("640181101", "郝家桥镇", 38.020, 106.280, 5.0, 11, 24_000, "rural", 0.85),
    Town("640181102", "崇兴镇", 38.190, 106.330, 5.0, 12, 27_000, "rural", 0.85),
    Town("640181103", "宁东镇", 38.120, 106.620, 100.0, 9, 30_000, "industry", 1.0),
    Town("640181104", "马家滩镇", 37.760, 106.620, 80.0, 7, 12_000, "rural", 0.85),
    Town("640181105", "临河镇", 38.270, 106.470, 20.0, 10, 16_000, "rural", 0.85),
    Town("640181200", "梧桐树乡", 37.960, 106.230, 10.0, 10, 14_000, "rural", 0.85),
    Town("640181201", "白土岗乡", 37.840, 106.380, 40.0, 8, 9_000, "rural", 0.85),
    Town("640181400", "灵武农场", 38.140, 106.270, -3.0, 5, 8_000, "rural", 0.85),
)
TOWN_BY_CODE = {t.code: t for t in TOWNS}


@dataclass(frozen=True)
class Dept:
    code: str
    name: str
    kind: str  # bureau | town | utility | center
    late: float  # share of its orders it would finish past the deadline (before any extension): its own pace
    quality: float  # multiplies the dissatisfaction odds (1 = average)
    sign_hours: float  # typical working hours to sign a dispatched ticket
    return_rate: float  # share of dispatched tickets returned as "not ours"
    town_code: str | None = None
    field: bool = False  # crews out every day (城管): 处置 in the FIELD shift, not office hours


# The seed's complaint ("some departments sign for and handle tickets slowly and poorly; the same dissatisfaction
# recurs; departments pass the buck") is these rows: 住建 (B02), 自然资源 (B06), 人社 (B12), 住房保障 (B21), the
# heating company (U04) and 宁东镇 (T05) are slow to sign, often late, return more and satisfy fewer.
DEPARTMENTS: tuple[Dept, ...] = (
    Dept("C00", "灵武市智慧城市运营中心", "center", 0.02, 0.8, 0.5, 0.0),
    Dept("B01", "市城市管理综合执法局", "bureau", 0.07, 0.9, 1.5, 0.03, field=True),
    Dept("B02", "市住房和城乡建设局", "bureau", 0.34, 1.6, 6.0, 0.10),  # slow, many repeat complaints
    Dept("B03", "市市场监督管理局", "bureau", 0.07, 0.9, 2.0, 0.04),
    Dept("B04", "市公安局", "bureau", 0.04, 0.8, 1.0, 0.03),
    Dept("B05", "市交通运输局", "bureau", 0.10, 1.0, 2.5, 0.05),
    Dept("B06", "市自然资源局", "bureau", 0.38, 1.5, 6.5, 0.12),  # slow: the seed's buck-passing
    Dept("B07", "宁夏回族自治区生态环境厅灵武分局", "bureau", 0.10, 1.0, 3.0, 0.05),
    Dept("B08", "市水务局", "bureau", 0.08, 1.0, 2.5, 0.05),
    Dept("B09", "市农业农村局", "bureau", 0.12, 1.1, 3.0, 0.06),
    Dept("B10", "市教育体育局", "bureau", 0.06, 0.9, 2.0, 0.03),
    Dept("B11", "市卫生健康局", "bureau", 0.06, 0.9, 2.0, 0.03),
    Dept("B12", "市人力资源和社会保障局", "bureau", 0.32, 1.6, 5.0, 0.08),  # slow: wage arrears
    Dept("B13", "市民政局", "bureau", 0.06, 0.9, 2.0, 0.03),
    Dept("B14", "市应急管理局", "bureau", 0.04, 0.8, 1.0, 0.02),
    Dept("B15", "市文化旅游广电局", "bureau", 0.06, 0.9, 2.0, 0.03),
    Dept("B16", "市医疗保障局", "bureau", 0.07, 1.0, 2.0, 0.03),
    Dept("B17", "市发展和改革局", "bureau", 0.12, 1.1, 3.0, 0.05),
    Dept("B18", "市工业信息化和商务局", "bureau", 0.10, 1.0, 3.0, 0.05),
    Dept("B19", "市审批服务管理局", "bureau", 0.04, 0.8, 1.5, 0.02),
    Dept("B20", "市消防救援大队", "bureau", 0.02, 0.7, 0.5, 0.01),
    Dept("B21", "市住房保障中心", "bureau", 0.24, 1.3, 4.0, 0.07),
    Dept("U01", "灵武市供水公司", "utility", 0.04, 1.0, 1.0, 0.03),
    Dept("U02", "国网灵武市供电公司", "utility", 0.04, 0.9, 1.0, 0.03),
    Dept("U03", "灵武市天然气公司", "utility", 0.03, 1.0, 1.0, 0.03),
    Dept("U04", "灵武市热力公司", "utility", 0.28, 1.5, 2.5, 0.06),  # heating complaints every winter
    Dept("U05", "灵武市公共交通公司", "utility", 0.07, 1.0, 2.0, 0.04),
    Dept("U06", "中国电信灵武分公司", "utility", 0.08, 1.0, 2.0, 0.05),
    *(
        Dept(
            f"T{i:02d}",
            f"{t.name}{'办事处' if t.name.endswith('街道') else '人民政府' if not t.name.endswith('农场') else ''}",
            "town",
            late,
            q,
            sh,
            rr,
            t.code,
        )
        for i, (t, (late, q, sh, rr)) in enumerate(
            zip(
                TOWNS,
                (
                    (0.08, 0.9, 1.5, 0.04),
                    (0.10, 1.0, 2.0, 0.05),
                    (0.12, 1.1, 3.0, 0.06),
                    (0.10, 1.0, 2.0, 0.05),
                    (0.30, 1.6, 6.0, 0.11),  # 宁东镇: slow
                    (0.15, 1.2, 4.0, 0.08),
                    (0.11, 1.0, 2.5, 0.05),
                    (0.12, 1.1, 3.0, 0.06),
                    (0.14, 1.2, 3.5, 0.07),
                    (0.12, 1.1, 3.0, 0.06),
                ),
                strict=True,
            ),
            start=1,
        )
    ),
)
SLOW_DEPARTMENTS = frozenset({"B02", "B06", "B12", "B21", "U04", "T05"})
FAST_DEPARTMENTS = frozenset({"B04", "B14", "B19", "B20", "U01", "U02", "U03"})
DEPT_BY_CODE = {d.code: d for d in DEPARTMENTS}
TOWN_DEPT = {d.town_code: d.code for d in DEPARTMENTS if d.town_code}

CHANNELS: tuple[tuple[str, str], ...] = (
    ("phone", "12345电话"),
    ("weibo", "政务微博"),
    ("wechat", "微信公众号"),
    ("app", "灵武通APP"),
    ("web", "政府网站"),
    ("sms", "短信"),
    ("110", "110转办"),
    ("upper", "上级转办"),
    ("video_ai", "视频AI发现"),
    ("inspector", "网格监督员"),
    ("open311", "Open311接口"),
    ("public", "公众举报"),
    ("shop_code", "一铺一码"),
    ("rental_code", "一户一码"),
    ("iot", "物联感知"),
)
# hotline channel mix (share of non-Weibo 12345 requests); Weibo is counted separately (11 in H1)
HOTLINE_CHANNEL_MIX = (
    ("phone", 0.86),
    ("wechat", 0.05),
    ("app", 0.03),
    ("web", 0.02),
    ("sms", 0.01),
    ("110", 0.02),
    ("upper", 0.01),
)
CM_SOURCE_MIX = (("inspector", 0.52), ("public", 0.30), ("video_ai", 0.18))


@dataclass(frozen=True)
class HotlineType:
    code: str
    name: str
    domain: str  # 咨询 | 求助 | 投诉 | 举报 | 建议
    limit: tuple[float, str]
    dept: str | None  # None = 属地 (the town government of the location)
    share: float
    keywords: str
    season: str = ""  # a key of feeds.arrivals.SEASONS: the month profile and the weather that drive it
    where: str = ""  # urban | rural | industry: where it is mostly asked about (feeds.arrivals.AFFINITY)

    @property
    def urgent(self) -> bool:
        """A limit in clock hours (24 h): the night duty dispatches it and the utility's 24-hour crew handles it."""
        return self.limit[1] == "hours"


HOTLINE_TYPES: tuple[HotlineType, ...] = (
    HotlineType("H0101", "政策咨询", "咨询", (1, "work_days"), "C00", 0.070, "政策 咨询 怎么办理 需要什么材料"),
    HotlineType("H0102", "社保医保咨询", "咨询", (1, "work_days"), "B16", 0.040, "医保 报销 社保 缴费 参保"),
    HotlineType("H0103", "户籍证件咨询", "咨询", (1, "work_days"), "B04", 0.025, "户口 身份证 落户 迁移"),
    HotlineType("H0201", "供水问题", "求助", (24, "hours"), "U01", 0.060, "停水 水压低 水管 漏水 水质", "winter"),
    HotlineType("H0202", "供电问题", "求助", (24, "hours"), "U02", 0.045, "停电 电压 断电 电表", "summer"),
    HotlineType(
        "H0203", "供暖问题", "投诉", (2, "work_days"), "U04", 0.060, "暖气 不热 供暖 温度低 采暖费", "heating", "urban"
    ),
    HotlineType("H0204", "燃气问题", "求助", (24, "hours"), "U03", 0.020, "燃气 天然气 异味 停气"),
    HotlineType(
        "H0301", "物业管理", "投诉", (5, "work_days"), "B02", 0.075, "物业 小区 电梯 门禁 物业费", where="urban"
    ),
    HotlineType(
        "H0302",
        "房屋质量与办证",
        "投诉",
        (10, "work_days"),
        "B02",
        0.035,
        "房产证 不动产 开发商 交房 漏水",
        where="urban",
    ),
    HotlineType("H0303", "保障性住房", "求助", (5, "work_days"), "B21", 0.015, "公租房 廉租房 保障房 申请"),
    HotlineType(
        "H0401", "拖欠农民工工资", "投诉", (5, "work_days"), "B12", 0.055, "工资 拖欠 讨薪 包工头", where="industry"
    ),
    HotlineType("H0402", "劳动就业", "咨询", (3, "work_days"), "B12", 0.020, "就业 招聘 劳动合同 失业金"),
    HotlineType("H0501", "市容环境卫生", "投诉", (3, "work_days"), "B01", 0.055, "垃圾 卫生 清运 脏乱"),
    HotlineType("H0502", "占道经营与违建", "举报", (5, "work_days"), "B01", 0.030, "占道 摊贩 违建 私搭乱建"),
    HotlineType(
        "H0503", "噪音扰民", "投诉", (3, "work_days"), "B07", 0.035, "噪音 扰民 夜间施工 广场舞", "noise", "urban"
    ),
    HotlineType(
        "H0504", "环境污染", "举报", (5, "work_days"), "B07", 0.020, "污染 排污 异味 烟尘 焚烧", where="industry"
    ),
    HotlineType("H0601", "道路交通", "投诉", (5, "work_days"), "B05", 0.030, "道路 坑洼 红绿灯 公交 出租车"),
    HotlineType("H0602", "公交出行", "建议", (5, "work_days"), "U05", 0.015, "公交 线路 站点 班次", where="urban"),
    HotlineType("H0701", "市场监管与消费维权", "投诉", (5, "work_days"), "B03", 0.050, "退款 假货 食品安全 价格 消费"),
    HotlineType("H0801", "教育", "咨询", (3, "work_days"), "B10", 0.030, "学校 入学 学区 收费 教师", "school"),
    HotlineType("H0802", "医疗卫生", "投诉", (3, "work_days"), "B11", 0.025, "医院 看病 医生 服务态度"),
    HotlineType(
        "H0901", "农业农村", "求助", (5, "work_days"), "B09", 0.025, "灌溉 农机 补贴 种植 养殖", "farm", "rural"
    ),
    HotlineType("H0902", "土地与规划", "投诉", (10, "work_days"), "B06", 0.030, "土地 征地 规划 宅基地", where="rural"),
    HotlineType("H1001", "社会救助与养老", "求助", (5, "work_days"), "B13", 0.025, "低保 养老 救助 残疾"),
    HotlineType("H1101", "村居事务", "求助", (5, "work_days"), None, 0.070, "村里 社区 邻里 纠纷 路灯"),
    HotlineType("H1102", "社会治安", "举报", (3, "work_days"), "B04", 0.020, "治安 诈骗 打架 赌博"),
    HotlineType("H1201", "网络通信", "投诉", (3, "work_days"), "U06", 0.015, "网络 宽带 信号 话费"),
    HotlineType("H1301", "营商环境与审批", "建议", (10, "work_days"), "B19", 0.020, "审批 营业执照 企业 办事效率"),
    HotlineType("H1401", "文化旅游", "咨询", (3, "work_days"), "B15", 0.010, "景区 长流水 文化 演出", "tourism"),
    HotlineType(
        "H1501", "安全生产", "举报", (3, "work_days"), "B14", 0.010, "安全隐患 危化品 消防通道", where="industry"
    ),
    HotlineType("H1601", "产业与价格", "建议", (15, "work_days"), "B17", 0.010, "价格 物价 项目 产业"),
    HotlineType("H1701", "积水与排水", "求助", (24, "hours"), "B08", 0.010, "积水 下水道 排水 内涝", "rain"),
)


@dataclass(frozen=True)
class CmType:
    code: str  # BJ/SJ + 大类 2 + 小类 2
    name: str
    domain: str  # 部件-公用设施 etc.
    limit: tuple[float, str]
    dept: str | None  # None = 属地
    share: float
    algorithm: str | None = None  # the video-AI algorithm that finds it
    season: str = ""  # a key of feeds.arrivals.SEASONS

    @property
    def urgent(self) -> bool:
        return self.limit[1] == "hours"


_BJ = "部件"
_SJ = "事件"
CM_TYPES: tuple[CmType, ...] = (
    CmType("BJ0101", "上水井盖", f"{_BJ}-公用设施", (4, "work_hours"), "U01", 0.020, "CG17"),
    CmType("BJ0102", "污水井盖", f"{_BJ}-公用设施", (4, "work_hours"), "B08", 0.020, "CG17"),
    CmType("BJ0103", "雨水井盖", f"{_BJ}-公用设施", (4, "work_hours"), "B08", 0.015, "CG17"),
    CmType("BJ0104", "雨水箅子", f"{_BJ}-公用设施", (1, "work_days"), "B08", 0.010),
    CmType("BJ0105", "电力井盖", f"{_BJ}-公用设施", (4, "work_hours"), "U02", 0.008, "CG17"),
    CmType("BJ0111", "燃气井盖", f"{_BJ}-公用设施", (4, "work_hours"), "U03", 0.006),
    CmType("BJ0113", "消防设施", f"{_BJ}-公用设施", (1, "work_days"), "B20", 0.006),
    CmType("BJ0116", "电力设施", f"{_BJ}-公用设施", (1, "work_days"), "U02", 0.012),
    CmType("BJ0117", "电杆", f"{_BJ}-公用设施", (2, "work_days"), "U02", 0.008),
    CmType("BJ0118", "路灯", f"{_BJ}-公用设施", (2, "work_days"), "B01", 0.040),
    CmType("BJ0126", "健身设施", f"{_BJ}-公用设施", (5, "work_days"), "B10", 0.008),
    CmType("BJ0203", "公交站亭", f"{_BJ}-道路交通", (3, "work_days"), "U05", 0.008),
    CmType("BJ0209", "交通标志牌", f"{_BJ}-道路交通", (3, "work_days"), "B05", 0.010),
    CmType("BJ0211", "交通护栏", f"{_BJ}-道路交通", (3, "work_days"), "B05", 0.012),
    CmType("BJ0213", "路名牌", f"{_BJ}-道路交通", (5, "work_days"), "B01", 0.006),
    CmType("BJ0214", "交通信号灯", f"{_BJ}-道路交通", (4, "work_hours"), "B04", 0.008),
    CmType("BJ0301", "公共厕所", f"{_BJ}-市容环境", (1, "work_days"), "B01", 0.010),
    CmType("BJ0305", "垃圾箱", f"{_BJ}-市容环境", (1, "work_days"), "B01", 0.030, "CG14"),
    CmType("BJ0307", "广告牌匾", f"{_BJ}-市容环境", (5, "work_days"), "B01", 0.012),
    CmType("BJ0402", "行道树", f"{_BJ}-园林绿化", (3, "work_days"), "B01", 0.015, season="green"),
    CmType("BJ0405", "绿地", f"{_BJ}-园林绿化", (5, "work_days"), "B01", 0.015, "CG11", "green"),
    CmType("BJ0501", "宣传栏", f"{_BJ}-房屋土地", (5, "work_days"), None, 0.005),
    CmType("SJ0101", "私搭乱建", f"{_SJ}-市容环境", (20, "work_days"), None, 0.040),
    CmType("SJ0102", "暴露垃圾", f"{_SJ}-市容环境", (4, "work_hours"), "B01", 0.110, "CG07"),
    CmType("SJ0103", "积存垃圾渣土", f"{_SJ}-市容环境", (2, "work_days"), "B01", 0.040, "CG18"),
    CmType("SJ0104", "道路保洁", f"{_SJ}-市容环境", (2, "work_hours"), "B01", 0.040),
    CmType("SJ0105", "河道保洁", f"{_SJ}-市容环境", (15, "work_days"), "B08", 0.006, "HB07"),
    CmType("SJ0106", "绿地保洁", f"{_SJ}-市容环境", (4, "work_hours"), "B01", 0.020, season="green"),
    CmType("SJ0107", "废弃车辆", f"{_SJ}-市容环境", (5, "work_days"), "B04", 0.010),
    CmType("SJ0110", "道路积水", f"{_SJ}-市容环境", (4, "work_hours"), "B08", 0.010, season="rain"),
    CmType("SJ0111", "积雪结冰", f"{_SJ}-市容环境", (4, "work_hours"), "B01", 0.010, season="snow"),
    CmType("SJ0113", "焚烧垃圾树叶", f"{_SJ}-市容环境", (4, "work_hours"), "B07", 0.008, "HB04", "leaves"),
    CmType("SJ0114", "油烟污染", f"{_SJ}-市容环境", (5, "work_days"), "B07", 0.008),
    CmType("SJ0115", "沿街晾晒", f"{_SJ}-市容环境", (4, "work_hours"), None, 0.012, "CG08", "summer"),
    CmType("SJ0201", "非法张贴小广告", f"{_SJ}-宣传广告", (1, "work_days"), "B01", 0.050),
    CmType("SJ0202", "违章张贴悬挂广告牌匾", f"{_SJ}-宣传广告", (5, "work_days"), "B01", 0.015, "CG05"),
    CmType("SJ0205", "横幅标语", f"{_SJ}-宣传广告", (1, "work_days"), "B01", 0.010, "CG16"),
    CmType("SJ0301", "施工扰民", f"{_SJ}-施工管理", (2, "work_days"), "B02", 0.012, season="construction"),
    CmType("SJ0302", "工地扬尘", f"{_SJ}-施工管理", (1, "work_days"), "B02", 0.015, "HB05", "construction"),
    CmType("SJ0304", "道路遗撒", f"{_SJ}-施工管理", (4, "work_hours"), "B01", 0.012, "JT03"),
    CmType("SJ0306", "道路破损", f"{_SJ}-施工管理", (5, "work_days"), "B05", 0.020, "CG12"),
    CmType("SJ0307", "施工工地未围挡", f"{_SJ}-施工管理", (2, "work_days"), "B02", 0.006, season="construction"),
    CmType("SJ0308", "车轮带泥", f"{_SJ}-施工管理", (4, "work_hours"), "B02", 0.008, "HB06", "construction"),
    CmType("SJ0401", "路面塌陷", f"{_SJ}-突发事件", (2, "hours"), "B05", 0.004),
    CmType("SJ0402", "自来水管破裂", f"{_SJ}-突发事件", (2, "hours"), "U01", 0.006),
    CmType("SJ0404", "下水道堵塞", f"{_SJ}-突发事件", (4, "work_hours"), "B08", 0.012, season="drain"),
    CmType("SJ0405", "架空线缆不规范", f"{_SJ}-突发事件", (5, "work_days"), "U06", 0.015),
    CmType("SJ0501", "无照经营游商", f"{_SJ}-街面秩序", (2, "work_hours"), "B01", 0.080, "CG02"),
    CmType("SJ0504", "店外经营", f"{_SJ}-街面秩序", (2, "work_hours"), "B01", 0.060, "CG01"),
    CmType("SJ0505", "机动车乱停放", f"{_SJ}-街面秩序", (2, "work_hours"), "B04", 0.045, "CG20"),
    CmType("SJ0506", "非机动车乱停放", f"{_SJ}-街面秩序", (2, "work_hours"), "B01", 0.030, "CG21"),
    CmType("SJ0507", "乱堆物堆料", f"{_SJ}-街面秩序", (1, "work_days"), "B01", 0.035, "CG04"),
    CmType("SJ0510", "露天烧烤", f"{_SJ}-街面秩序", (2, "work_hours"), "B01", 0.015, season="bbq"),
    CmType("SJ0512", "占压盲道", f"{_SJ}-街面秩序", (2, "work_hours"), "B01", 0.008),
    CmType("SJ0599", "其他街面秩序", f"{_SJ}-街面秩序", (1, "work_days"), None, 0.012),
)


def normalised(items: tuple, attr: str = "share") -> list[float]:
    """Weights of `items` scaled to sum to 1."""
    total = sum(getattr(i, attr) for i in items)
    return [getattr(i, attr) / total for i in items]
