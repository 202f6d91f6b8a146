import { ForbiddenMessage } from '@/components/shell/forbidden-message';

export default function Forbidden() {
  return (
    <main id="main-content" className="flex min-h-screen items-center justify-center px-4">
      <ForbiddenMessage />
    </main>
  );
}
