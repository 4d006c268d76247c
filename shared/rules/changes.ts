/**
 * Changes during a term (annex 2 五.4), disqualification (五.5) and wrong-channel transfer (五.3)
 * as pure decisions.
 *
 * Policy:
 * - 五.4 lists four cases; the administrator verifies the facts and decides cases 1–3. Case 4
 *   (more than 50 % of members replaced at once) makes a new collective that no longer holds the
 *   old one's eligibility — it ends a qualification, so the national office decides (五.4 last
 *   paragraph: "凡管理员认为集体应取消创建资格的，线上有关操作需由…组委会办公室审定并实施").
 * - The same paragraph applies to any case in which the administrator proposes cancelling the
 *   qualification (`adminProposesCancellation`): the national office decides.
 * - Case 3 judged "not continuing" and case 2 judged "new collective": a new collective whose
 *   eligibility the administrator reviews afresh. The notice does not call this a cancellation,
 *   so it stays an administrator's decision (the new collective may well qualify).
 * - More than 50 % is strict: exactly half is not case 4. Integer arithmetic (2·replaced > total)
 *   avoids rounding at the boundary.
 * - Transfer: the new code must use EXACTLY the previous name (only leading/trailing whitespace
 *   is forgiven); otherwise one collective ends up with two codes (五.3 注意).
 */
import type { ChangeKind } from '../model/entities';
import { normaliseName } from '../text/names';

export type ChangeOutcome = 'sameCollective' | 'newCollective';
export type ChangeDecider = 'admin1' | 'national';
export type DisqualificationReason = 'seriousDecline' | 'majorAccident' | 'violation';

interface ChangeBase {
  /** the administrator considers that the qualification should be cancelled (五.4 last paragraph) */
  adminProposesCancellation?: boolean;
}

export type ChangeInput = ChangeBase &
  (
    | { kind: 'rename' }
    | { kind: 'functionRename'; /** the administrator's judgement; default: as a rename */ treatAsNew?: boolean }
    | { kind: 'merge'; /** the original collective's functions, work and members remain the core */ continuesAsOriginal: boolean }
    | { kind: 'memberTurnover'; /** members replaced at once */ replaced: number; /** members before the change */ total: number }
    | { kind: 'transfer' }
    | { kind: 'disqualification'; reason: DisqualificationReason }
  );

export interface ChangeDecision {
  kind: ChangeKind;
  outcome: ChangeOutcome;
  endsQualification: boolean;
  decidedBy: ChangeDecider;
  message: string;
}

const DISQUALIFICATION_REASON: Record<DisqualificationReason, string> = {
  seriousDecline: '工作严重滑坡',
  majorAccident: '重大事故',
  violation: '违法违纪',
};

const NATIONAL_DECIDES =
  '须由管理员报全国创建“青年文明号”活动组委会办公室审定并实施，管理员负责向集体通报处理意见';

export function classifyChange(input: ChangeInput): ChangeDecision {
  const decision = classify(input);
  if (input.adminProposesCancellation && !decision.endsQualification) {
    return {
      kind: decision.kind,
      outcome: decision.outcome,
      endsQualification: true,
      decidedBy: 'national',
      message: `管理员认为该集体应取消创建资格：${NATIONAL_DECIDES}（附件2 五.4）。`,
    };
  }
  return decision;
}

