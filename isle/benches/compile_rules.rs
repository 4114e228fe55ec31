//! Benchmark: compile a generated 2,000-rule file (`cargo bench -p lathe-isle`).
//! Prints the time of each compiler stage, best of several runs.

mod synthetic;

use std::time::Duration;

fn main() {
    let text = synthetic::rules(100);
    let rules = text.lines().filter(|l| l.starts_with("(rule")).count();
    let sources = [("synthetic.isle".to_string(), text)];
    let options = lathe_isle::CodegenOptions::default();
    let mut best: Option<lathe_isle::Timings> = None;
    let mut output_len = 0;
    for _ in 0..7 {
        let (result, timings) = lathe_isle::compile_sources_timed(&sources, &options);
        match result {
            Ok(rust) => output_len = rust.len(),
            Err(diagnostics) => panic!("the synthetic rules do not compile:\n{diagnostics}"),
        }
        if best.is_none_or(|b| timings.total() < b.total()) {
            best = Some(timings);
        }
    }
    let Some(t) = best else { return };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "compile {rules} rules ({} KiB of Rust out): total {:.1} ms (parse {:.1}, sema {:.1}, overlap {:.1}, codegen {:.1}), best of 7",
        output_len / 1024,
        ms(t.total()),
        ms(t.parse),
        ms(t.sema),
        ms(t.overlap),
        ms(t.codegen)
    );
}
