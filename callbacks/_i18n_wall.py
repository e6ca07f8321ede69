"""Strings of the wall (/wall/<profile>) and the visitors' tour (/tour)."""

TR = {
    "page_wall": ("大屏", "Wall"),
    "page_tour": ("参观导览", "Visitor tour"),
    "wall_scene_city": ("城市运行态势", "City vital signs"),
    "wall_scene_hotline": ("12345 诉求态势", "12345 requests"),
    "wall_scene_safety": ("安全与感知", "Safety and sensing"),
    "wall_scene_town": ("{town} 运行态势", "{town} at a glance"),
    "wall_kpi_dispatched": ("今日派单", "Dispatched today"),
    "wall_kpi_signed_rate": ("按时签收率 (7 日)", "Signed on time (7 d)"),
    "wall_kpi_closed": ("今日办结", "Closed today"),
    "wall_kpi_satisfaction": ("今日满意率", "Satisfaction today"),
    "wall_kpi_cm_closed": ("城管今日结案", "Cases closed today"),
    "wall_kpi_incidents": ("今日突发事件", "Emergencies today"),
    "wall_kpi_cameras": ("视频在线率", "Cameras online"),
    "wall_kpi_data": ("数据底座更新", "Data sources fresh"),
    "wall_panel_alerts": ("今日 AI 告警分类", "AI alerts today by category"),
    "wall_panel_incidents": ("在办突发事件", "Active emergencies"),
    "wall_panel_water": ("水务监测", "Water monitoring"),
    "wall_panel_hotspots": ("热点预警", "Hotspot warnings"),
    "wall_level_1": ("Ⅰ级 特别重大", "Level I"),
    "wall_level_2": ("Ⅱ级 重大", "Level II"),
    "wall_level_3": ("Ⅲ级 较大", "Level III"),
    "wall_level_4": ("Ⅳ级 一般", "Level IV"),
    "wall_water_pressure": ("供水压力", "Supply pressure"),
    "wall_water_quality": ("水质", "Water quality"),
    "wall_water_river": ("河道水位", "River level"),
    "wall_water_well": ("地下水位", "Well level"),
    "wall_water_waterlog": ("积水点", "Waterlogging"),
    "wall_water_ok": ("正常", "normal"),
    "wall_water_abnormal": ("异常 {n}", "{n} abnormal"),
    "wall_of": ("{a} / {b}", "{a} of {b}"),
    "wall_takeover": ("紧急告警", "ALERT"),
    "wall_takeover_incident": ("突发事件", "Emergency"),
    "wall_takeover_alert": ("AI 告警", "AI alert"),
    "wall_takeover_hotspot": ("热点预警", "Hotspot warning"),
    "wall_no_hotspots": ("今日暂无热点", "No hotspots today"),
    "wall_hotspot_vs": ("今日 {today} 件 · 基线 {base} 件/日", "{today} today · baseline {base}/day"),
    "wall_takeover_cameras": ("附近摄像机", "Nearest cameras"),
    "wall_takeover_started": ("发生时间", "Started"),
    "wall_takeover_ack_hint": ("请在席位确认", "Acknowledge from a seat"),
    "wall_online": ("在线", "online"),
    "wall_offline": ("离线", "offline"),
    "wall_meters": ("{n} 米", "{n} m"),
    "wall_alarms": ("待确认告警", "Alarms to acknowledge"),
    "wall_ack": ("确认", "Acknowledge"),
    "wall_acked": ("已确认", "Acknowledged"),
    "wall_unknown_profile": ("未知的大屏配置", "Unknown wall profile"),
    "alert_cat_城管": ("城管", "City mgmt"),
    "alert_cat_消防": ("消防", "Fire"),
    "alert_cat_环保": ("环保", "Environment"),
    "alert_cat_交通": ("交通", "Traffic"),
    "alert_cat_安全": ("安全", "Safety"),
    "alert_cat_质量": ("视频质量", "Video quality"),
}

