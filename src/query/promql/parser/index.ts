export type {
  AggregateExpr,
  AggregateOp,
  ArithmeticOp,
  AtModifier,
  BinaryExpr,
  BinaryOp,
  CallExpr,
  ComparisonOp,
  DurationBinary,
  DurationCall,
  DurationExpr,
  DurationLiteral,
  DurationParen,
  DurationUnary,
  Expr,
  FunctionSignature,
  MatchCardinality,
  MatrixSelector,
  NumberLiteral,
  ParenExpr,
  PosRange,
  SetOp,
  StringLiteral,
  SubqueryExpr,
  UnaryExpr,
  ValueType,
  VectorMatching,
  VectorSelector,
} from './ast.js';
export { exprType } from './ast.js';
export { parseExpr } from './parser.js';
export { PromqlParseError } from './parse-error.js';
export { formatExpr, formatDurationExpr } from './printer.js';
export type { DurationContextMs } from './duration.js';
export { evaluateDuration, constantDurationMs } from './duration.js';
export { getFunction, listFunctions } from './functions.js';
export type { Token, TokenType } from './lexer.js';
export { lex } from './lexer.js';
export { PromqlError } from './promql-error.js';
export type { PromqlErrorType } from './promql-error.js';
export { formatFloatF, formatFloatG, formatFloatFixed6 } from './go-format.js';
