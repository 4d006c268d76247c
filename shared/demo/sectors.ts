/**
 * Name patterns for demo collectives: place + organisation + department, as real youth
 * collectives are named ("南京市第一人民医院急诊科", "中国工商银行苏州分行营业部"). Each industry line of
 * annex 1 gets sub-sectors (its demo subunits), each with organisation patterns; regional units
 * get a mix of local organisations of every collective type. Demo data only.
 *
 * Placeholders: {prov} 江苏省 · {provS} 江苏 · {city} 南京市 · {cityS} 南京 · {area} a district ·
 * {street} a street · {ord} 一…十 · {n} 1…30 · {brand} a two-character trade name · {inst} a central
 * institution · {div} one of its departments · {bureau} the railway bureau of the province.
 */
import type { CollectiveType } from '../model/entities';

export interface OrgPattern {
  org: string;
  depts: readonly string[];
  type: CollectiveType;
  /** relative frequency within its sector (default 1) */
  weight?: number;
}

export interface Sector {
  /** the subunit's name */
  name: string;
  orgs: readonly OrgPattern[];
}

const T = { 党: '党政机关', 事: '事业单位', 国: '国有企业', 非: '非公经济组织', 社: '社会组织', 其: '其他' } as const satisfies Record<string, CollectiveType>;
type K = keyof typeof T;

const o = (org: string, depts: string, type: K, weight = 1): OrgPattern => ({ org, depts: depts.split(' '), type: T[type], weight });
const s = (name: string, ...orgs: OrgPattern[]): Sector => ({ name, orgs });

const HOSPITAL_DEPTS = '急诊科 儿科 心血管内科 护理部 门诊部 检验科 重症医学科 妇产科 骨科 消化内科 呼吸内科 神经内科 肿瘤科 眼科 口腔科 康复医学科';

