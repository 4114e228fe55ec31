//! Lowering expressions to CLIF values, without recursion: a post-order
//! walk driven by an explicit stack of [`ExprTask`]s, with computed
//! values on a value stack.
//!
//! Every toy value is an `i64`. Arithmetic wraps (`iadd`, `isub`, `imul`,
//! `ineg`); `/` and `%` are `sdiv` and `srem`, which trap on a zero
//! divisor (`int_divz`), and `sdiv` also on `-2^63 / -1` (`int_ovf`), so a
//! bad division is a runtime error, never undefined behaviour.
//! Comparisons and `!` give 0 or 1 (`icmp` widened with `uextend`).
//!
//! `&&` and `||` short-circuit: the left value branches either to a block
//! computing the right side or straight to a join block whose one
//! parameter receives the result (0 for `&&`, 1 for `||` when the right
//! side is skipped; else the right side compared with 0).
//!
//! An undefined variable or function, or a call with the wrong number of
//! arguments, is reported and compiles as `0` so that compilation goes
//! on and finds the other errors.

use lathe::ir::types::I64;
use lathe::ir::{BlockArg, InstBuilder, IntCC, Value};

use super::ast::{BinaryOp, ExprId, ExprKind, UnaryOp};
use super::codegen::{Bug, FunctionCompiler};
use super::diagnostic::Diagnostic;

/// A step of lowering an expression.
#[derive(Clone, Copy)]
pub(super) enum ExprTask {
    /// Lower this expression: push its operands' tasks, then `Apply`.
    Lower(ExprId),
    /// The operands are on the value stack: compute the expression.
    Apply(ExprId),
    /// The left side of this `&&`/`||` is on the value stack: branch on it.
    ShortCircuit(ExprId),
    /// The right side of a `&&`/`||` is on the value stack: pass it to
    /// the join block and continue there.
    Join(lathe::ir::Block),
}

/// Buffers reused by every expression of a function.
#[derive(Default)]
pub(super) struct ExprScratch {
    tasks: Vec<ExprTask>,
    values: Vec<Value>,
}

