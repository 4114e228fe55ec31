//! Differential test: random structured programs (assignments, if/else,
//! counted loops, variables left undefined) are built through the
//! `FunctionBuilder` under two sealing strategies, verified, run with the
//! test evaluator, and compared with a direct interpretation of the same
//! program.

use super::{build, run, signature};
use crate::frontend::{FunctionBuilder, Variable};
use crate::ir::condcodes::IntCC;
use crate::ir::types::I64;
use crate::ir::{InstBuilder, Value};

/// Variables the programs use; the first two start as the parameters, the
/// others are undefined (zero) until assigned.
const VARS: usize = 6;
/// Each nesting level of loops has its own counter variable, after `VARS`.
const MAX_DEPTH: usize = 3;

enum Expr {
    Const(i64),
    Var(usize),
    Add(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    Less(Box<Expr>, Box<Expr>),
}

enum Stmt {
    Assign(usize, Expr),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    /// `counter = 0; while counter < trips { body; counter += 1 }`.
    Loop(usize, i64, Vec<Stmt>),
}

/// xorshift64*: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn gen_expr(rng: &mut Rng, depth: usize, readable: usize) -> Expr {
    let leaf = depth == 0 || rng.below(3) == 0;
    if leaf {
        return if rng.below(3) == 0 {
            Expr::Const(rng.below(7) as i64 - 3)
        } else {
            Expr::Var(rng.below(readable as u64) as usize)
        };
    }
    let a = Box::new(gen_expr(rng, depth - 1, readable));
    let b = Box::new(gen_expr(rng, depth - 1, readable));
    match rng.below(3) {
        0 => Expr::Add(a, b),
        1 => Expr::Mul(a, b),
        _ => Expr::Less(a, b),
    }
}

fn gen_block(rng: &mut Rng, depth: usize) -> Vec<Stmt> {
    // Loop counters of enclosing loops are readable, not assignable.
    let readable = VARS + depth;
    (0..1 + rng.below(4))
        .map(|_| match rng.below(if depth < MAX_DEPTH { 5 } else { 1 }) {
            0 | 1 if depth < MAX_DEPTH && rng.below(2) == 0 => Stmt::If(
                gen_expr(rng, 2, readable),
                gen_block(rng, depth + 1),
                gen_block(rng, depth + 1),
            ),
            2 if depth < MAX_DEPTH => {
                Stmt::Loop(VARS + depth, rng.below(4) as i64, gen_block(rng, depth + 1))
            }
            _ => Stmt::Assign(rng.below(VARS as u64) as usize, gen_expr(rng, 2, readable)),
        })
        .collect()
}

fn eval_expr(e: &Expr, vars: &[i64]) -> i64 {
    match e {
        Expr::Const(c) => *c,
        Expr::Var(v) => vars[*v],
        Expr::Add(a, b) => eval_expr(a, vars).wrapping_add(eval_expr(b, vars)),
        Expr::Mul(a, b) => eval_expr(a, vars).wrapping_mul(eval_expr(b, vars)),
        Expr::Less(a, b) => i64::from(eval_expr(a, vars) < eval_expr(b, vars)),
    }
}

fn interpret(stmts: &[Stmt], vars: &mut [i64]) {
    for s in stmts {
        match s {
            Stmt::Assign(v, e) => vars[*v] = eval_expr(e, vars),
            Stmt::If(c, then_s, else_s) => {
                if eval_expr(c, vars) != 0 {
                    interpret(then_s, vars)
                } else {
                    interpret(else_s, vars)
                }
            }
            Stmt::Loop(counter, trips, body) => {
                vars[*counter] = 0;
                while vars[*counter] < *trips {
                    interpret(body, vars);
                    vars[*counter] += 1;
                }
            }
        }
    }
}

