"""The 大理市政务服务中心's 140 published items, by department."""

from __future__ import annotations

from django.utils import timezone

from yangguang.orgs.models import Unit

from ..models import (
    ServiceItem,
)

# Items per department (D01 … D26, in orgs.demo.DEPARTMENTS order): (name, type, promised days, theme)
ITEMS: list[list[tuple[str, str, int, str]]] = [
    [
        ("企业投资项目备案", "other", 3, "投资建设"),
        ("企业投资项目核准", "license", 15, "投资建设"),
        ("固定资产投资项目节能审查", "license", 10, "投资建设"),
        ("粮食收购资格认定", "license", 10, "开办企业"),
        ("价格认定", "public", 7, "其他"),
    ],
    [
        ("户籍证明开具", "public", 0, "户籍"),
        ("居民身份证申领", "public", 0, "户籍"),
        ("出入境证件申请", "license", 7, "出入境"),
        ("机动车登记", "public", 0, "交通出行"),
        ("剧毒化学品购买许可", "license", 3, "安全"),
        ("旅馆业特种行业许可", "license", 10, "开办企业"),
    ],
    [
        ("结婚登记", "confirmation", 0, "婚姻"),
        ("离婚登记", "confirmation", 0, "婚姻"),
        ("最低生活保障审核", "benefit", 15, "社会救助"),
        ("社会团体成立登记", "license", 15, "社会组织"),
        ("民办非企业单位登记", "license", 15, "社会组织"),
        ("殡葬设施建设审批", "license", 15, "其他"),
    ],
    [
        ("法律援助申请", "public", 5, "法律服务"),
        ("基层法律服务工作者执业核准", "license", 10, "法律服务"),
        ("人民调解申请", "public", 3, "法律服务"),
        ("公证机构执业审核", "license", 15, "法律服务"),
        ("司法鉴定许可初审", "license", 15, "法律服务"),
    ],
    [
        ("行政事业单位国有资产处置审批", "license", 10, "财政"),
        ("政府采购方式变更审批", "license", 5, "财政"),
        ("代理记账机构审批", "license", 10, "开办企业"),
        ("会计人员信息采集", "public", 0, "财政"),
        ("非税收入票据领购", "public", 0, "财政"),
    ],
    [
        ("社会保险登记", "public", 0, "社会保障"),
        ("失业保险金申领", "benefit", 5, "就业创业"),
        ("就业创业证申领", "public", 0, "就业创业"),
        ("劳务派遣经营许可", "license", 10, "开办企业"),
        ("职业技能等级认定", "confirmation", 10, "就业创业"),
        ("养老保险待遇核定", "benefit", 10, "社会保障"),
        ("工伤认定", "confirmation", 15, "社会保障"),
    ],
    [
        ("建设用地规划许可证核发", "license", 10, "投资建设"),
        ("建设工程规划许可证核发", "license", 10, "投资建设"),
        ("乡村建设规划许可证核发", "license", 10, "投资建设"),
        ("采矿权登记", "license", 15, "资源"),
        ("土地复垦方案审查", "license", 15, "资源"),
    ],
    [
        ("建设项目环境影响评价审批", "license", 15, "投资建设"),
        ("排污许可证核发", "license", 15, "生态"),
        ("危险废物经营许可", "license", 15, "生态"),
        ("辐射安全许可", "license", 15, "生态"),
        ("环境噪声排放申报", "other", 3, "生态"),
    ],
    [
        ("建筑工程施工许可证核发", "license", 5, "投资建设"),
        ("商品房预售许可", "license", 10, "住房"),
        ("建设工程竣工验收备案", "other", 3, "投资建设"),
        ("房地产开发企业资质核定", "license", 15, "开办企业"),
        ("公租房资格审核", "benefit", 15, "住房"),
        ("城市建筑垃圾处置核准", "license", 5, "城市管理"),
    ],
    [
        ("道路运输经营许可", "license", 10, "交通出行"),
        ("出租汽车驾驶员从业资格", "license", 5, "交通出行"),
        ("公路超限运输许可", "license", 5, "交通出行"),
        ("占用挖掘公路许可", "license", 10, "交通出行"),
        ("机动车维修经营备案", "other", 0, "交通出行"),
    ],
    [
        ("取水许可", "license", 15, "资源"),
        ("河道管理范围内建设项目审批", "license", 15, "投资建设"),
        ("水土保持方案审批", "license", 10, "投资建设"),
        ("城市排水许可", "license", 10, "城市管理"),
        ("农村饮水安全工程验收", "public", 10, "三农"),
    ],
    [
        ("农药经营许可", "license", 10, "三农"),
        ("兽药经营许可", "license", 10, "三农"),
        ("动物防疫条件合格证核发", "license", 10, "三农"),
        ("农作物种子生产经营许可", "license", 15, "三农"),
        ("农村宅基地审批", "license", 15, "三农"),
        ("渔业捕捞许可", "license", 10, "三农"),
    ],
    [
        ("对外贸易经营者备案", "other", 0, "开办企业"),
        ("酒类流通备案", "other", 0, "开办企业"),
        ("单用途预付卡备案", "other", 3, "开办企业"),
        ("再生资源回收经营者备案", "other", 3, "开办企业"),
        ("拍卖企业设立初审", "license", 10, "开办企业"),
    ],
    [
        ("娱乐场所经营许可", "license", 10, "开办企业"),
        ("旅行社设立许可", "license", 10, "开办企业"),
        ("营业性演出许可", "license", 5, "文化"),
        ("网吧经营许可", "license", 10, "开办企业"),
        ("文物保护单位修缮审批", "license", 15, "文化"),
    ],
    [
        ("医疗机构执业登记", "license", 15, "医疗卫生"),
        ("公共场所卫生许可", "license", 10, "开办企业"),
        ("医师执业注册", "license", 10, "医疗卫生"),
        ("出生医学证明办理", "public", 0, "医疗卫生"),
        ("母婴保健技术服务许可", "license", 15, "医疗卫生"),
        ("生育登记", "public", 0, "医疗卫生"),
    ],
    [
        ("危险化学品经营许可", "license", 15, "安全"),
        ("烟花爆竹经营零售许可", "license", 10, "安全"),
        ("生产经营单位应急预案备案", "other", 3, "安全"),
        ("非煤矿山安全生产许可初审", "license", 15, "安全"),
        ("建设项目安全设施设计审查", "license", 15, "安全"),
    ],
    [
        ("个体工商户营业执照核发", "license", 3, "开办企业"),
        ("企业设立登记", "license", 3, "开办企业"),
        ("企业变更登记", "license", 3, "开办企业"),
        ("企业注销登记", "license", 3, "开办企业"),
        ("食品经营许可", "license", 10, "开办企业"),
        ("特种设备使用登记", "license", 10, "安全"),
        ("计量器具强制检定", "public", 10, "其他"),
        ("药品零售企业经营许可", "license", 15, "医疗卫生"),
    ],
    [
        ("医保参保登记", "public", 0, "社会保障"),
        ("异地就医备案", "public", 0, "社会保障"),
        ("门诊慢特病待遇认定", "benefit", 10, "社会保障"),
        ("医疗费用零星报销", "benefit", 10, "社会保障"),
        ("定点医药机构申请受理", "public", 15, "医疗卫生"),
    ],
    [
        ("税务登记", "public", 0, "税收"),
        ("增值税发票领用", "public", 0, "税收"),
        ("纳税证明开具", "public", 0, "税收"),
        ("税收优惠备案", "other", 3, "税收"),
        ("契税申报", "public", 0, "税收"),
        ("出口退税审核", "benefit", 10, "税收"),
    ],
    [
        ("不动产首次登记", "confirmation", 5, "不动产"),
        ("不动产转移登记", "confirmation", 5, "不动产"),
        ("不动产抵押登记", "confirmation", 3, "不动产"),
        ("不动产登记资料查询", "public", 0, "不动产"),
        ("预告登记", "confirmation", 3, "不动产"),
        ("更正登记", "confirmation", 10, "不动产"),
    ],
    [
        ("住房公积金提取", "benefit", 1, "住房"),
        ("住房公积金个人贷款", "benefit", 10, "住房"),
        ("住房公积金缴存登记", "public", 0, "住房"),
        ("公积金缴存证明开具", "public", 0, "住房"),
        ("公积金贷款提前还款", "public", 3, "住房"),
    ],
    [
        ("公众聚集场所投入使用营业前消防安全检查", "license", 10, "安全"),
        ("建设工程消防设计审查", "license", 15, "投资建设"),
        ("建设工程消防验收", "license", 15, "投资建设"),
        ("消防验收备案", "other", 5, "投资建设"),
        ("大型群众性活动消防安全检查", "license", 5, "安全"),
    ],
    [
        ("民办学校设立审批", "license", 15, "教育"),
        ("教师资格认定", "confirmation", 15, "教育"),
        ("校外培训机构审批", "license", 15, "教育"),
        ("学生资助申请", "benefit", 10, "教育"),
        ("体育类民办非企业单位审查", "license", 10, "教育"),
    ],
    [
        ("林木采伐许可证核发", "license", 5, "资源"),
        ("使用林地审核", "license", 15, "资源"),
        ("野生动物人工繁育许可", "license", 15, "资源"),
        ("植物检疫证书核发", "license", 3, "三农"),
        ("木材经营加工许可", "license", 10, "资源"),
    ],
    [
        ("退役军人优待证申领", "public", 10, "退役军人"),
        ("伤残抚恤关系转移", "benefit", 10, "退役军人"),
        ("自主就业退役士兵一次性经济补助", "benefit", 10, "退役军人"),
        ("烈士褒扬金发放", "benefit", 15, "退役军人"),
        ("退役军人创业扶持", "public", 10, "退役军人"),
    ],
    [
        ("低压居民用电报装", "public", 3, "水电气"),
        ("高压用电报装", "public", 15, "水电气"),
        ("用电过户", "public", 1, "水电气"),
        ("电费发票开具", "public", 0, "水电气"),
        ("临时用电申请", "public", 3, "水电气"),
        ("分布式光伏并网申请", "public", 10, "水电气"),
    ],
]
MODES_BY_LIMIT = {0: "direct"}
MATERIALS = ["申请书", "身份证明", "营业执照或统一社会信用代码证", "相关证明材料", "现场照片"]
STEPS = ["窗口受理", "承办人审查", "科室审核", "分管领导批准", "窗口送达"]