TR.update(
    {
        "tour_pause": ("暂停", "Pause"),
        "tour_play": ("继续", "Play"),
        "tour_prev": ("上一步", "Previous"),
        "tour_next": ("下一步", "Next"),
        "tour_live": ("实时数据（模拟）", "Live data (simulated)"),
        "tour_center_title": ("指挥中心", "The command center"),
        "tour_center_caption": (
            "集展示、运营、调度于一体：5 个功能区、43 个席位，大屏实时呈现城市运行态势和关键指标。",
            "Display, operations and dispatch in one hall: 5 zones, 43 seats, and a wall showing "
            "the city's running state and key indicators in real time.",
        ),
        "tour_data_title": ("数据基础底座", "Data foundation"),
        "tour_data_caption": (
            "融合政务与社会数据，支撑各部门共享交换与开放，已汇聚 186.7 万条数据。",
            "Fuses government and social data for sharing, exchange and open data across "
            "departments: 1.867 million records aggregated so far.",
        ),
        "tour_gis_title": ("地理信息平台 · 一张图", "GIS platform · one map"),
        "tour_gis_caption": (
            "无人机倾斜摄影完成 40 平方公里实景三维，为各领域、各平台提供统一底图。",
            "Drone oblique photography captured 40 km² of the city in real-scene 3D; one base map "
            "for every field and platform.",
        ),
        "tour_video_title": ("视频汇聚平台", "Video aggregation"),
        "tour_video_caption": (
            "接入 2028 路视频，部署 56 类 AI 算法，自动发现火情、环境卫生等事件并预警。",
            "2,028 channels in one pool; 56 kinds of AI algorithm find fires, litter and more, and raise warnings.",
        ),
        "tour_safety_title": ("全域安全指挥平台", "Global safety command"),
        "tour_safety_caption": (
            "突发事件指挥调度与日常应急管理：事件分级、资源就近调度、水务实时监测。",
            "Emergency command and daily emergency management: incident levels, nearest "
            "resources, live water monitoring.",
        ),
        "tour_hotline_title": ("12345 诉求中心", "12345 citizen hotline"),
        "tour_hotline_caption": (
            "“多渠道进、一口出”，智能派单。上半年受理 12345 诉求 11282 件，全部办结，满意率 88.71%；"
            "城市管理工单 5541 件，办结率 100%。",
            "Many channels in, one exit, smart dispatch. H1 2024: 11,282 requests, all closed, "
            "88.71% satisfied; 5,541 city-management work orders, 100% closed.",
        ),
        "tour_gov_title": ("数字政府与便民服务", "Digital government and services"),
        "tour_gov_caption": (
            "电子政务外网 60 余家接入单位联合检查；一户一码、一铺一码；全区数字政府考核二等奖。",
            "Joint security inspection of 60+ e-government extranet units; a code for every "
            "home and shop; second prize in the region's digital-government assessment.",
        ),
        "tour_fig_seats": ("席位", "seats"),
        "tour_fig_zones": ("功能区", "zones"),
        "tour_fig_records": ("万条数据", "10k records"),
        "tour_fig_km2": ("平方公里实景三维", "km² in 3D"),
        "tour_fig_channels": ("路视频", "video channels"),
        "tour_fig_algorithms": ("类 AI 算法", "AI algorithms"),
        "tour_fig_requests": ("件 12345 诉求", "12345 requests"),
        "tour_fig_satisfaction": ("满意率", "satisfied"),
        "tour_fig_cm": ("件城管工单", "city-management orders"),
        "tour_fig_supervision": ("条督办提醒", "supervision messages"),
        "tour_fig_units": ("家外网单位", "extranet units"),
        "tour_fig_platforms": ("大核心平台", "core platforms"),
        "tour_fig_apps": ("个专题应用", "thematic applications"),
        "tour_fig_award": ("万元 全区数字政府考核二等奖", "10k yuan: regional 2nd prize"),
    }
)

TR.update({
    "page_walls": ("大屏管理", "Walls"),
    "walls_profiles": ("大屏配置（每路输入打开对应地址）", "Wall profiles (open one per LED processor input)"),
    "walls_playlist": ("轮播清单", "Rotation playlist"),
    "walls_playlist_help": ("JSON 列表：scene（city / safety / town，town 需给出 town 镇街代码）、dwell 停留秒数、"
                            "可选 hours [起, 止] 时段。仅管理员可保存。",
                            "A JSON list: scene (city / safety / town; town items name a \"town\" area code), dwell in "
                            "seconds, optional hours [from, to]. Only administrators can save."),
    "walls_save": ("保存", "Save"),
    "walls_saved": ("已保存 {n} 项，大屏将在下次加载时使用", "Saved {n} items; walls pick it up on their next load"),
    "walls_bad_json": ("JSON 格式错误", "Not valid JSON"),
    "walls_too_long": ("内容过长", "Too long"),
})
