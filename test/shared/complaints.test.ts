import { describe, expect, it } from 'vitest';
import type { ComplaintState } from '../../shared/model/entities';
import {
  allowedActions,
  applyComplaintStep,
  COMPLAINT_ACTIONS,
  COMPLAINT_STATES,
  complaintSummary,
  ComplaintError,
  daysOverdue,
  isOpenComplaint,
  isOverdue,
  isSubstantiated,
  newComplaint,
  type ComplaintAction,
  type ComplaintFields,
} from '../../shared/rules/complaints';

const TODAY = '2017-06-10';
const at = '2017-06-10T02:00:00.000Z';
const step = (action: ComplaintAction, extra: { note?: string; deadline?: string | null; today?: string } = {}) => ({
  action,
  note: extra.note ?? '说明',
  deadline: 'deadline' in extra ? extra.deadline : action === 'requestRectification' ? '2017-06-30' : null,
  actorId: 'admin-1',
  at,
  today: extra.today ?? TODAY,
});
const inState = (state: ComplaintState, rectifyBy: string | null = null): ComplaintFields => ({
  complaintState: state,
  rectifyBy,
  history: [{ state, at, actorId: 'admin-1', note: '' }],
});

/** The allowed transitions, as the policy header states them. */
const ALLOWED: Record<ComplaintState, Partial<Record<ComplaintAction, ComplaintState>>> = {
  received: { verify: 'verified' },
  verified: { requestRectification: 'rectificationRequested', closeUnfounded: 'closed' },
  rectificationRequested: { markRectified: 'rectified' },
  rectified: { close: 'closed', requestRectification: 'rectificationRequested' },
  closed: {},
};

describe('complaint state machine', () => {
  const actions = Object.keys(COMPLAINT_ACTIONS) as ComplaintAction[];
  for (const from of COMPLAINT_STATES) {
    for (const action of actions) {
      const to = ALLOWED[from][action];
      it(`${from} --${action}--> ${to ?? 'refused'}`, () => {
        const before = inState(from, '2017-06-20');
        if (to) {
          const after = applyComplaintStep(before, step(action));
          expect(after.complaintState).toBe(to);
          expect(after.history).toHaveLength(2);
          const note = action === 'requestRectification' ? '说明（整改期限 2017-06-30）' : '说明';
          expect(after.history[1]).toEqual({ state: to, at, actorId: 'admin-1', note });
          expect(before.history).toHaveLength(1); // the input is not changed
        } else {
          expect(() => applyComplaintStep(before, step(action))).toThrow(ComplaintError);
        }
      });
    }
  }

  it('offers exactly the allowed actions per state', () => {
    for (const s of COMPLAINT_STATES) expect(allowedActions(s).sort()).toEqual(Object.keys(ALLOWED[s]).sort());
    expect(allowedActions(null)).toEqual([]);
  });

  it('runs the whole path received → verified → rectification requested → rectified → closed, keeping every step', () => {
    let c = newComplaint('admin-1', at, '群众来电');
    for (const a of ['verify', 'requestRectification', 'markRectified', 'close'] as ComplaintAction[]) c = applyComplaintStep(c, step(a));
    expect(c.complaintState).toBe('closed');
    expect(c.history.map((h) => h.state)).toEqual(['received', 'verified', 'rectificationRequested', 'rectified', 'closed']);
    expect(c.history[0]!.note).toBe('群众来电');
    expect(c.rectifyBy).toBe('2017-06-30');
    expect(isSubstantiated(c)).toBe(true);
  });

  it('explains a refused step in Chinese, naming the current state', () => {
    expect(() => applyComplaintStep(inState('received'), step('close'))).toThrow('投诉当前为“已受理”，不能“办结”（只能从“已整改”办理）');
    expect(() => applyComplaintStep({ complaintState: null, rectifyBy: null, history: [] }, step('verify'))).toThrow('该评价不是投诉');
  });

  it('requires a deadline to request rectification: present, a real date, not before today', () => {
    const v = inState('verified');
    expect(() => applyComplaintStep(v, step('requestRectification', { deadline: '' }))).toThrow('要求整改必须规定整改期限');
    expect(() => applyComplaintStep(v, step('requestRectification', { deadline: null }))).toThrow('整改期限');
    expect(() => applyComplaintStep(v, step('requestRectification', { deadline: '2017-02-30' }))).toThrow('不是有效日期');
    expect(() => applyComplaintStep(v, step('requestRectification', { deadline: '2017/06/30' }))).toThrow('不是有效日期');
    expect(() => applyComplaintStep(v, step('requestRectification', { deadline: '2017-06-09' }))).toThrow('不能早于今天（2017-06-10）');
    expect(applyComplaintStep(v, step('requestRectification', { deadline: TODAY })).rectifyBy).toBe(TODAY);
  });

  it('requires a note where the step is a finding: unfounded reason, rectification demand, what was rectified', () => {
    expect(() => applyComplaintStep(inState('verified'), step('closeUnfounded', { note: '  ' }))).toThrow('请填写不属实的理由');
    expect(() => applyComplaintStep(inState('verified'), step('requestRectification', { note: '' }))).toThrow('请填写整改要求');
    expect(() => applyComplaintStep(inState('rectificationRequested', '2017-06-20'), step('markRectified', { note: '' }))).toThrow('请填写整改情况');
    expect(applyComplaintStep(inState('received'), step('verify', { note: '' })).complaintState).toBe('verified');
    expect(() => applyComplaintStep(inState('received'), step('verify', { note: '长'.repeat(1001) }))).toThrow('不能超过 1000 个字');
  });

  it('an unfounded complaint is closed without being substantiated', () => {
    const c = applyComplaintStep(applyComplaintStep(newComplaint('a', at), step('verify')), step('closeUnfounded', { note: '经查不属实' }));
    expect(c.complaintState).toBe('closed');
    expect(isSubstantiated(c)).toBe(false);
  });

  it('a second rectification request after an insufficient one sets the new deadline', () => {
    const c = applyComplaintStep(inState('rectified', '2017-06-20'), step('requestRectification', { deadline: '2017-07-15' }));
    expect(c).toMatchObject({ complaintState: 'rectificationRequested', rectifyBy: '2017-07-15' });
    expect(c.history.at(-1)!.note).toBe('说明（整改期限 2017-07-15）');
  });
});

