// Generated from package.json by scripts/write-package-info.mjs (npm run build); do not edit.
export const PACKAGE_NAME = 'agent-guard';
export const VERSION = '1.0.0';
export const REPOSITORY_URL = 'https://github.com/org/agent-guard';
