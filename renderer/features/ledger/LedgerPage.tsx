import { useSession } from '../session/store';
import { AggregatePanel } from './AggregatePanel';
import { ExportPanel } from './ExportPanel';
import { useLedgerUi, type LedgerTab } from './store';
import { ValidatePanel } from './ValidatePanel';

/** 工作台账: export (every administrator), validation, and the national aggregation (national office). */
export function LedgerPage() {
  const role = useSession((s) => s.session!.account.role);
  const { tab, setTab } = useLedgerUi();
  const tabs: { id: LedgerTab; label: string }[] = [
    { id: 'export', label: '导出台账' },
    { id: 'validate', label: '导入校验' },
    ...(role === 'national' ? [{ id: 'aggregate' as const, label: '台账汇总' }] : []),
  ];
  const current = tabs.some((t) => t.id === tab) ? tab : 'export';
  return (
    <section aria-labelledby="ledger-title">
      <h1 id="ledger-title">工作台账</h1>
      <div role="tablist" aria-label="工作台账功能" className="ledger-tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`ledger-tab-${t.id}`}
            aria-selected={current === t.id}
            aria-controls={`ledger-tabpanel-${t.id}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`ledger-tabpanel-${current}`} aria-labelledby={`ledger-tab-${current}`}>
        {current === 'export' && <ExportPanel />}
        {current === 'validate' && <ValidatePanel />}
        {current === 'aggregate' && <AggregatePanel />}
      </div>
    </section>
  );
}