/** Sub-sectors of each industry line (by annex 1 code); quota sub-rows (I02-1 …) have no subunits. */
export const INDUSTRY_SECTORS: Readonly<Record<string, readonly Sector[]>> = {
  I01: [
    s('高级人民法院', o('{prov}高级人民法院', '立案庭 诉讼服务中心 执行局 审判管理办公室 信息技术处', '党')),
    s('中级人民法院', o('{city}中级人民法院', '立案庭 执行局 少年审判庭 诉讼服务中心 审判管理办公室', '党')),
    s('基层人民法院', o('{city}{area}人民法院', '诉讼服务中心 执行局 {street}人民法庭 速裁庭', '党', 2)),
    s('专门人民法院', o('{cityS}海事法院', '立案庭 诉讼服务中心', '党'), o('{cityS}铁路运输法院', '立案庭 诉讼服务中心', '党')),
  ],
  I02: [
    s('发展改革系统', o('{prov}发展和改革委员会', '投资处 价格处 信用建设处 政务服务窗口', '党'), o('{city}发展和改革委员会', '政务服务窗口 项目服务科', '党')),
    s('价格认证与监测', o('{city}价格认证中心', '综合科 认证科', '事'), o('{city}价格监测中心', '监测科', '事')),
  ],
  'I02-1': [s('物资储备', o('{prov}物资储备局第{ord}仓库', '保管队 消防队 装卸队', '事'), o('国家物资储备局{provS}办事处{n}处', '业务科 安全保卫科', '党'))],
  I03: [
    s('派出所', o('{city}公安局{area}分局{street}派出所', '社区警务队 户籍窗口 案件办理队', '党', 3)),
    s('交通管理', o('{city}公安局交通警察支队第{ord}大队', '{ord}中队 事故处理中队 车管所业务大厅', '党', 2)),
    s('出入境与户政', o('{city}公安局出入境管理支队', '受理大厅 签证科', '党'), o('{city}公安局户政管理支队', '户政服务大厅', '党')),
    s('指挥与保障', o('{city}公安局指挥中心', '110接处警中心', '党'), o('{city}公安局巡特警支队', '{ord}大队', '党')),
  ],
  I04: [
    s('公共法律服务', o('{city}公共法律服务中心', '服务大厅 12348热线', '事'), o('{city}法律援助中心', '援助窗口', '事')),
    s('监狱戒毒', o('{prov}{cityS}监狱', '第{ord}监区 教育改造科', '党'), o('{prov}{cityS}强制隔离戒毒所', '第{ord}大队', '党')),
    s('司法所', o('{city}{area}司法局{street}司法所', '人民调解室', '党')),
  ],
  I05: [
    s('住房公积金', o('{city}住房公积金管理中心', '{area}管理部 服务大厅 归集科', '事')),
    s('城市管理', o('{city}城市管理局', '{area}环卫所 执法{ord}中队 数字城管中心', '党'), o('{city}园林绿化管理处', '{street}公园管理所', '事')),
    s('建筑施工', o('中国建筑第{ord}工程局有限公司{cityS}分公司', '{street}项目部 质量安全部', '国', 2), o('{city}市政工程有限公司', '养护所 {ord}项目部', '国')),
    s('供水燃气', o('{city}自来水有限公司', '客户服务中心 水质检测中心 {area}营业所', '国'), o('{city}燃气集团有限公司', '抢修中心 客户服务中心', '国')),
  ],
  I06: [
    s('公路', o('{city}公路管理处', '{area}公路站 路政大队', '事'), o('{prov}高速公路管理有限公司{cityS}管理处', '{cityS}{street}收费站 排障大队', '国', 2)),
    s('水运港口', o('{cityS}港集团有限公司', '第{ord}作业区 集装箱码头', '国'), o('{city}海事局', '{area}海事处 船舶交通管理中心', '党')),
    s('城市公交', o('{city}公共交通集团有限公司', '第{ord}分公司{n}路车队 营运调度中心', '国', 2), o('{city}轨道交通运营有限公司', '{n}号线{street}站 客运中心', '国')),
    s('道路运输', o('{city}道路运输管理处', '服务大厅 驾培管理科', '事'), o('{city}长途汽车客运站', '售票班组 安检班组', '国')),
  ],
  'I06-1': [
    s('快递', o('中国邮政速递物流股份有限公司{provS}省分公司', '{cityS}营业部 {cityS}揽投部', '国'), o('顺丰速运有限公司{cityS}{area}营业部', '收派班组', '非'), o('{cityS}中通快递有限公司', '{area}分拨中心 {street}网点', '非'), o('{cityS}圆通速递有限公司', '{area}转运中心 {street}网点', '非')),
  ],
  I07: [
    s('河湖管理', o('{prov}水利厅河道管理局', '{cityS}管理处 堤防管理所', '事'), o('{city}水利局', '河长制办公室 水政监察大队', '党')),
    s('水文水资源', o('{prov}水文水资源勘测局{cityS}分局', '{area}水文站 水质监测中心', '事')),
    s('水库工程', o('{city}{brand}水库管理处', '大坝管理所 防汛值班室', '事')),
  ],
  I08: [
    s('百货零售', o('{city}{brand}百货有限公司', '一楼服务台 客服中心 收银班组', '非', 2), o('{cityS}{brand}超市有限公司{area}店', '生鲜部 收银班组', '非')),
    s('商务服务', o('{city}商务局', '外资服务窗口 市场运行科', '党'), o('{city}{brand}国际会展中心', '客户服务部', '国')),
  ],
  I09: [
    s('医院', o('{city}第{ord}人民医院', HOSPITAL_DEPTS, '事', 3), o('{city}中心医院', HOSPITAL_DEPTS, '事', 2), o('{city}中医院', '针灸科 治未病中心 急诊科 护理部', '事')),
    s('妇幼保健', o('{city}妇幼保健院', '产科 新生儿科 儿童保健科 护理部', '事')),
    s('疾病预防控制', o('{city}疾病预防控制中心', '免疫规划科 检验科 卫生应急办公室', '事')),
    s('急救采血', o('{city}急救中心', '第{ord}急救站 调度科', '事'), o('{city}中心血站', '采血科 献血服务科', '事')),
  ],
  I10: [
    s('电网', o('国网{prov}电力有限公司{cityS}供电公司', '客户服务中心 {area}供电服务中心 运维检修班 抢修班', '国', 3)),
    s('石油石化', o('中国石化销售有限公司{provS}{cityS}石油分公司', '{street}加油站 {area}加油站', '国', 2), o('中国石油天然气股份有限公司{provS}销售分公司', '{cityS}{street}加油站', '国')),
    s('通信', o('中国移动通信集团{provS}有限公司{cityS}分公司', '{street}营业厅 政企客户部 网络部', '国', 2), o('中国电信股份有限公司{cityS}分公司', '{street}营业厅 客户服务中心', '国'), o('中国联合网络通信有限公司{cityS}分公司', '{street}营业厅', '国')),
    s('装备制造', o('中车{cityS}机车车辆有限公司', '总装车间 转向架车间 技术中心', '国'), o('中国航天科工集团{cityS}研究所', '第{ord}研究室 总装车间', '国')),
  ],
  I11: [s('海关', o('{cityS}海关', '旅检处 查验科 {area}办事处 综合业务科', '党', 2), o('{cityS}海关驻{street}办事处', '通关科 查验科', '党'))],
  I12: [
    s('国家税务', o('{city}{area}国家税务局', '办税服务厅 第{ord}税务分局', '党', 2)),
    s('地方税务', o('{city}地方税务局{area}分局', '办税服务厅 纳税服务科', '党', 2)),
  ],
  I13: [
    s('工商所', o('{city}工商行政管理局{area}分局{street}工商所', '登记窗口 市场巡查组', '党', 2)),
    s('消费维权', o('{city}12315消费者申诉举报中心', '受理科', '事'), o('{city}消费者协会', '投诉部', '社')),
  ],
  'I13-1': [s('个私协会', o('{city}个体劳动者私营企业协会', '会员服务部 {area}分会', '社'), o('{cityS}{brand}餐饮店', '前厅班组 后厨班组', '非'))],
  I14: [
    s('质量技术监督', o('{prov}质量技术监督局', '{cityS}检测所 标准化处', '党'), o('{city}计量测试所', '长度室 电学室', '事')),
    s('特种设备检验', o('{city}特种设备检验研究院', '第{ord}检验室 电梯检验科', '事')),
    s('检验检疫', o('{prov}出入境检验检疫局', '{cityS}办事处 旅检处', '党')),
  ],
  I15: [
    s('广播电视', o('{prov}广播电视台', '新闻频道 交通广播 {brand}栏目组', '事', 2), o('{city}广播电视台', '新闻部 融媒体中心', '事')),
    s('报刊出版', o('{city}日报社', '要闻部 全媒体中心', '事'), o('{prov}{brand}出版社', '编辑部 发行部', '国')),
    s('发行', o('{prov}新华书店集团{cityS}分公司', '{street}门店 图书配送中心', '国')),
  ],
  I16: [
    s('景区', o('{cityS}{brand}风景区管理处', '游客服务中心 讲解队', '事', 2)),
    s('酒店', o('{city}{brand}国际大酒店', '前厅部 客房部 餐饮部', '非', 2), o('{city}{brand}宾馆', '前厅部', '国')),
    s('旅游服务', o('{city}旅游集散中心', '咨询服务部 客运调度组', '事'), o('{cityS}{brand}国际旅行社有限公司', '导游部 客户服务部', '非')),
  ],
  I17: [
    s('银行', o('中国工商银行{cityS}分行', '营业部 {street}支行 个人金融部', '国', 2), o('中国农业银行{cityS}分行', '营业部 {street}支行', '国', 2), o('中国银行{cityS}分行', '营业部 {street}支行', '国', 2), o('中国建设银行{cityS}分行', '营业部 {street}支行', '国', 2), o('交通银行{cityS}分行', '营业部 {street}支行', '国'), o('中国邮政储蓄银行{cityS}分行', '营业部 {street}支行', '国'), o('招商银行{cityS}分行', '营业部 {street}支行', '国')),
    s('保险', o('中国人寿保险股份有限公司{cityS}分公司', '客户服务中心 理赔中心', '国'), o('中国人民财产保险股份有限公司{cityS}分公司', '车险理赔中心 客户服务中心', '国')),
    s('央行与监管', o('中国人民银行{cityS}中心支行', '国库科 货币金银科', '党'), o('{city}农村商业银行', '营业部 {street}支行', '国')),
  ],
  I18: [s('海洋', o('国家海洋局{brand}海洋环境监测中心站', '监测科 预报室', '事'), o('{prov}海洋与渔业局', '执法{ord}支队 海域管理处', '党'))],
  I19: [s('供销合作', o('{city}供销合作社联合社', '社区服务中心 农资供应科', '其'), o('{cityS}{brand}农资有限公司', '门市部 配送中心', '其'), o('{cityS}{brand}农民专业合作社', '生产服务队', '其'))],
  I20: [
    s('客运', o('{bureau}铁路局{cityS}站', '售票车间 客运车间 {ord}号候车室', '国', 2), o('{bureau}铁路局{cityS}客运段', 'G{n}次列车乘务组 D{n}次列车乘务组', '国', 2)),
    s('货运与工务', o('{bureau}铁路局{cityS}车务段', '{street}站', '国'), o('{bureau}铁路局{cityS}工务段', '线路{ord}车间', '国')),
    s('机务车辆', o('{bureau}铁路局{cityS}机务段', '检修车间 运用车间', '国'), o('{bureau}铁路局{cityS}车辆段', '检修车间', '国')),
  ],
  I21: [
    s('机场', o('{cityS}{brand}国际机场', '航站楼服务部 安检站 地面服务部', '国', 2)),
    s('航空公司', o('中国东方航空股份有限公司{cityS}分公司', '客舱部第{ord}乘务组 地面服务部', '国'), o('中国南方航空股份有限公司{cityS}分公司', '客舱部第{ord}乘务组 地面服务部', '国')),
    s('空管', o('民航{provS}空中交通管理分局', '塔台管制室 区域管制室', '事')),
  ],
  I22: [s('会计师事务所', o('{brand}会计师事务所（特殊普通合伙）{cityS}分所', '审计一部 审计二部 税务咨询部', '非', 3))],
  I23: [s('餐饮企业', o('{cityS}{brand}餐饮管理有限公司', '{street}店 中央厨房', '非', 3))],
};

