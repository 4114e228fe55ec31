//! Benchmark: building functions through the `FunctionBuilder`.
//!
//! `cargo bench --bench frontend` prints instructions built per second for
//! three shapes: a long chain of blocks updating a few variables (blocks
//! sealed as they are made), a sequence of loops sealed only at the end
//! (every variable read goes through incomplete parameters), and a
//! `Switch` with many sparse cases. No timing assertions: this measures,
//! the test suite checks behaviour.

use lathe::frontend::{FunctionBuilder, FunctionBuilderContext, Switch, Variable};
use lathe::ir::condcodes::IntCC;
use lathe::ir::types::I64;
use lathe::ir::{AbiParam, CallConv, Function, InstBuilder, Signature, UserFuncName};
use lathe::verifier::verify_function;
use std::time::Instant;

fn new_function() -> Function {
    let mut sig = Signature::new(CallConv::SystemV);
    sig.params.push(AbiParam::new(I64));
    sig.returns.push(AbiParam::new(I64));
    Function::with_name_signature(UserFuncName::testcase("bench"), sig)
}

fn entry(b: &mut FunctionBuilder<'_>) -> lathe::ir::Value {
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    b.block_params(entry)[0]
}

/// `blocks` blocks in a row, each updating `vars` variables.
fn chain(ctx: &mut FunctionBuilderContext, blocks: usize, vars: usize) -> Function {
    let mut func = new_function();
    let mut b = FunctionBuilder::new(&mut func, ctx);
    let p = entry(&mut b);
    let vs: Vec<Variable> = (0..vars).map(|_| b.declare_var(I64)).collect();
    for &v in &vs {
        b.def_var(v, p);
    }
    for i in 0..blocks {
        let next = b.create_block();
        let c = b.ins().iconst(I64, 1);
        let cond = b.ins().icmp(IntCC::SignedLessThan, p, c);
        let skip = b.create_block();
        b.ins().brif(cond, next, &[], skip, &[]);
        b.switch_to_block(skip);
        b.seal_block(skip);
        let v = vs[i % vars];
        let x = b.use_var(v);
        let y = b.ins().iadd(x, c);
        b.def_var(v, y);
        b.ins().jump(next, &[]);
        b.switch_to_block(next);
        b.seal_block(next);
    }
    let mut acc = b.use_var(vs[0]);
    for &v in &vs[1..] {
        let x = b.use_var(v);
        acc = b.ins().iadd(acc, x);
    }
    b.ins().return_(&[acc]);
    b.finalize();
    func
}

/// `loops` loops one after the other, each counting to the parameter and
/// updating `vars` variables; headers sealed only at the end.
fn loops(ctx: &mut FunctionBuilderContext, loops: usize, vars: usize) -> Function {
    let mut func = new_function();
    let mut b = FunctionBuilder::new(&mut func, ctx);
    let p = entry(&mut b);
    let vs: Vec<Variable> = (0..vars).map(|_| b.declare_var(I64)).collect();
    let i = b.declare_var(I64);
    for &v in &vs {
        b.def_var(v, p);
    }
    for _ in 0..loops {
        let zero = b.ins().iconst(I64, 0);
        b.def_var(i, zero);
        let (head, body, exit) = (b.create_block(), b.create_block(), b.create_block());
        b.ins().jump(head, &[]);
        b.switch_to_block(head);
        let iv = b.use_var(i);
        let more = b.ins().icmp(IntCC::SignedLessThan, iv, p);
        b.ins().brif(more, body, &[], exit, &[]);
        b.switch_to_block(body);
        for &v in &vs {
            let x = b.use_var(v);
            let y = b.ins().iadd(x, iv);
            b.def_var(v, y);
        }
        let one = b.ins().iconst(I64, 1);
        let next = b.ins().iadd(iv, one);
        b.def_var(i, next);
        b.ins().jump(head, &[]);
        b.switch_to_block(exit);
    }
    let acc = b.use_var(vs[0]);
    b.ins().return_(&[acc]);
    b.seal_all_blocks();
    b.finalize();
    func
}

/// A switch over `cases` sparse cases (every third index).
fn switch(ctx: &mut FunctionBuilderContext, cases: usize) -> Function {
    let mut func = new_function();
    let mut b = FunctionBuilder::new(&mut func, ctx);
    let p = entry(&mut b);
    let mut sw = Switch::new();
    let targets: Vec<_> = (0..cases).map(|_| b.create_block()).collect();
    for (k, &t) in targets.iter().enumerate() {
        sw.set_entry(k as u128 * 3, t);
    }
    let default = b.create_block();
    sw.emit(&mut b, p, default);
    for (k, &t) in targets.iter().enumerate() {
        b.switch_to_block(t);
        b.seal_block(t);
        let r = b.ins().iconst(I64, k as i64);
        b.ins().return_(&[r]);
    }
    b.switch_to_block(default);
    b.seal_block(default);
    b.ins().return_(&[p]);
    b.finalize();
    func
}

fn measure(name: &str, build: impl Fn(&mut FunctionBuilderContext) -> Function) {
    let mut ctx = FunctionBuilderContext::new();
    // One run to warm up (and to check), then the best of five.
    let func = build(&mut ctx);
    if let Err(e) = verify_function(&func) {
        eprintln!("{name}: the built function does not verify:\n{e}");
        std::process::exit(1);
    }
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        let func = build(&mut ctx);
        best = best.min(start.elapsed().as_secs_f64());
        std::hint::black_box(func);
    }
    let insts = func.dfg.num_insts();
    let blocks = func.layout.blocks().count();
    println!(
        "{name:<40} {insts:>8} insts {blocks:>7} blocks {:>8.2} ms {:>6.2} M insts/s",
        best * 1e3,
        insts as f64 / best / 1e6
    );
}

fn main() {
    measure("chain: 100,000 diamonds, 8 variables", |ctx| {
        chain(ctx, 100_000, 8)
    });
    measure("loops: 2,000 loops, 16 variables, late", |ctx| {
        loops(ctx, 2_000, 16)
    });
    measure("switch: 100,000 sparse cases", |ctx| switch(ctx, 100_000));
}
