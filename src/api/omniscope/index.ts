export type { SelfApiOptions } from './self-api.js';
export { selfApiPlugin } from './self-api.js';
