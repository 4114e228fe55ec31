//! The `isle` command: check and compile rule DSL files.
//!
//! ```text
//! isle check FILES...
//! isle compile FILES... -o OUT.rs [--coverage] [--context NAME] [--time]
//! ```
//!
//! Exit status: 0 on success, 1 if the sources have errors (all of them are
//! printed to standard error), 2 for a usage error.

use std::path::PathBuf;
use std::process::ExitCode;

use lathe_isle::CodegenOptions;

const USAGE: &str = "usage:
  isle check FILES...
  isle compile FILES... -o OUT.rs [--coverage] [--context NAME] [--time]

  --coverage      count rule firings (RULE_FIRINGS, rule_coverage())
  --context NAME  name of the generated trait (default: Context)
  --time          print the time each compiler stage took";

/// A parsed command line.
struct Command {
    compile: bool,
    files: Vec<PathBuf>,
    output: Option<PathBuf>,
    options: CodegenOptions,
    time: bool,
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    let (verb, rest) = args.split_first().ok_or("missing command")?;
    let compile = match verb.as_str() {
        "check" => false,
        "compile" => true,
        "-h" | "--help" | "help" => return Err(String::new()),
        other => return Err(format!("unknown command `{other}`")),
    };
    let mut command = Command {
        compile,
        files: Vec::new(),
        output: None,
        options: CodegenOptions::default(),
        time: false,
    };
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-o" | "--output" if compile => {
                let path = rest.next().ok_or("`-o` needs a file name")?;
                command.output = Some(PathBuf::from(path));
            }
            "--coverage" if compile => command.options.instrument_coverage = true,
            "--context" if compile => {
                let name = rest.next().ok_or("`--context` needs a trait name")?;
                if lathe_isle::sema::rust_ident_problem(name).is_some() {
                    return Err(format!("`{name}` is not a valid trait name"));
                }
                command.options.context_trait = name.clone();
            }
            "--time" if compile => command.time = true,
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            file => command.files.push(PathBuf::from(file)),
        }
    }
    if command.files.is_empty() {
        return Err("no input files".to_string());
    }
    if compile && command.output.is_none() {
        return Err("`compile` needs `-o OUT.rs`".to_string());
    }
    Ok(command)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse_args(&args) {
        Ok(command) => command,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("isle: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !command.compile {
        return match lathe_isle::check_files(&command.files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(diagnostics) => {
                eprint!("{diagnostics}");
                ExitCode::from(1)
            }
        };
    }
    let mut sources = Vec::new();
    for path in &command.files {
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push((path.display().to_string(), text)),
            Err(e) => {
                eprintln!("error: cannot read `{}`: {e}", path.display());
                return ExitCode::from(1);
            }
        }
    }
    let (result, timings) = lathe_isle::compile_sources_timed(&sources, &command.options);
    if command.time {
        eprintln!(
            "isle: parse {:.1} ms, sema {:.1} ms, overlap {:.1} ms, codegen {:.1} ms, total {:.1} ms",
            timings.parse.as_secs_f64() * 1e3,
            timings.sema.as_secs_f64() * 1e3,
            timings.overlap.as_secs_f64() * 1e3,
            timings.codegen.as_secs_f64() * 1e3,
            timings.total().as_secs_f64() * 1e3,
        );
    }
    let rust = match result {
        Ok(rust) => rust,
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            return ExitCode::from(1);
        }
    };
    let Some(output) = command.output else {
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::write(&output, rust) {
        eprintln!("error: cannot write `{}`: {e}", output.display());
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
