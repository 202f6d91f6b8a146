/** Lists of findings a scan changed (opened, reopened, resolved, or new / fixed since an earlier scan). Server-safe. */
import Link from 'next/link';
import { resourceLabel } from '@/lib/dashboard/resource-label';
import { Card, CardBody, CardHeader, EmptyState, SeverityBadge, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import type { FindingList } from '@/lib/scans/detail';

export function FindingChangeList({ title, description, list, testId, empty, clusterName }: { title: string; description?: string; list: FindingList; testId: string; empty: string; clusterName: string | null }) {
  return (
    <Card data-testid={testId}>
      <CardHeader title={`${title} (${list.total})`} description={description} />
      {list.total === 0 ? (
        <CardBody>
          <EmptyState title={empty} />
        </CardBody>
      ) : (
        <>
          <Table>
            <THead>
              <TR>
                <TH scope="col">Severity</TH>
                <TH scope="col">Finding</TH>
                <TH scope="col">Resource</TH>
              </TR>
            </THead>
            <TBody>
              {list.items.map((f) => (
                <TR key={f.id} data-testid="scan-change-row">
                  <TD>
                    <SeverityBadge severity={f.severity} />
                  </TD>
                  <TD className="max-w-xl">
                    <Link href={`/findings/${f.id}`} className="text-sm hover:text-accent hover:underline">
                      {f.message}
                    </Link>
                    <span className="block font-mono text-xs text-muted">{f.checkId}</span>
                  </TD>
                  <TD className="min-w-44 font-mono text-xs break-words">{resourceLabel(f.resource, clusterName)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
          {list.total > list.items.length ? <p className="px-5 py-3 text-xs text-muted">The {list.items.length} most severe of {list.total} are listed.</p> : null}
        </>
      )}
    </Card>
  );
}
