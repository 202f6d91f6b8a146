import { ForbiddenMessage } from '@/components/shell/forbidden-message';

export default function DashboardForbidden() {
  return <ForbiddenMessage />;
}