/** Local organisations of a regional unit's cities, of every collective type. */
export const REGION_ORGS: readonly OrgPattern[] = [
  o('{city}第{ord}人民医院', HOSPITAL_DEPTS, '事', 6),
  o('{city}中心医院', HOSPITAL_DEPTS, '事', 3),
  o('{city}妇幼保健院', '产科 新生儿科 儿童保健科', '事', 1),
  o('{city}第{ord}中学', '高一年级组 团委 教务处', '事', 2),
  o('{city}图书馆', '少儿借阅部 读者服务部 数字资源部', '事', 1),
  o('{city}博物馆', '社会教育部 讲解队', '事', 1),
  o('{city}政务服务中心', '综合受理窗口 不动产登记窗口 企业开办窗口 12345热线', '党', 4),
  o('{city}{area}人民检察院', '案件管理中心 控告申诉检察部', '党', 2),
  o('{city}{area}{street}街道办事处', '便民服务中心 社区服务站', '党', 3),
  o('{city}人力资源和社会保障局', '社保经办大厅 就业服务中心', '党', 2),
  o('{city}公安局{area}分局{street}派出所', '社区警务队 户籍窗口', '党', 2),
  o('{city}消防支队', '{area}中队 特勤中队', '党', 2),
  o('国网{prov}电力有限公司{cityS}供电公司', '客户服务中心 {area}供电服务中心', '国', 3),
  o('{city}公共交通集团有限公司', '第{ord}分公司{n}路车队', '国', 3),
  o('{city}自来水有限公司', '客户服务中心 {area}营业所', '国', 2),
  o('{cityS}{brand}建设集团有限公司', '{street}项目部 质量安全部', '国', 2),
  o('中国工商银行{cityS}分行', '{street}支行', '国', 2),
  o('{cityS}{brand}科技有限公司', '研发中心 客户服务中心 测试部', '非', 3),
  o('{cityS}{brand}电子有限公司', '生产一车间 质检部 工程部', '非', 2),
  o('{cityS}{brand}物流有限公司', '调度中心 仓储部', '非', 2),
  o('{cityS}{brand}医药连锁有限公司', '{street}门店', '非', 1),
  o('{city}青年志愿者协会', '应急救援队 助老服务队 环保志愿服务队', '社', 2),
  o('{city}{brand}社会工作服务中心', '青少年服务部 社区服务部', '社', 2),
  o('{city}慈善总会', '志愿服务部', '社', 1),
  o('{cityS}{brand}农民专业合作社', '生产服务队 销售部', '其', 1),
  o('{city}{area}{street}社区居民委员会', '便民服务站', '其', 1),
];

