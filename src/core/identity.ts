/**
 * agent-guard's identity, made from package.json (src/package-info.ts is generated from it): every link,
 * SARIF helpUri, `$schema` URL and hook hint is built here, pinned to this version's release tag.
 */
import { PACKAGE_NAME, REPOSITORY_URL, VERSION } from './package-info.js';

export { PACKAGE_NAME, REPOSITORY_URL, VERSION };
export const TOOL_NAME = 'agent-guard';
export const INFORMATION_URI = REPOSITORY_URL;
/** The git tag this version is released under (`v1.2.3`); rule docs and the config schema are read from it. */
export const RELEASE_TAG = `v${VERSION}`;
/** The moving major tag (`v1`) the Action is consumed by. */
export const MAJOR_TAG = `v${VERSION.split('.')[0]}`;
export const DOCS_BASE_URL = `${REPOSITORY_URL}/blob/${RELEASE_TAG}/docs/rules`;
export const CONFIG_SCHEMA_URL = `${REPOSITORY_URL}/raw/${RELEASE_TAG}/schema/config.schema.json`;
export const CONFIGURATION_DOCS_URL = `${REPOSITORY_URL}/blob/${RELEASE_TAG}/README.md#configuration`;
