import { LoadingRows, Skeleton } from '@/components/ui';

export default function FindingsLoading() {
  return (
    <div className="space-y-4">
      <Skeleton className="h-7 w-40" />
      <Skeleton className="h-40 w-full" />
      <LoadingRows rows={8} label="Loading findings…" />
    </div>
  );
}
