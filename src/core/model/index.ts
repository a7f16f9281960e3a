export type { CompiledModel, FusedKernels, WgslModel } from './compiled-model';
export { FUSED_MAX_PARAMS } from './compiled-model';
export type {
  BinaryOp,
  ConstantName,
  Expr,
  FunctionName,
  InternalFunctionName,
  UserFunctionName,
} from './ast';
export { USER_FUNCTIONS, CONSTANTS, exprEquals, identifiersInOrder } from './ast';
export { compileModel, deriveModel, parseModel } from './compile-model';
export type { ModelDerivatives, ModelOptions, ParsedModel } from './compile-model';
export { parseExpression, MAX_EXPRESSION_DEPTH } from './parser';
export { MAX_EXPRESSION_LENGTH } from './lexer';
export { print as printExpression, formatNumber } from './printer';
export { ExprPool, simplify } from './simplify';
export { differentiate } from './differentiate';
export { evaluateAst } from './evaluate-ast';
export { generateJsSource } from './codegen-js';
export { generateWgsl } from './codegen-wgsl';
export { erf, erfc, wofzRe, wofzIm } from './special-functions';