def _item_rows(centre: Unit, depts: list[Unit]) -> list[ServiceItem]:
    rows = []
    n = 0
    for d, (dept, items) in enumerate(zip(depts, ITEMS, strict=False)):
        for i, (name, itype, days, theme) in enumerate(items):
            n += 1
            mode = "direct" if days == 0 else "promised"
            if days >= 15 and i % 3 == 0:
                mode = "joint"
            if name in ("采矿权登记", "非煤矿山安全生产许可初审"):
                mode = "guided"
            if name in ("剧毒化学品购买许可",):
                mode = "answer"
            rows.append(
                ServiceItem(
                    code=f"532901-SX-{n:03d}",
                    version=1,
                    status="published",
                    name=name,
                    item_type=itype,
                    unit=dept,
                    theme=theme,
                    keywords=name.replace("核发", "").replace("许可", " 许可"),
                    basis=f"《中华人民共和国行政许可法》及有关法律法规关于{name}的规定",
                    conditions="申请人符合法定条件，材料齐全、符合法定形式。",
                    materials=[
                        {"name": m, "form": "原件及复印件", "copies": 1, "required": j < 3, "sample": ""}
                        for j, m in enumerate(MATERIALS[: 3 + i % 3])
                    ],
                    steps=STEPS[: 3 + (days > 0) + (days >= 10)],
                    statutory_limit=max(days * 2, 20) if days else 20,
                    promised_limit=days,
                    fee_standard="" if i % 4 else "按国家规定标准收取",
                    fee_basis="" if i % 4 else "国家发展改革委、财政部有关收费文件",
                    result_name=f"{name.replace('申请', '')}决定书" if itype == "license" else "办理结果通知",
                    mode=mode,
                    place=f"大理市政务服务中心{dept.name.replace('大理市', '')}窗口",
                    hours="周一至周五 9:00-12:00，14:30-17:30（法定节假日除外）",
                    consult_phone=f"0872-21{d:02d}{i:03d}",
                    complaint_phone="0872-96128",
                    published_at=timezone.now(),
                )
            )
    return rows[:140]
