//! Benchmark: compile-only throughput of the x86-64 backend over the
//! generated corpus (`benches/corpus.rs`, ~100,000 CLIF instructions of
//! realistic integer shapes).
//!
//! `cargo bench --bench compile` parses the corpus once (not timed), then
//! compiles every function (verify + lower + register allocation + frame
//! layout + emission) at `opt_level=speed` (ion) and `none` (fastalloc),
//! best of five rounds, and prints CLIF instructions per second. The corpus
//! is written out as `target/compile-corpus.clif` so the same input can be
//! fed to another code generator for a side-by-side comparison. No timing
//! assertions: this measures, the test suite checks behaviour.

// The corpus file carries its own tests (run as the `corpus` test target).
#[allow(unused_imports, dead_code)]
#[path = "corpus.rs"]
mod corpus;

use lathe::ir::Function;
use lathe::isa::{CompileOptions, Isa, compile_function};
use lathe::machinst::compiled::OptLevel;
use lathe::machinst::timing::PassTimes;
use lathe::reader::parse_functions;
use std::time::{Duration, Instant};

fn main() {
    let corpus = corpus::corpus();
    let mut text = String::new();
    for (_, clif) in &corpus {
        text.push_str(clif);
        text.push('\n');
    }
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/compile-corpus.clif");
    if let Err(e) = std::fs::write(&out, &text) {
        eprintln!("note: could not write {}: {e}", out.display());
    }
    let funcs: Vec<Function> = parse_functions(&text).expect("the corpus parses");
    let insts: usize = funcs.iter().map(|f| f.dfg.num_insts()).sum();
    println!(
        "corpus: {} functions, {insts} CLIF instructions ({})",
        funcs.len(),
        out.display()
    );
    for (name, opt_level) in [("speed", OptLevel::Speed), ("none", OptLevel::None)] {
        let options = CompileOptions {
            opt_level,
            ..CompileOptions::default()
        };
        let mut best = Duration::MAX;
        let mut best_passes = PassTimes::default();
        let mut bytes = 0usize;
        for _ in 0..5 {
            let start = Instant::now();
            let mut passes = PassTimes::default();
            bytes = 0;
            for f in &funcs {
                let code = compile_function(f, Isa::X86_64, &options).expect("the corpus compiles");
                bytes += code.bytes.len();
                passes.add(&code.timing);
            }
            let elapsed = start.elapsed();
            if elapsed < best {
                best = elapsed;
                best_passes = passes;
            }
        }
        let secs = best.as_secs_f64();
        println!(
            "x86_64 opt={name}: {:.1} ms, {:.2} M CLIF inst/s, {bytes} bytes of code",
            secs * 1e3,
            insts as f64 / secs / 1e6
        );
        print!("{best_passes}");
    }
}
