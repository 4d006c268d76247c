/**
 * Text for demo records: people, creation logs, plans, evaluations, the units' own work and
 * self-inspection reports. Built from phrase pools by the seeded stream of each record, in the
 * notice's own vocabulary (主题创建活动“青年建功十三五·青春献礼十九大”, 创新创效创优, 开放周, 三亮).
 * Demo data only.
 */
import type { Rng } from './random';

const SURNAMES = '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤'.split(' ');
const GIVEN = '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 兰 萍 红 鹏 辉 婷 宇 浩 凯 健 俊 帆 帅 旭 宁 琳 晨 欣 怡 佳 雪 梅 莉 倩 颖 峰 斌 晶 璐 瑶 蕾 博 文 轩 昊 然 思 雨 嘉 乐 阳 昕 悦 彤 航 晗'.split(' ');

export function personName(r: Rng): string {
  const given = r.chance(0.7) ? r.pick(GIVEN) + r.pick(GIVEN) : r.pick(GIVEN);
  return r.pick(SURNAMES) + given;
}

/** A mobile number (1[3-9]…) or a landline with area code. */
export function phoneNumber(r: Rng): string {
  if (r.chance(0.75)) return `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}`;
  return `0${r.int(10, 999)}-${r.int(2, 8)}${String(r.int(0, 9_999_999)).padStart(7, '0')}`;
}

const ACTIVITY = [
  '“青年建功十三五·青春献礼十九大”主题创建活动',
  '青年文明号开放周活动',
  '“五四”青年节主题团日活动',
  '“七一”建党纪念日主题党团日活动',
  '创新创效创优成果展示',
  '岗位技能比武',
  '服务质量提升月活动',
  '志愿服务进社区活动',
  '“亮身份、亮形象、亮承诺”专项行动',
  '青年文明号互学互访活动',
  '学雷锋志愿服务活动',
  '安全生产月主题活动',
  '业务知识竞赛',
  '“微作品”创作评选',
  '群众满意度回访',
  '窗口服务规范化培训',
  '学习贯彻党的十九大精神专题学习会',
  '青年理论学习小组集中学习',
];
const OPENERS = ['为深入推进青年文明号创建工作', '按照本单位年度创建计划安排', '围绕“青年建功十三五·青春献礼十九大”主题', '为提升窗口服务质量和群众满意度', '结合岗位工作实际', '在上级团组织的指导下'];
const ACTIONS = [
  '组织{n}名青年开展{a}',
  '集体成员{n}人参加{a}',
  '联合共建单位开展{a}',
  '面向社会公众开展{a}，现场接待群众{m}人次',
  '邀请行风监督员参与{a}',
];
const DETAILS = [
  '活动中，青年成员亮身份、亮形象、亮承诺，主动接受群众监督。',
  '号长带头示范，成员分组交流岗位经验，梳理服务流程中的堵点问题{k}项并逐项整改。',
  '通过“两微一端”发布活动信息，阅读量超过{m}次。',
  '活动结束后开展问卷调查，群众满意率达到{p}%。',
  '青年成员结合业务实际提出创新创效建议{k}条，其中{j}条已落实到日常工作。',
  '现场设立意见箱和投诉电话，收集群众意见建议{k}条。',
  '活动得到当地媒体关注并作了报道。',
  '集体将持续跟踪落实，把活动成效转化为长效机制。',
  '活动照片和签到材料已归档备查。',
];

function fill(t: string, r: Rng, a = ''): string {
  return t
    .replace('{a}', a)
    .replace('{n}', String(r.int(6, 45)))
    .replace('{m}', String(r.int(50, 5000)))
    .replace('{k}', String(r.int(2, 12)))
    .replace('{j}', String(r.int(1, 3)))
    .replace('{p}', String(r.int(92, 100)));
}