fn emit_expr(b: &mut FunctionBuilder<'_>, e: &Expr, vars: &[Variable]) -> Value {
    match e {
        Expr::Const(c) => b.ins().iconst(I64, *c),
        Expr::Var(v) => b.use_var(vars[*v]),
        Expr::Add(x, y) => {
            let (x, y) = (emit_expr(b, x, vars), emit_expr(b, y, vars));
            b.ins().iadd(x, y)
        }
        Expr::Mul(x, y) => {
            let (x, y) = (emit_expr(b, x, vars), emit_expr(b, y, vars));
            b.ins().imul(x, y)
        }
        Expr::Less(x, y) => {
            let (x, y) = (emit_expr(b, x, vars), emit_expr(b, y, vars));
            let c = b.ins().icmp(IntCC::SignedLessThan, x, y);
            b.ins().uextend(I64, c)
        }
    }
}

fn emit_block(b: &mut FunctionBuilder<'_>, stmts: &[Stmt], vars: &[Variable], seal_late: bool) {
    let seal = |b: &mut FunctionBuilder<'_>, block| {
        if !seal_late {
            b.seal_block(block);
        }
    };
    for s in stmts {
        match s {
            Stmt::Assign(v, e) => {
                let value = emit_expr(b, e, vars);
                b.def_var(vars[*v], value);
            }
            Stmt::If(c, then_s, else_s) => {
                let c = emit_expr(b, c, vars);
                let (then_b, else_b, join) = (b.create_block(), b.create_block(), b.create_block());
                b.ins().brif(c, then_b, &[], else_b, &[]);
                for (block, body) in [(then_b, then_s), (else_b, else_s)] {
                    b.switch_to_block(block);
                    seal(b, block);
                    emit_block(b, body, vars, seal_late);
                    b.ins().jump(join, &[]);
                }
                b.switch_to_block(join);
                seal(b, join);
            }
            Stmt::Loop(counter, trips, body) => {
                let zero = b.ins().iconst(I64, 0);
                b.def_var(vars[*counter], zero);
                let (head, body_b, exit) = (b.create_block(), b.create_block(), b.create_block());
                b.ins().jump(head, &[]);
                b.switch_to_block(head);
                let count = b.use_var(vars[*counter]);
                let limit = b.ins().iconst(I64, *trips);
                let more = b.ins().icmp(IntCC::SignedLessThan, count, limit);
                b.ins().brif(more, body_b, &[], exit, &[]);
                b.switch_to_block(body_b);
                seal(b, body_b);
                emit_block(b, body, vars, seal_late);
                let count = b.use_var(vars[*counter]);
                let one = b.ins().iconst(I64, 1);
                let count = b.ins().iadd(count, one);
                b.def_var(vars[*counter], count);
                b.ins().jump(head, &[]);
                seal(b, head);
                b.switch_to_block(exit);
                seal(b, exit);
            }
        }
    }
}

#[test]
fn random_programs_compute_what_they_say() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for case in 0..300 {
        let program = gen_block(&mut rng, 0);
        let inputs = [[0i64, 0], [1, 2], [-3, 5], [7, -1]];
        for seal_late in [false, true] {
            let func = build("random", signature(&[I64, I64], &[I64; VARS]), |b| {
                let entry = b.create_block();
                b.append_block_params_for_function_params(entry);
                b.switch_to_block(entry);
                b.seal_block(entry);
                let params = b.block_params(entry).to_vec();
                let vars: Vec<Variable> =
                    (0..VARS + MAX_DEPTH).map(|_| b.declare_var(I64)).collect();
                b.def_var(vars[0], params[0]);
                b.def_var(vars[1], params[1]);
                emit_block(b, &program, &vars, seal_late);
                let results: Vec<Value> = vars[..VARS].iter().map(|&v| b.use_var(v)).collect();
                b.ins().return_(&results);
                if seal_late {
                    b.seal_all_blocks();
                }
            });
            for input in inputs {
                let mut vars = [0i64; VARS + MAX_DEPTH];
                vars[..2].copy_from_slice(&input);
                interpret(&program, &mut vars);
                assert_eq!(
                    run(&func, &input),
                    vars[..VARS],
                    "case {case}, sealed late: {seal_late}, input {input:?}\n{}",
                    func.display()
                );
            }
        }
    }
}
