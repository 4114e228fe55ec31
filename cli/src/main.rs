//! The `lathe` command-line tool.
//!
//! Each subcommand lives in its own module and returns an exit status:
//! 0 on success, 1 when any input had an error (reported on stderr as
//! `file:line:col: error: message`), 2 for usage errors (clap's own).

mod cat;
mod compile;
mod isa_check;
mod output;
mod test;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// lathe: a retargetable code generator for CLIF.
#[derive(Parser)]
#[command(name = "lathe", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse CLIF files and print the canonical text of every function.
    Cat {
        /// Files to read.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print parse and verify throughput to stderr.
        #[arg(long)]
        time: bool,
    },
    /// Parse and verify CLIF files.
    Verify {
        /// Files to read.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run filetests (directories are searched for `*.clif`).
    Test {
        /// Only run `test run` cases for this target ISA (repeatable).
        #[arg(long = "target", value_name = "ISA")]
        targets: Vec<String>,
        /// Print every case, not only failures.
        #[arg(short, long)]
        verbose: bool,
        /// Files and directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Run the `; run:` lines of CLIF files on the interpreter.
    Interpret {
        /// Files and directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Compile CLIF files to machine code.
    Compile {
        /// Target ISA (`x86_64`, `aarch64`, `s390x`).
        #[arg(long, default_value = "x86_64")]
        target: String,
        /// Optimization level: `none` (fast allocator) or `speed`.
        #[arg(long, default_value = "speed")]
        opt: String,
        /// What to write: the final instructions, the lowered code, or an object.
        #[arg(long, value_enum, default_value = "asm")]
        emit: compile::Emit,
        /// Output file (for `--emit obj`).
        #[arg(short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Print compile throughput to stderr.
        #[arg(long)]
        time: bool,
        /// Print the time spent in each compile phase to stderr.
        #[arg(long)]
        time_passes: bool,
        /// Files to compile.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check every declared machine instruction form against binutils.
    IsaCheck {
        /// The ISA to check.
        #[arg(long, default_value = "x86_64")]
        isa: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ok = match cli.command {
        Command::Cat { files, time } => cat::run_cat(&files, time),
        Command::Verify { files } => cat::run_verify(&files),
        Command::Test {
            targets,
            verbose,
            paths,
        } => test::run_test(&paths, targets, verbose),
        Command::Interpret { paths } => test::run_interpret(&paths),
        Command::Compile {
            target,
            opt,
            emit,
            output,
            time,
            time_passes,
            files,
        } => compile::run_compile(
            &files,
            &compile::CompileArgs {
                target,
                opt,
                emit,
                output,
                time,
                time_passes,
            },
        ),
        Command::IsaCheck { isa } => isa_check::run_isa_check(&isa),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