/** A creation-log entry: title (≤ 100 characters) and text (about 60–260 characters). */
export function logEntry(r: Rng, collectiveName: string, date: string): { title: string; text: string } {
  // the 十九大 study sessions only after October 2017; the theme activity before it
  let activity = r.pick(ACTIVITY);
  if (activity.includes('十九大精神') && date < '2017-10-25') activity = '青年理论学习小组集中学习';
  if (activity.includes('青春献礼十九大') && date > '2017-10-24') activity = '创新创效创优成果展示';
  if (activity.includes('开放周') && !/-0[4-7]-/.test(date)) activity = '服务质量提升月活动';
  const title = `${activity.replace(/活动$/, '')}${r.chance(0.3) ? `（${date.slice(5, 7).replace(/^0/, '')}月）` : ''}`;
  const parts = [`${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日，${r.pick(OPENERS)}，${collectiveName}${fill(r.pick(ACTIONS), r, activity)}。`];
  const extra = r.int(1, 3);
  for (const d of r.sample(DETAILS, extra)) parts.push(fill(d, r));
  return { title, text: parts.join('') };
}

export function commentText(r: Rng): string {
  return r.pick([
    '活动组织有序，请注意留存过程材料。',
    '内容充实，建议进一步总结可推广的经验做法。',
    '请补充活动照片和群众反馈情况。',
    '做法很好，可在辖区内交流推广。',
    '请结合“三亮”要求，持续改进窗口服务。',
  ]);
}

export function planTexts(r: Rng, name: string): { goals: string; measures: string; schedule: string; themeActivities: string } {
  return {
    goals: `${name}以创建全国青年文明号为目标，${r.pick(['坚持“重在创建、贵在管理”', '立足岗位服务群众', '擦亮老品牌、焕发新活力'])}，力争本届内群众满意率保持在${r.int(95, 99)}%以上，形成${r.int(2, 5)}项可推广的创新创效成果。`,
    measures: `一是健全号长负责、成员分工的组织机制；二是落实“亮身份、亮形象、亮承诺”，公开服务承诺和投诉渠道；三是每${r.pick(['月', '季度'])}开展一次岗位练兵；四是建立群众意见收集和整改台账；五是通过“两微一端”展示创建成果。`,
    schedule: '2016年第四季度完成创建规划和动员；2017年开展主题创建活动和开放周活动；2018年上半年总结提炼创建成果，迎接考评。',
    themeActivities: `围绕“青年建功十三五·青春献礼十九大”主题，开展${r.sample(['岗位技能比武', '志愿服务进社区', '创新创效攻关', '服务质量提升月', '青年文明号开放周'], 3).join('、')}等活动。`,
  };
}

export function commitmentText(r: Rng): string {
  return r.pick([
    '文明服务、优质高效、群众满意、争创一流',
    '热情服务每一位群众，用心办好每一件小事',
    '一次告知、限时办结、全程微笑、服务到位',
    '安全第一、服务至上、争做行业先锋',
  ]);
}

const PRAISE = [
  '工作人员态度热情，办事效率高，为他们点赞。',
  '服务周到细致，耐心解答问题，体验很好。',
  '青年员工积极主动，现场秩序井然。',
  '环境整洁，流程清晰，等候时间比以前短了很多。',
  '志愿服务活动很贴心，给老人帮了大忙。',
  '专业水平高，解决问题及时。',
];
const NEUTRAL = ['总体满意，希望进一步缩短等候时间。', '服务不错，但高峰期窗口开放不足。', '希望增加线上办理渠道。', '指示标识不够清楚，建议改进。'];
const COMPLAINTS = [
  '窗口工作人员态度生硬，未能一次性告知所需材料。',
  '等候时间过长，现场无人引导。',
  '投诉电话长时间无人接听。',
  '工作人员在岗期间玩手机，服务不规范。',
  '收费标准未公示，解释不清楚。',
  '预约后到场仍需重新排队，流程不合理。',
];

