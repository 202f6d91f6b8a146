export declare const DEFAULT_TEST_DATABASE_URL: string;
export interface TestPostgres {
  url: string;
  source: 'configured' | 'default' | 'embedded';
  version: string;
  stop(): Promise<void>;
}
export declare function ensureTestPostgres(options?: {
  env?: Record<string, string | undefined>;
  defaultUrl?: string;
  log?: (message: string) => void;
}): Promise<TestPostgres>;
