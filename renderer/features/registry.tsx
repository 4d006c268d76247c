/**
 * The features in the left navigation, in order. Each feature adds ONE entry here: an id, its
 * Chinese label, who sees it, and its page component. The shell and App read only this list.
 */
import type { ComponentType } from 'react';
import type { Role } from '../../shared/model/entities';
import { AccountsPage } from './accounts/AccountsPage';
import { AuditPage } from './audit/AuditPage';
import { MyCollective } from './collective/MyCollective';
import { Dashboard } from './dashboard/Dashboard';
import { DuplicatesPage } from './duplicates/DuplicatesPage';
import { RosterImportPage } from './roster/RosterImportPage';
import { ChangePasswordPage } from './session/ChangePasswordPage';
import { ChangesPage } from './collectives/ChangesPage';
import { CollectivesPage } from './collectives/CollectivesPage';
import { TermsPage } from './terms/TermsPage';
import { SettingsPage } from './settings/SettingsPage';
import { useSession } from './session/store';
import { LedgerPage } from './ledger/LedgerPage';
import { ExchangePage } from './exchange/ExchangePage';
import { exchangeVisible } from './exchange/store';
import { ConflictsPage } from './conflicts/ConflictsPage';
import { BackupPage } from './backup/BackupPage';
import { LogsPage } from './logs/LogsPage';
import { EvaluationsPage } from './evaluations/EvaluationsPage';
import { SupervisionPage } from './supervision/SupervisionPage';
import { WorkLedgerPage } from './work/WorkLedgerPage';
import { QuotaPage } from './quota/QuotaPage';
import { AssessmentPage } from './assessment/AssessmentPage';
import { ReportPage } from './report/ReportPage';
import { DemoPage } from './demo/DemoPage';

export interface Feature {
  id: string;
  /** label in the navigation (may depend on the role) */
  label: (role: Role) => string;
  visible: (role: Role) => boolean;
  Page: ComponentType;
}

const ADMINS: Role[] = ['national', 'admin1', 'admin2', 'admin3'];
export const isAdminRole = (r: Role) => ADMINS.includes(r);
export const isLevel1OrNational = (r: Role) => r === 'national' || r === 'admin1';

/** A collective's home is its own record; an administrator's is the dashboard. */
function Home() {
  const role = useSession((s) => s.session?.account.role);
  return role === 'collective' ? <MyCollective /> : <Dashboard />;
}

export const FEATURES: Feature[] = [
  { id: 'home', label: (r) => (r === 'collective' ? '本集体' : '工作台'), visible: () => true, Page: Home },
  { id: 'collectives', label: () => '集体管理', visible: isAdminRole, Page: CollectivesPage },
  { id: 'changes', label: (r) => (r === 'national' ? '变更审定' : '待审定变更'), visible: isLevel1OrNational, Page: ChangesPage },
  { id: 'roster', label: () => '名单导入', visible: isLevel1OrNational, Page: RosterImportPage },
  { id: 'duplicates', label: () => '疑似重复', visible: isLevel1OrNational, Page: DuplicatesPage },
  { id: 'work', label: () => '工作台账（五个一）', visible: isAdminRole, Page: WorkLedgerPage },
  { id: 'quota', label: () => '名额与结构', visible: isAdminRole, Page: QuotaPage },
  { id: 'assessment', label: () => '考评', visible: isAdminRole, Page: AssessmentPage },
  { id: 'report', label: () => '情况报告', visible: isAdminRole, Page: ReportPage },
  { id: 'logs', label: () => '创建日志', visible: () => true, Page: LogsPage },
  { id: 'evaluations', label: () => '社会评价', visible: () => true, Page: EvaluationsPage },
  { id: 'supervision', label: () => '监督看板', visible: isAdminRole, Page: SupervisionPage },
  { id: 'exchange', label: () => '数据交换', visible: exchangeVisible, Page: ExchangePage },
  { id: 'conflicts', label: () => '冲突处理', visible: exchangeVisible, Page: ConflictsPage },
  { id: 'backup', label: () => '备份与恢复', visible: (r) => r !== 'collective' || exchangeVisible(r), Page: BackupPage },
  { id: 'ledger', label: (r) => (r === 'national' ? '工作台账导出与汇总' : '工作台账导出'), visible: isAdminRole, Page: LedgerPage },
  { id: 'demo', label: () => '演示数据', visible: isLevel1OrNational, Page: DemoPage },
  // features of later issues add their entries here, in navigation order
  { id: 'accounts', label: () => '账号管理', visible: isLevel1OrNational, Page: AccountsPage },
  { id: 'terms', label: () => '届次管理', visible: (r) => r === 'national', Page: TermsPage },
  { id: 'audit', label: () => '审计日志', visible: isLevel1OrNational, Page: AuditPage },
  { id: 'settings', label: () => '设置', visible: isLevel1OrNational, Page: SettingsPage },
  { id: 'password', label: () => '修改密码', visible: () => true, Page: ChangePasswordPage },
];