/** Offices of the institutions under the two central working committees. */
export const CENTRAL_ORGS: readonly OrgPattern[] = [
  o('{inst}', '办公厅秘书处 机关服务中心 信息中心 宣传教育中心 培训中心 档案资料处 政策研究室 离退休干部局服务处', '党', 2),
  o('{inst}{div}', '综合处 第{ord}处 业务{ord}科 信息化处 服务窗口 青年突击队', '党', 6),
  o('{inst}机关服务局', '接待服务处 餐饮服务中心 物业管理处 第{ord}服务站', '事', 1),
];

/** Departments of a central institution ({div}). */
export const DIVISIONS: readonly string[] = '办公厅 综合司 政策法规司 规划司 财务司 人事司 国际合作司 科技司 监督检查司 信息中心 宣传中心 培训中心 档案馆 研究院'.split(' ');

export const BRAND_SYLLABLES: readonly string[] = '华 恒 瑞 鑫 博 智 远 通 达 信 泰 新 科 创 联 盛 嘉 宏 昌 海 天 龙 金 誉 德 和 源 丰 安 康 明 晟 辰 启 拓 锦 悦 融 正 卓'.split(' ');

/** Railway bureaus (2017 names) by the province a station lies in. */
export const RAILWAY_BUREAU: Readonly<Record<string, string>> = {
  北京市: '北京', 天津市: '北京', 河北省: '北京', 山西省: '太原', 内蒙古自治区: '呼和浩特', 辽宁省: '沈阳', 吉林省: '沈阳', 黑龙江省: '哈尔滨',
  上海市: '上海', 江苏省: '上海', 浙江省: '上海', 安徽省: '上海', 福建省: '南昌', 江西省: '南昌', 山东省: '济南', 河南省: '郑州',
  湖北省: '武汉', 湖南省: '广州', 广东省: '广州', 广西壮族自治区: '南宁', 海南省: '广州', 重庆市: '成都', 四川省: '成都', 贵州省: '成都',
  云南省: '昆明', 西藏自治区: '青藏', 陕西省: '西安', 甘肃省: '兰州', 青海省: '青藏', 宁夏回族自治区: '兰州', 新疆维吾尔自治区: '乌鲁木齐', 新疆生产建设兵团: '乌鲁木齐',
};