describe('overdue and open', () => {
  it('is overdue only while rectification is requested and today is after the deadline day', () => {
    const c = inState('rectificationRequested', '2017-06-30');
    expect(isOverdue(c, '2017-06-30')).toBe(false);
    expect(isOverdue(c, '2017-07-01')).toBe(true);
    expect(daysOverdue(c, '2017-07-03')).toBe(3);
    expect(daysOverdue(c, '2017-06-01')).toBe(0);
    expect(isOverdue(inState('rectified', '2017-06-30'), '2017-08-01')).toBe(false);
    expect(isOverdue(inState('closed', '2017-06-30'), '2017-08-01')).toBe(false);
  });

  it('open means not yet rectified or closed', () => {
    expect(COMPLAINT_STATES.filter(isOpenComplaint)).toEqual(['received', 'verified', 'rectificationRequested']);
  });

  it('summarises complaints, ignoring plain evaluations and deleted records', () => {
    const complaint = (c: ComplaintFields, extra: { deleted?: boolean } = {}) => ({ complaint: true, ...c, ...extra });
    const summary = complaintSummary(
      [
        complaint(inState('received')),
        complaint(inState('verified')),
        complaint({ ...inState('rectificationRequested', '2017-06-01'), history: [{ state: 'rectificationRequested', at, actorId: 'a', note: '' }] }),
        complaint({ ...inState('closed'), history: [{ state: 'rectificationRequested', at, actorId: 'a', note: '' }, { state: 'closed', at, actorId: 'a', note: '' }] }),
        complaint(inState('closed')),
        complaint(inState('received'), { deleted: true }),
        { complaint: false, complaintState: null, rectifyBy: null, history: [] },
      ],
      TODAY,
    );
    expect(summary).toEqual({
      total: 5,
      open: 3,
      overdue: 1,
      substantiated: 2,
      rectified: 2,
      byState: { received: 1, verified: 1, rectificationRequested: 1, rectified: 0, closed: 2 },
    });
  });
});
