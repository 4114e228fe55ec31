//! `lathe compile`: CLIF to machine code.
//!
//! `--emit asm` (default) prints each function's final instructions,
//! `--emit vcode` the lowered code before register allocation, and
//! `--emit obj -o FILE` writes one ELF relocatable object with every
//! function of the inputs, each under its CLIF name (`%sum` is `sum`),
//! exported. `--time` prints the compile throughput, `--time-passes` the
//! time of each compile phase (summed over every function) to stderr.

use crate::cat::{parse, read};
use crate::output::emit;
use lathe::ir::Function;
use lathe::isa::{CompileOptions, Isa, compile_function};
use lathe::machinst::compiled::OptLevel;
use lathe::machinst::timing::PassTimes;
use lathe::module::{Linkage, Module};
use lathe::object::{ObjectModule, ObjectTarget};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `lathe compile` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    /// The final instructions.
    Asm,
    /// The lowered code before register allocation.
    Vcode,
    /// An ELF relocatable object (needs `-o`).
    Obj,
}

/// The command's options.
pub struct CompileArgs {
    /// Target ISA name.
    pub target: String,
    /// `none` or `speed`.
    pub opt: String,
    /// What to write.
    pub emit: Emit,
    /// Output file (objects).
    pub output: Option<PathBuf>,
    /// Print compile throughput to stderr.
    pub time: bool,
    /// Print the time of each compile phase, summed over every function,
    /// to stderr.
    pub time_passes: bool,
}

fn object_target(isa: Isa) -> ObjectTarget {
    match isa {
        Isa::X86_64 => ObjectTarget::X86_64,
        Isa::Aarch64 => ObjectTarget::Aarch64,
        Isa::S390x => ObjectTarget::S390x,
    }
}

fn symbol(func: &Function) -> String {
    func.name.to_string().trim_start_matches('%').to_string()
}

/// `lathe compile FILE...`.
pub fn run_compile(files: &[PathBuf], args: &CompileArgs) -> bool {
    let Some(isa) = Isa::from_name(&args.target) else {
        eprintln!(
            "error: unknown target `{}` (x86_64, aarch64, s390x)",
            args.target
        );
        return false;
    };
    let opt_level = match args.opt.as_str() {
        "none" => OptLevel::None,
        "speed" => OptLevel::Speed,
        other => {
            eprintln!("error: unknown optimization level `{other}` (none, speed)");
            return false;
        }
    };
    if args.emit == Emit::Obj && args.output.is_none() {
        eprintln!("error: `--emit obj` needs `-o FILE`");
        return false;
    }
    let options = CompileOptions {
        opt_level,
        want_disasm: args.emit == Emit::Asm,
        want_vcode: args.emit == Emit::Vcode,
        ..CompileOptions::default()
    };
    let mut object = ObjectModule::new(object_target(isa));
    let mut ok = true;
    let (mut insts, mut elapsed) = (0usize, Duration::ZERO);
    let mut pass_times = PassTimes::default();
    for path in files {
        let Some(text) = read(path) else {
            ok = false;
            continue;
        };
        let Some(file) = parse(path, &text) else {
            ok = false;
            continue;
        };
        for (func, details) in &file.functions {
            let start = Instant::now();
            let compiled = compile_function(func, isa, &options);
            elapsed += start.elapsed();
            insts += func.dfg.num_insts();
            let code = match compiled {
                Ok(c) => {
                    pass_times.add(&c.timing);
                    c
                }
                Err(e) => {
                    eprintln!(
                        "{}:{}: error: function {}: {e}",
                        path.display(),
                        details.loc,
                        func.name
                    );
                    ok = false;
                    continue;
                }
            };
            match args.emit {
                Emit::Asm => {
                    emit(&format!("function {}:\n", func.name));
                    emit(code.disassembly.as_deref().unwrap_or(""));
                }
                Emit::Vcode => {
                    emit(&format!("function {}:\n", func.name));
                    emit(code.vcode.as_deref().unwrap_or(""));
                }
                Emit::Obj => {
                    let defined = object
                        .declare_function(&symbol(func), Linkage::Export)
                        .and_then(|id| code.define_in(&mut object, id));
                    if let Err(e) = defined {
                        eprintln!(
                            "{}:{}: error: function {}: {e}",
                            path.display(),
                            details.loc,
                            func.name
                        );
                        ok = false;
                    }
                }
            }
        }
    }
    if args.time {
        let secs = elapsed.as_secs_f64();
        eprintln!(
            "compiled {insts} instructions in {:.3} ms ({:.2} M inst/s)",
            secs * 1e3,
            insts as f64 / secs.max(1e-9) / 1e6
        );
    }
    if args.time_passes {
        eprint!("time per compile phase:\n{pass_times}");
    }
    if ok && args.emit == Emit::Obj {
        if let Some(out) = &args.output {
            ok &= write_object(object, out);
        }
    }
    ok
}

fn write_object(object: ObjectModule, out: &Path) -> bool {
    match object.finish() {
        Ok(bytes) => match std::fs::write(out, bytes) {
            Ok(()) => true,
            Err(e) => {
                eprintln!("{}: error: {e}", out.display());
                false
            }
        },
        Err(e) => {
            eprintln!("error: {e}");
            false
        }
    }
}
