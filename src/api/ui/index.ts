export type { UiOptions } from './ui-plugin.js';
export { UI_CLIENT_ROUTES, defaultUiDir, uiPlugin } from './ui-plugin.js';
