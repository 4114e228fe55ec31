//! Benchmark: parse and verify a generated function of 100,000 instructions.
//!
//! `cargo bench --bench parse_verify` prints instructions per second for the
//! reader, the verifier and the writer. No timing assertions: this measures,
//! the test suite checks behaviour.

use lathe::reader::parse_test;
use lathe::verifier::verify_function;
use std::fmt::Write;
use std::time::Instant;

/// A function of `blocks` blocks, each with a mix of arithmetic, memory,
/// comparisons and a conditional branch, about `per_block` instructions each.
fn generate(blocks: usize, per_block: usize) -> String {
    let mut s = String::from("function %big(i64, i64) -> i64 {\n    ss0 = explicit_slot 64\n\n");
    let mut v = 2usize;
    s.push_str("block0(v0: i64, v1: i64):\n    jump block1(v0, v1)\n\n");
    for b in 1..=blocks {
        let (a, c) = (v, v + 1);
        v += 2;
        writeln!(s, "block{b}(v{a}: i64, v{c}: i64):").unwrap();
        let mut last = a;
        for i in 0..per_block.saturating_sub(4) {
            let n = v;
            v += 1;
            match i % 6 {
                0 => writeln!(s, "    v{n} = iadd v{last}, v{c}"),
                1 => writeln!(s, "    v{n} = imul v{last}, v{a}"),
                2 => writeln!(s, "    v{n} = bxor v{last}, v{c}"),
                3 => writeln!(s, "    v{n} = iconst.i64 {}", i * 17),
                4 => writeln!(s, "    v{n} = ishl v{last}, v{n_1}", n_1 = n - 1),
                _ => writeln!(s, "    v{n} = isub v{last}, v{a}"),
            }
            .unwrap();
            last = n;
        }
        let addr = v;
        let cmp = v + 1;
        v += 2;
        writeln!(s, "    v{addr} = stack_addr.i64 ss0").unwrap();
        writeln!(s, "    store.i64 notrap v{last}, v{addr}+8").unwrap();
        writeln!(s, "    v{cmp} = icmp slt v{last}, v{c}").unwrap();
        if b == blocks {
            writeln!(s, "    return v{last}\n").unwrap();
        } else {
            writeln!(
                s,
                "    brif v{cmp}, block{}(v{last}, v{c}), block{}(v{c}, v{last})\n",
                b + 1,
                b + 1
            )
            .unwrap();
        }
    }
    s.push_str("}\n");
    s
}

fn main() {
    let text = generate(10_000, 10);
    let start = Instant::now();
    let file = parse_test(&text).expect("generated text parses");
    let parse = start.elapsed();
    let func = &file.functions[0].0;
    let insts = func.dfg.num_insts();
    let start = Instant::now();
    verify_function(func).expect("generated function verifies");
    let verify = start.elapsed();
    let start = Instant::now();
    let printed = func.display().to_string();
    let write = start.elapsed();
    let rate = |d: std::time::Duration| insts as f64 / d.as_secs_f64() / 1e6;
    println!("instructions: {insts}, text: {} bytes", text.len());
    println!(
        "parse:  {:8.2} ms  {:6.2} M inst/s",
        parse.as_secs_f64() * 1e3,
        rate(parse)
    );
    println!(
        "verify: {:8.2} ms  {:6.2} M inst/s",
        verify.as_secs_f64() * 1e3,
        rate(verify)
    );
    println!("parse+verify: {:6.2} M inst/s", rate(parse + verify));
    println!(
        "write:  {:8.2} ms  {:6.2} M inst/s ({} bytes)",
        write.as_secs_f64() * 1e3,
        rate(write),
        printed.len()
    );
}
