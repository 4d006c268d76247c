/**
 * The demo datasets' sizes and defaults, apart from the generator so that a page can show them
 * without loading the generator (it is loaded only when demo data is actually made).
 */
export type DemoScale = 'province' | 'national';

export interface DemoCounts {
  collectives: number;
  /** 创建工作动态 / 创建日志 (text), including a few drafts */
  workUpdates: number;
  /** 社会评价, complaints included */
  evaluations: number;
  /** small PNG pictures attached to logs */
  pictures: number;
}

export const DEMO_SCALES: Readonly<Record<DemoScale, DemoCounts>> = {
  province: { collectives: 2_000, workUpdates: 40_000, evaluations: 6_000, pictures: 300 },
  national: { collectives: 20_000, workUpdates: 400_000, evaluations: 60_000, pictures: 3_000 },
};

export const DEMO_SCALE_LABEL: Readonly<Record<DemoScale, string>> = { province: '省级规模', national: '全国规模' };

export const DEFAULT_DEMO_SEED = 2017;
/** The province of the 'province' scale unless another top-level unit is chosen (江苏). */
export const DEFAULT_DEMO_UNIT = 'R10';
