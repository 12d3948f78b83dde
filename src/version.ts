/** Kept equal to package.json's version by a test. */
export const VERSION = '0.1.0';
export const TOOL_NAME = 'agent-guard';
export const INFORMATION_URI = 'https://github.com/org/agent-guard';
