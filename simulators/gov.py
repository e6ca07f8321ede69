"""数字政府 static rows: extranet unit sites and the joint inspection's findings (consistent with extranet_unit's
counts), the campaign, 互联网+监管 uploads per department and month of H1 2024, the informatization projects."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from simulators import catalog as cat

CAMPAIGN = (1, "2024年电子政务外网安全联合检查", "市委网信办", date(2024, 4, 8), date(2024, 5, 31))
FINDINGS = (
    ("high", "弱口令", "核心交换机管理口令为弱口令"),
    ("high", "违规外联", "终端同时接入外网与互联网"),
    ("medium", "未打补丁", "服务器操作系统高危漏洞未修复"),
    ("medium", "端口暴露", "远程桌面端口对外网开放"),
    ("medium", "防病毒", "终端防病毒软件病毒库未更新"),
    ("low", "日志缺失", "安全设备日志留存不足六个月"),
    ("low", "资产台账", "接入设备台账与实际不符"),
)
DEADLINE_DAYS = {"high": 7, "medium": 15, "low": 30}
UPLOAD_DEPTS = ("B01", "B03", "B05", "B06", "B07", "B08", "B09", "B11", "B13", "B14", "B15", "B16", "B18", "B20")
DEPT_ID = {d.code: i for i, d in enumerate(cat.DEPARTMENTS, start=1)}
PROJECTS = (
    ("城市运营中心一网统管平台二期", "C00", 1280.0, "building", 2024),
    ("电子政务外网安全设备部署", "C00", 186.0, "accepted", 2024),
    ("政务数据共享交换平台升级", "C00", 420.0, "approved", 2024),
    ("数字城管系统迁移上云", "B01", 96.0, "running", 2023),
    ("智慧住建监管平台", "B02", 310.0, "proposed", 2024),
    ("市场监管一铺一码系统", "B03", 68.0, "running", 2023),
    ("雪亮工程视频接入扩容", "B04", 860.0, "building", 2024),
    ("智慧交通信号控制系统", "B05", 540.0, "approved", 2024),
    ("自然资源一张图", "B06", 275.0, "running", 2022),
    ("生态环境自动监测网络", "B07", 390.0, "running", 2023),
    ("智慧水务管网监测", "B08", 720.0, "building", 2024),
    ("数字乡村综合服务平台", "B09", 230.0, "accepted", 2024),
    ("智慧校园安全接入", "B10", 160.0, "proposed", 2024),
    ("全民健康信息平台", "B11", 480.0, "running", 2022),
    ("社会救助信息核对系统", "B13", 85.0, "accepted", 2023),
    ("应急指挥调度系统", "B14", 650.0, "building", 2024),
    ("政务服务一网通办改造", "B19", 340.0, "running", 2023),
    ("公租房一户一码管理系统", "B21", 58.0, "running", 2023),
)


def _extranet(seed: int) -> list[dict]:
    from simulators.city import extranet_rows  # why: the units' finding counts are decided there

    return extranet_rows(seed)


def site_rows(seed: int) -> list[dict]:
    rng = random.Random(f"extranet-site:{seed}")
    out = []
    for u in _extranet(seed):
        i = u["id"]
        day = CAMPAIGN[3] + timedelta(days=rng.randrange(0, 50))
        out.append(
            {
                "unit_id": i,
                "address": f"灵武市{rng.choice(cat.TOWNS).name}{rng.choice(('朔方路', '灵州大道', '文化街', '建设路'))}{rng.randrange(1, 200)}号",
                "segment": f"59.255.{100 + i // 4}.{(i % 4) * 64}/26",
                "devices": rng.randrange(3, 42),
                "last_inspected_at": datetime(day.year, day.month, day.day, 2 + rng.randrange(6)),
            }
        )
    return out


def campaign_rows(_seed: int) -> list[dict]:
    cid, name, partner, start, end = CAMPAIGN
    return [{"id": cid, "name": name, "partner": partner, "started_on": start, "ended_on": end}]


def finding_rows(seed: int) -> list[dict]:
    """One row per finding the unit counts; the rectified ones have dates, some are verified; some stay overdue."""
    rng = random.Random(f"extranet-findings:{seed}")
    out, n = [], 0
    for u in _extranet(seed):
        for k in range(u["findings"]):
            n += 1
            sev, catg, title = rng.choice(FINDINGS)
            found = CAMPAIGN[3] + timedelta(days=rng.randrange(0, 50))
            deadline = found + timedelta(days=DEADLINE_DAYS[sev])
            rectified = (
                found + timedelta(days=rng.randrange(2, DEADLINE_DAYS[sev] + 10)) if k < u["rectified"] else None
            )
            verified = rectified + timedelta(days=rng.randrange(1, 6)) if rectified and rng.random() < 0.8 else None
            out.append(
                {"id": n, "unit_id": u["id"], "campaign_id": CAMPAIGN[0], "severity": sev, "category": catg,
                 "title": title, "found_on": found, "deadline": deadline, "rectified_on": rectified,
                 "verified_on": verified}
            )  # fmt: skip
    return out


def upload_rows(seed: int) -> list[dict]:
    out, n = [], 0
    for code in UPLOAD_DEPTS:
        rng = random.Random(f"supervision:{seed}:{code}")
        staff = rng.randrange(6, 60)
        diligence = rng.uniform(0.55, 0.99)
        for m in range(1, 7):
            n += 1
            inspections = int(staff * rng.uniform(0.8, 3.5) * diligence)
            uploads = inspections + int(inspections * rng.uniform(0.02, 0.2))
            out.append(
                {"id": n, "department_id": DEPT_ID[code], "month": date(2024, m, 1), "staff_registered": staff,
                 "inspections": inspections, "penalties": int(inspections * rng.uniform(0.01, 0.12)),
                 "on_time": int(uploads * min(1.0, diligence + rng.uniform(-0.05, 0.05))), "uploads": uploads}
            )  # fmt: skip
    return out


def project_rows(_seed: int) -> list[dict]:
    return [
        {"id": i, "name": n, "department_id": DEPT_ID[d], "budget": b, "stage": s, "year": y}
        for i, (n, d, b, s, y) in enumerate(PROJECTS, start=1)
    ]
