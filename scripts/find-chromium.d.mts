export declare const INSTALL_CHROMIUM_COMMAND: string;
export declare function findChromium(env?: Record<string, string | undefined>): string | undefined;
