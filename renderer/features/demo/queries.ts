/** Live reads of the demo-data page (used with useLiveQuery). */
import { demoInfo, demoLaptopRefusal, type DemoInfo } from '../../db/repos/demo';
import { listTopUnits } from '../../db/repos/units';

export async function demoPageQuery(): Promise<{ info: DemoInfo | null; refusal: string | null }> {
  const info = await demoInfo();
  return { info, refusal: info ? null : await demoLaptopRefusal() };
}

export const topUnitsQuery = () => listTopUnits().then((units) => units.map((u) => ({ code: u.code, name: u.name })));
