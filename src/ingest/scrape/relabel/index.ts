export { CompiledRelabelRule, compileRelabelRules } from './compile-relabel-rules.js';
export { relabel } from './relabel.js';
