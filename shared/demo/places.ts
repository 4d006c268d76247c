/**
 * Places for demo data: the subunits of the 34 regional units (prefecture-level cities of each
 * province as of 2017, the districts of the four municipalities, the divisions of 兵团, the
 * institutions under the two central working committees). Demo data only: these lists make names
 * look real; nothing in the product depends on them.
 */

export interface RegionPlaces {
  /** the regional unit's code in annex 1 (R01 …) */
  code: string;
  /** 江苏省; '' for the two central working committees */
  province: string;
  /** the subunits: cities (or districts, divisions, institutions) */
  subunits: readonly string[];
  kind: 'province' | 'municipality' | 'corps' | 'central';
}

const c = (code: string, province: string, subunits: string, kind: RegionPlaces['kind'] = 'province'): RegionPlaces => ({
  code,
  province,
  subunits: subunits.split(' '),
  kind,
});

export const REGION_PLACES: readonly RegionPlaces[] = [
  c('R01', '北京市', '东城区 西城区 朝阳区 海淀区 丰台区 石景山区 门头沟区 房山区 通州区 顺义区 昌平区 大兴区 怀柔区 平谷区 密云区 延庆区', 'municipality'),
  c('R02', '天津市', '和平区 河东区 河西区 南开区 河北区 红桥区 东丽区 西青区 津南区 北辰区 武清区 宝坻区 滨海新区 宁河区 静海区 蓟州区', 'municipality'),
  c('R03', '河北省', '石家庄市 唐山市 秦皇岛市 邯郸市 邢台市 保定市 张家口市 承德市 沧州市 廊坊市 衡水市'),
  c('R04', '山西省', '太原市 大同市 阳泉市 长治市 晋城市 朔州市 晋中市 运城市 忻州市 临汾市 吕梁市'),
  c('R05', '内蒙古自治区', '呼和浩特市 包头市 乌海市 赤峰市 通辽市 鄂尔多斯市 呼伦贝尔市 巴彦淖尔市 乌兰察布市 兴安盟 锡林郭勒盟 阿拉善盟'),
  c('R06', '辽宁省', '沈阳市 大连市 鞍山市 抚顺市 本溪市 丹东市 锦州市 营口市 阜新市 辽阳市 盘锦市 铁岭市 朝阳市 葫芦岛市'),
  c('R07', '吉林省', '长春市 吉林市 四平市 辽源市 通化市 白山市 松原市 白城市 延边朝鲜族自治州'),
  c('R08', '黑龙江省', '哈尔滨市 齐齐哈尔市 鸡西市 鹤岗市 双鸭山市 大庆市 伊春市 佳木斯市 七台河市 牡丹江市 黑河市 绥化市 大兴安岭地区'),
  c('R09', '上海市', '黄浦区 徐汇区 长宁区 静安区 普陀区 虹口区 杨浦区 闵行区 宝山区 嘉定区 浦东新区 金山区 松江区 青浦区 奉贤区 崇明区', 'municipality'),
  c('R10', '江苏省', '南京市 无锡市 徐州市 常州市 苏州市 南通市 连云港市 淮安市 盐城市 扬州市 镇江市 泰州市 宿迁市'),
  c('R11', '浙江省', '杭州市 宁波市 温州市 嘉兴市 湖州市 绍兴市 金华市 衢州市 舟山市 台州市 丽水市'),
  c('R12', '安徽省', '合肥市 芜湖市 蚌埠市 淮南市 马鞍山市 淮北市 铜陵市 安庆市 黄山市 滁州市 阜阳市 宿州市 六安市 亳州市 池州市 宣城市'),
  c('R13', '福建省', '福州市 厦门市 莆田市 三明市 泉州市 漳州市 南平市 龙岩市 宁德市'),
  c('R14', '江西省', '南昌市 景德镇市 萍乡市 九江市 新余市 鹰潭市 赣州市 吉安市 宜春市 抚州市 上饶市'),
  c('R15', '山东省', '济南市 青岛市 淄博市 枣庄市 东营市 烟台市 潍坊市 济宁市 泰安市 威海市 日照市 莱芜市 临沂市 德州市 聊城市 滨州市 菏泽市'),
  c('R16', '河南省', '郑州市 开封市 洛阳市 平顶山市 安阳市 鹤壁市 新乡市 焦作市 濮阳市 许昌市 漯河市 三门峡市 南阳市 商丘市 信阳市 周口市 驻马店市 济源市'),
  c('R17', '湖北省', '武汉市 黄石市 十堰市 宜昌市 襄阳市 鄂州市 荆门市 孝感市 荆州市 黄冈市 咸宁市 随州市 恩施土家族苗族自治州'),
  c('R18', '湖南省', '长沙市 株洲市 湘潭市 衡阳市 邵阳市 岳阳市 常德市 张家界市 益阳市 郴州市 永州市 怀化市 娄底市 湘西土家族苗族自治州'),
  c('R19', '广东省', '广州市 韶关市 深圳市 珠海市 汕头市 佛山市 江门市 湛江市 茂名市 肇庆市 惠州市 梅州市 汕尾市 河源市 阳江市 清远市 东莞市 中山市 潮州市 揭阳市 云浮市'),
  c('R20', '广西壮族自治区', '南宁市 柳州市 桂林市 梧州市 北海市 防城港市 钦州市 贵港市 玉林市 百色市 贺州市 河池市 来宾市 崇左市'),
  c('R21', '海南省', '海口市 三亚市 三沙市 儋州市 琼海市 文昌市 万宁市'),
  c('R22', '重庆市', '渝中区 江北区 南岸区 九龙坡区 沙坪坝区 大渡口区 渝北区 巴南区 北碚区 万州区 涪陵区 黔江区 长寿区 江津区 合川区 永川区', 'municipality'),
  c('R23', '四川省', '成都市 自贡市 攀枝花市 泸州市 德阳市 绵阳市 广元市 遂宁市 内江市 乐山市 南充市 眉山市 宜宾市 广安市 达州市 雅安市 巴中市 资阳市 阿坝藏族羌族自治州 甘孜藏族自治州 凉山彝族自治州'),
  c('R24', '贵州省', '贵阳市 六盘水市 遵义市 安顺市 毕节市 铜仁市 黔西南布依族苗族自治州 黔东南苗族侗族自治州 黔南布依族苗族自治州'),
  c('R25', '云南省', '昆明市 曲靖市 玉溪市 保山市 昭通市 丽江市 普洱市 临沧市 楚雄彝族自治州 红河哈尼族彝族自治州 文山壮族苗族自治州 西双版纳傣族自治州 大理白族自治州 德宏傣族景颇族自治州 怒江傈僳族自治州 迪庆藏族自治州'),
  c('R26', '西藏自治区', '拉萨市 日喀则市 昌都市 林芝市 山南市 那曲地区 阿里地区'),
  c('R27', '陕西省', '西安市 铜川市 宝鸡市 咸阳市 渭南市 延安市 汉中市 榆林市 安康市 商洛市'),
  c('R28', '甘肃省', '兰州市 嘉峪关市 金昌市 白银市 天水市 武威市 张掖市 平凉市 酒泉市 庆阳市 定西市 陇南市 临夏回族自治州 甘南藏族自治州'),
  c('R29', '青海省', '西宁市 海东市 海北藏族自治州 黄南藏族自治州 海南藏族自治州 果洛藏族自治州 玉树藏族自治州 海西蒙古族藏族自治州'),
  c('R30', '宁夏回族自治区', '银川市 石嘴山市 吴忠市 固原市 中卫市'),
  c('R31', '新疆维吾尔自治区', '乌鲁木齐市 克拉玛依市 吐鲁番市 哈密市 昌吉回族自治州 博尔塔拉蒙古自治州 巴音郭楞蒙古自治州 阿克苏地区 克孜勒苏柯尔克孜自治州 喀什地区 和田地区 伊犁哈萨克自治州 塔城地区 阿勒泰地区'),
  c('R32', '新疆生产建设兵团', '第一师 第二师 第三师 第四师 第五师 第六师 第七师 第八师 第九师 第十师 第十一师 第十二师 第十三师 第十四师', 'corps'),
  c('R33', '', '人民日报社 求是杂志社 光明日报社 经济日报社 中央党校 中国外文局 中央编译局 中央档案馆', 'central'),
  c('R34', '', '外交部 国家发展改革委 教育部 科技部 工业和信息化部 民政部 财政部 人力资源社会保障部 环境保护部 交通运输部 水利部 农业部 商务部 文化部 国家卫生计生委 审计署 国家统计局', 'central'),
];

