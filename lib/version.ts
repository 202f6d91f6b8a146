/** Rampart's version, from package.json: the CLI's --version, SARIF's tool version, exports. */
import pkg from '../package.json';

export const RAMPART_VERSION: string = pkg.version;
