//! `toy`: compiles a toy-language program with lathe and runs it.
//!
//! ```text
//! cargo run --release --example toy -- [--interp] [--step-limit N] [--emit-clif] FILE.toy
//! ```
//!
//! - by default the program is compiled to x86-64 machine code and run
//!   through lathe's JIT (on x86-64 hosts; elsewhere on the interpreter);
//! - `--interp` runs on lathe's CLIF interpreter instead, which reports
//!   run-time errors (division by zero, ...) with a message;
//! - `--step-limit N` stops the interpreter after `N` instructions;
//! - `--emit-clif` prints the generated CLIF instead of running.
//!
//! Exit status: 0 on success, 1 on a compile or runtime error, 2 on a
//! usage error. The language is described in `toy/mod.rs`.

mod toy;

use std::io::Write;
use std::process::ExitCode;

use toy::run::{DEFAULT_STEP_LIMIT, Engine};

const USAGE: &str = "usage: toy [--interp] [--step-limit N] [--emit-clif] FILE.toy";

/// What the command line asks for.
struct Options {
    file: String,
    engine: Engine,
    emit_clif: bool,
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("toy: compiles a toy-language program with lathe and runs it\n{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("toy: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let source = match std::fs::read_to_string(&options.file) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("toy: cannot read `{}`: {e}", options.file);
            return ExitCode::FAILURE;
        }
    };
    let program = match toy::compile(&source) {
        Ok(program) => program,
        Err(errors) => {
            eprint!(
                "{}",
                toy::diagnostic::render(&options.file, &source, &errors)
            );
            return ExitCode::FAILURE;
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if options.emit_clif {
        for function in &program.functions {
            let mut text = String::new();
            if lathe::write::write_function(&mut text, &function.clif).is_err() {
                eprintln!("toy: cannot print the CLIF of `{}`", function.name);
                return ExitCode::FAILURE;
            }
            // Name the user names the CLIF refers to (`u0:1 = fib`).
            let _ = writeln!(out, "; fn {}", function.name);
            for (_, &name) in function.clif.params.user_named_funcs.iter() {
                let symbol = program.symbol_name(name).unwrap_or("?");
                let _ = writeln!(out, "; {name} = {symbol}");
            }
            let _ = writeln!(out, "{text}");
        }
        return flush(out);
    }
    let result = options.engine.run(&program, &mut out);
    let flushed = flush(out);
    match result {
        Ok(_) => flushed,
        Err(e) => {
            eprintln!("{}: {e}", options.file);
            ExitCode::FAILURE
        }
    }
}

/// Flushes the output; a failure is reported.
fn flush(mut out: impl Write) -> ExitCode {
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("toy: cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the command line (without the program name); `None` for `--help`.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut file = None;
    let mut step_limit = DEFAULT_STEP_LIMIT;
    let mut emit_clif = false;
    let mut force_interp = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--interp" => force_interp = true,
            "--emit-clif" => emit_clif = true,
            "--step-limit" => {
                let n = args.next().ok_or("`--step-limit` needs a number")?;
                step_limit = n
                    .parse()
                    .map_err(|_| format!("`--step-limit {n}`: not a number"))?;
            }
            "-h" | "--help" => return Ok(None),
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            path if file.is_none() => file = Some(path.to_string()),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    let engine = if force_interp {
        Engine::Interp { step_limit }
    } else {
        Engine::host_default(step_limit)
    };
    Ok(Some(Options {
        file: file.ok_or("no input file")?,
        engine,
        emit_clif,
    }))
}