impl FunctionCompiler<'_, '_, '_> {
    /// Lowers expression `root` at the current point: its value.
    pub(super) fn expression(&mut self, root: ExprId) -> Result<Value, Bug> {
        let mut s = std::mem::take(&mut self.scratch);
        s.tasks.clear();
        s.values.clear();
        s.tasks.push(ExprTask::Lower(root));
        let result = self.run_tasks(&mut s);
        let value = s.values.pop();
        self.scratch = s;
        result?;
        match value {
            Some(v) => Ok(v),
            None => Err(Bug::new("an expression left no value")),
        }
    }

    /// Lowers expression `root` as the condition of a branch: a value
    /// that is non-zero when `root` is. A comparison is left as the bare
    /// `icmp` (not widened to 0/1), so the backend can fuse it with the
    /// branch.
    pub(super) fn condition(&mut self, root: ExprId) -> Result<Value, Bug> {
        let ExprKind::Binary(op, lhs, rhs) = self.ast.expr(root).kind else {
            return self.expression(root);
        };
        let Some(cc) = comparison(op) else {
            return self.expression(root);
        };
        let lhs = self.expression(lhs)?;
        let rhs = self.expression(rhs)?;
        Ok(self.builder.try_ins()?.icmp(cc, lhs, rhs))
    }

    fn run_tasks(&mut self, s: &mut ExprScratch) -> Result<(), Bug> {
        let ast = self.ast;
        while let Some(task) = s.tasks.pop() {
            match task {
                ExprTask::Lower(id) => match &ast.expr(id).kind {
                    ExprKind::Int(v) => {
                        let value = self.builder.try_ins()?.iconst(I64, *v);
                        s.values.push(value);
                    }
                    ExprKind::Var => {
                        let value = match self.variable(ast.expr(id).span) {
                            Some(var) => self.builder.try_use_var(var)?,
                            None => self.builder.try_ins()?.iconst(I64, 0),
                        };
                        s.values.push(value);
                    }
                    ExprKind::Call { args, .. } => {
                        s.tasks.push(ExprTask::Apply(id));
                        s.tasks
                            .extend(args.iter().rev().map(|&a| ExprTask::Lower(a)));
                    }
                    ExprKind::Unary(_, x) => {
                        s.tasks.push(ExprTask::Apply(id));
                        s.tasks.push(ExprTask::Lower(*x));
                    }
                    ExprKind::Binary(BinaryOp::And | BinaryOp::Or, lhs, _) => {
                        s.tasks.push(ExprTask::ShortCircuit(id));
                        s.tasks.push(ExprTask::Lower(*lhs));
                    }
                    ExprKind::Binary(_, lhs, rhs) => {
                        s.tasks.push(ExprTask::Apply(id));
                        s.tasks.push(ExprTask::Lower(*rhs));
                        s.tasks.push(ExprTask::Lower(*lhs));
                    }
                },
                ExprTask::Apply(id) => {
                    let value = self.apply(id, &mut s.values)?;
                    s.values.push(value);
                }
                ExprTask::ShortCircuit(id) => {
                    let ExprKind::Binary(op, _, rhs) = ast.expr(id).kind else {
                        return Err(Bug::new("a short circuit of a non-binary expression"));
                    };
                    let lhs = pop(&mut s.values)?;
                    let rhs_block = self.builder.create_block();
                    let join = self.builder.create_block();
                    self.builder.try_append_block_param(join, I64)?;
                    let b = &mut self.builder;
                    if op == BinaryOp::And {
                        let zero = b.try_ins()?.iconst(I64, 0);
                        let skip = [BlockArg::Value(zero)];
                        b.try_ins()?.brif(lhs, rhs_block, &[], join, &skip);
                    } else {
                        let one = b.try_ins()?.iconst(I64, 1);
                        let skip = [BlockArg::Value(one)];
                        b.try_ins()?.brif(lhs, join, &skip, rhs_block, &[]);
                    }
                    b.try_seal_block(rhs_block)?;
                    b.try_switch_to_block(rhs_block)?;
                    s.tasks.push(ExprTask::Join(join));
                    s.tasks.push(ExprTask::Lower(rhs));
                }
                ExprTask::Join(join) => {
                    let rhs = pop(&mut s.values)?;
                    let truth = self.truth(IntCC::NotEqual, rhs)?;
                    let b = &mut self.builder;
                    b.try_ins()?.jump(join, &[BlockArg::Value(truth)]);
                    b.try_seal_block(join)?;
                    b.try_switch_to_block(join)?;
                    s.values.push(b.block_params(join)[0]);
                }
            }
        }
        Ok(())
    }

    /// Computes expression `id` from its operands on top of `values`
    /// (which it pops).
    fn apply(&mut self, id: ExprId, values: &mut Vec<Value>) -> Result<Value, Bug> {
        let ast = self.ast;
        let expr = ast.expr(id);
        match &expr.kind {
            ExprKind::Call { callee, args } => {
                let start = values.len().saturating_sub(args.len());
                let value = match self.resolve_call(*callee, args.len()) {
                    Some(func_ref) => {
                        let b = &mut self.builder;
                        let call = b.try_ins()?.call(func_ref, &values[start..]);
                        b.func.dfg.inst_results(call)[0]
                    }
                    None => self.builder.try_ins()?.iconst(I64, 0),
                };
                values.truncate(start);
                Ok(value)
            }
            ExprKind::Unary(op, _) => {
                let x = pop(values)?;
                match op {
                    UnaryOp::Neg => Ok(self.builder.try_ins()?.ineg(x)),
                    UnaryOp::Not => self.truth(IntCC::Equal, x),
                }
            }
            ExprKind::Binary(op, _, _) => {
                let rhs = pop(values)?;
                let lhs = pop(values)?;
                let Some(cc) = comparison(*op) else {
                    return self.arithmetic(*op, lhs, rhs);
                };
                let flag = self.builder.try_ins()?.icmp(cc, lhs, rhs);
                Ok(self.builder.try_ins()?.uextend(I64, flag))
            }
            ExprKind::Int(_) | ExprKind::Var => Err(Bug::new("a leaf expression with operands")),
        }
    }

    /// `lhs op rhs` for the arithmetic operators.
    fn arithmetic(&mut self, op: BinaryOp, lhs: Value, rhs: Value) -> Result<Value, Bug> {
        let ins = self.builder.try_ins()?;
        Ok(match op {
            BinaryOp::Add => ins.iadd(lhs, rhs),
            BinaryOp::Sub => ins.isub(lhs, rhs),
            BinaryOp::Mul => ins.imul(lhs, rhs),
            BinaryOp::Div => ins.sdiv(lhs, rhs),
            BinaryOp::Rem => ins.srem(lhs, rhs),
            _ => return Err(Bug::new("not an arithmetic operator")),
        })
    }

    /// `x cc 0` as 0 or 1.
    fn truth(&mut self, cc: IntCC, x: Value) -> Result<Value, Bug> {
        let zero = self.builder.try_ins()?.iconst(I64, 0);
        let flag = self.builder.try_ins()?.icmp(cc, x, zero);
        Ok(self.builder.try_ins()?.uextend(I64, flag))
    }

    /// The function a call of `callee` with `argc` arguments goes to, or
    /// `None` after reporting why there is none.
    fn resolve_call(
        &mut self,
        callee: super::diagnostic::Span,
        argc: usize,
    ) -> Option<lathe::ir::FuncRef> {
        let ast = self.ast;
        let name = ast.text(callee);
        let Some(index) = self.table.get(name) else {
            let mut d = Diagnostic::error(callee, format!("undefined function `{name}`"));
            if name == "print" {
                d = d.with_help("`print(x);` is a statement, not an expression");
            }
            self.errors.push(d);
            return None;
        };
        let def = &ast.functions[index];
        let arity = def.params.len();
        if arity != argc {
            self.errors.push(
                Diagnostic::error(
                    callee,
                    format!(
                        "`{name}` takes {arity} argument{} but {argc} {} given",
                        plural(arity),
                        if argc == 1 { "was" } else { "were" }
                    ),
                )
                .with_note(def.name, format!("`{name}` is defined here")),
            );
            return None;
        }
        Some(self.callee_ref(index, arity))
    }
}

/// The condition code of a comparison operator (all signed).
fn comparison(op: BinaryOp) -> Option<IntCC> {
    Some(match op {
        BinaryOp::Eq => IntCC::Equal,
        BinaryOp::Ne => IntCC::NotEqual,
        BinaryOp::Lt => IntCC::SignedLessThan,
        BinaryOp::Le => IntCC::SignedLessThanOrEqual,
        BinaryOp::Gt => IntCC::SignedGreaterThan,
        BinaryOp::Ge => IntCC::SignedGreaterThanOrEqual,
        _ => return None,
    })
}

/// `"s"` unless `n` is 1.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Pops an operand (its absence is a bug of the lowering, reported
/// rather than a panic).
fn pop(values: &mut Vec<Value>) -> Result<Value, Bug> {
    values.pop().ok_or(Bug::new("an operand is missing"))
}