export function evaluationText(r: Rng, rating: number, complaint: boolean): string {
  if (complaint) return r.pick(COMPLAINTS);
  return rating >= 4 ? r.pick(PRAISE) : r.pick(NEUTRAL);
}

export function complaintNote(r: Rng, step: 'verify' | 'requestRectification' | 'markRectified' | 'close' | 'closeUnfounded'): string {
  switch (step) {
    case 'verify':
      return r.pick(['经调取监控和询问当事人，情况基本属实。', '已联系投诉人了解情况，反映问题属实。', '']);
    case 'requestRectification':
      return r.pick(['对当事人进行批评教育，开展服务规范再培训。', '优化高峰期窗口安排，增设引导岗。', '公示收费标准并向投诉人说明情况。']);
    case 'markRectified':
      return r.pick(['已完成整改并向投诉人反馈，投诉人表示认可。', '已组织全员培训并修订服务规范。', '已增设引导岗，等候时间明显缩短。']);
    case 'close':
      return r.pick(['整改到位，予以办结。', '']);
    case 'closeUnfounded':
      return r.pick(['经核实，投诉反映情况与事实不符。', '经调查，工作人员按规定办理，投诉不属实。']);
  }
}

export const WORK_ENTRY_TEXT: Readonly<Record<string, readonly string[]>> = {
  专题会议: ['青年文明号创建工作推进会', '全国青年文明号创建工作专题部署会', '青年文明号活动组委会（领导小组）工作会议'],
  集中培训: ['青年文明号号长培训班', '创建集体网络报备操作培训', '青年文明号创建骨干集中培训'],
  检查调研: ['青年文明号创建集体实地督导调研', '创建集体“三亮”落实情况专项检查', '青年文明号暗访检查'],
  主题创建活动: ['“青年建功十三五·青春献礼十九大”主题创建活动', '青年文明号开放周活动', '青年文明号创新创效创优成果展示'],
  常态化联系平台: ['青年文明号号长微信工作群', '青年文明号创建工作联络员制度', '青年文明号工作微信公众号'],
  媒体宣传: ['青年文明号专题宣传报道', '青年文明号“微作品”展播'],
  领导出席: ['单位主要领导出席青年文明号授牌仪式'],
  政策文件: ['印发本系统青年文明号创建工作实施办法'],
  其他: ['青年文明号工作经验交流会'],
};

export function selfReportText(r: Rng, unitName: string, facts: { collectives: number; approved: number; required: number; entries: number }): string {
  const rate = facts.required > 0 ? Math.round((facts.approved / facts.required) * 100) : 0;
  return [
    `${unitName}青年文明号创建工作情况报告`,
    `一、基本情况。本届以来，${unitName}按照全国创建“青年文明号”活动组委会的统一部署，把青年文明号创建作为服务中心工作、服务青年成长的重要抓手。截至目前，网络报备集体${facts.collectives}个，经审核确定创建集体${facts.approved}个，应完成网络创建数${facts.required}个，完成率${rate}%。`,
    `二、主要做法。一是健全组织机制，${r.pick(['调整充实活动组委会（领导小组）', '明确各级管理员职责分工', '建立条块协同的工作机制'])}；二是加强过程管理，全年开展专题会议、集中培训、检查调研等工作${facts.entries}次；三是深化“三亮”机制，督促创建集体公开服务承诺和投诉渠道；四是开展“青年建功十三五·青春献礼十九大”主题创建活动和青年文明号开放周活动。`,
    `三、存在问题。${r.pick(['部分基层单位创建积极性不高', '非公经济组织和社会组织创建集体比例偏低', '创建日志更新不够及时'])}，${r.pick(['过程材料归档不够规范', '社会监督渠道有待拓展', '创建成果提炼不足'])}。`,
    `四、下步打算。${r.pick(['进一步加强督导检查', '完善考评激励机制', '加大宣传推广力度'])}，推动创建工作提质增效，以优异成绩迎接全国青年文明号评选。`,
  ].join('\n');
}