/** The 31 provinces and the corps, for collectives of industry lines (placed somewhere in China). */
export const PROVINCES: readonly RegionPlaces[] = REGION_PLACES.filter((p) => p.kind !== 'central');

const ETHNIC = ['朝鲜族', '土家族', '藏族', '羌族', '彝族', '布依族', '苗族', '侗族', '哈尼族', '壮族', '傣族', '白族', '景颇族', '傈僳族', '回族', '蒙古', '柯尔克孜', '哈萨克'];

/** "南京市" → "南京"; "延边朝鲜族自治州" → "延边"; "大兴安岭地区" → "大兴安岭"; "第一师" stays. */
export function shortPlace(name: string): string {
  if (name.endsWith('自治州')) {
    let cut = name.length - 3;
    for (const e of ETHNIC) {
      const i = name.indexOf(e, 2);
      if (i >= 2 && i < cut) cut = i;
    }
    return name.slice(0, cut);
  }
  for (const suffix of ['地区', '市', '盟', '区', '省']) {
    if (name.endsWith(suffix) && name.length - suffix.length >= 2) return name.slice(0, name.length - suffix.length);
  }
  return name;
}

/** Streets and neighbourhoods common to many Chinese cities (for stations, branches, offices). */
export const STREETS: readonly string[] = '人民路 解放路 中山路 建设路 新华路 和平路 胜利路 文化路 长江路 黄河路 朝阳路 东风路 光明路 幸福路 青年路 迎宾路 民主路 健康路 兴华路 太平路 北京路 南京路 延安路 人民广场 火车站 汽车站 新城 开发区 高新区 滨江 湖滨 城东 城西 城南 城北'.split(' ');

/** Neutral district-level areas that most cities have (names of real districts are not needed). */
export const AREAS: readonly string[] = ['高新区', '经济技术开发区', '新城区', '城东片区', '城西片区', '城南片区', '城北片区', '临港新区', '滨湖新区', '中心城区'];