function classify(input: ChangeInput): ChangeDecision {
  switch (input.kind) {
    case 'rename':
      return {
        kind: 'rename',
        outcome: 'sameCollective',
        endsQualification: false,
        decidedBy: 'admin1',
        message: '名称改变：管理员核实后修改集体名称，并在“曾用名称”中注明原名称；仍为同一集体，创建资格不变（附件2 五.4 情况1）。',
      };
    case 'functionRename':
      return input.treatAsNew
        ? {
            kind: 'functionRename',
            outcome: 'newCollective',
            endsQualification: false,
            decidedBy: 'admin1',
            message: '职能变更且名称改变：管理员审定视为新的集体，需对新集体的创建资格重新审核（附件2 五.4 情况2）。',
          }
        : {
            kind: 'functionRename',
            outcome: 'sameCollective',
            endsQualification: false,
            decidedBy: 'admin1',
            message: '职能变更且名称改变：由管理员根据实际情况审定，一般按名称改变处理，修改名称并注明“曾用名称”（附件2 五.4 情况2）。',
          };
    case 'merge':
      return input.continuesAsOriginal
        ? {
            kind: 'merge',
            outcome: 'sameCollective',
            endsQualification: false,
            decidedBy: 'admin1',
            message:
              '原建制撤销并入其他集体：仍以原集体职能、工作、成员等为主体，按名称改变处理，集体需同时修改“基本信息”的其他内容（附件2 五.4 情况3）。',
          }
        : {
            kind: 'merge',
            outcome: 'newCollective',
            endsQualification: false,
            decidedBy: 'admin1',
            message: '原建制撤销并入其他集体：不再以原集体为主体，视为新的集体，管理员需对新集体的创建资格重新审核（附件2 五.4 情况3）。',
          };
    case 'memberTurnover': {
      const { replaced, total } = input;
      if (!Number.isInteger(total) || total <= 0) throw new RangeError('成员总人数须为正整数。');
      if (!Number.isInteger(replaced) || replaced < 0 || replaced > total) {
        throw new RangeError('一次性变动的成员人数须为不超过成员总人数的非负整数。');
      }
      const share = `${replaced}/${total}（${formatPercent(replaced, total)}）`;
      return replaced * 2 > total
        ? {
            kind: 'memberTurnover',
            outcome: 'newCollective',
            endsQualification: true,
            decidedBy: 'national',
            message: `成员一次性变动${share}，超过50%：视为新的集体，不再具备原集体创建资格，新集体需按层级创建要求重新组织创建；取消原资格${NATIONAL_DECIDES}（附件2 五.4 情况4）。`,
          }
        : {
            kind: 'memberTurnover',
            outcome: 'sameCollective',
            endsQualification: false,
            decidedBy: 'admin1',
            message: `成员一次性变动${share}，未超过50%，不属于附件2 五.4 情况4，仍为同一集体。`,
          };
    }
    case 'transfer':
      return {
        kind: 'transfer',
        outcome: 'sameCollective',
        endsQualification: false,
        decidedBy: 'admin1',
        message:
          '归口平台选错：应归口单位的管理员征得同意后，采用集体前次报备时使用的名称重新设置用户名（编码），原有报备信息随之转入新编码，新编码取代原编码（附件2 五.3）。',
      };
    case 'disqualification':
      return {
        kind: 'disqualification',
        outcome: 'sameCollective',
        endsQualification: true,
        decidedBy: 'national',
        message: `集体创建期内出现${DISQUALIFICATION_REASON[input.reason]}情况，不符合青年文明号创建标准：取消创建资格并注销用户名（编码）${NATIONAL_DECIDES}（附件2 五.5）。`,
      };
  }
}

function formatPercent(part: number, whole: number): string {
  const pct = Math.round((part / whole) * 1000) / 10;
  return `${pct}%`;
}

/**
 * 曾用名称 after a rename: appends the old name (oldest first). A rename that changes nothing
 * but width, spaces or brackets is not a rename and leaves the list as it was. A name already
 * listed is not listed twice; the new current name is removed from the list (renaming back to
 * an earlier name must not show the current name as a former one).
 */
export function applyRename(formerNames: readonly string[], oldName: string, newName: string): string[] {
  const oldTrim = oldName.trim();
  const newTrim = newName.trim();
  if (newTrim === '') throw new RangeError('新名称不能为空。');
  const newKey = normaliseName(newTrim);
  if (oldTrim === '' || normaliseName(oldTrim) === newKey) return [...formerNames];
  const result: string[] = [];
  const seen = new Set<string>();
  for (const n of [...formerNames, oldTrim]) {
    const key = normaliseName(n);
    if (key === '' || key === newKey || seen.has(key)) continue;
    seen.add(key);
    result.push(n.trim());
  }
  return result;
}

export interface TransferCheck {
  ok: boolean;
  message: string;
}

/** May a new code be issued under `newName` for a collective that filed as `previousName`? */
export function transferCheck(previousName: string, newName: string): TransferCheck {
  const prev = previousName.trim();
  const next = newName.trim();
  const warning = '否则一个集体将有两个用户名（编码），前次报备的信息也无法转入新编码（附件2 五.3 注意事项）';
  if (prev === '') return { ok: false, message: '缺少集体前次报备时使用的名称，无法重新设置用户名（编码）。' };
  if (prev === next) {
    return { ok: true, message: `名称与前次报备一致（“${prev}”），可重新设置用户名（编码），前次报备的信息将转入新编码，新编码取代原编码。` };
  }
  const onlyForm = normaliseName(prev) === normaliseName(next);
  return {
    ok: false,
    message: `重新设置用户名（编码）必须采用集体前次报备时使用的名称“${prev}”，当前填写的是“${next}”${
      onlyForm ? '（仅全角/半角、空格或括号写法不同，也须完全一致）' : ''
    }；${warning}。如集体确已更名，请先按名称改变办理，再转移。`,
  };
}
