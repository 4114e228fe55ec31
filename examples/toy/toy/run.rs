//! Running a compiled [`Program`]: the [`Engine`]s that can execute it.
//!
//! Every engine has the same contract: call `main()` with no arguments,
//! send each `print`ed value to the output as a decimal line, and return
//! `main`'s result, or a [`RunError`] saying why the program stopped (a
//! division by zero, a too deep recursion, ...). Adding an engine means
//! adding a variant and its arm in [`Engine::run`]; nothing else changes.
//!
//! - [`Engine::Interp`] runs the CLIF on lathe's interpreter, with
//!   `toy_print` registered as a host function. It is the reference, and
//!   reports run-time errors (division by zero, ...) as [`RunError`]s.
//! - [`Engine::Jit`] compiles every function with lathe's x86-64 backend
//!   into one JIT module and calls `main` natively; `print` goes to a
//!   host function. The default on x86-64 hosts. A run-time trap stops the
//!   process with a signal (the JIT installs no trap handler), so use the
//!   interpreter to diagnose one.

use std::io::Write;

use lathe::data_value::DataValue;
use lathe::interp::{FunctionStore, InterpError, Interpreter};
use lathe::ir::{TrapCode, UserExternalName};

use super::codegen::{Program, TOY_NAMESPACE, TOY_PRINT, print_signature};

/// The default step budget of the interpreter: thousands of times what
/// the samples need; an endless loop stops after about 20 seconds of a
/// release build (the interpreter runs some 50 million steps a second).
pub const DEFAULT_STEP_LIMIT: u64 = 1_000_000_000;

/// A way to execute a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// lathe's CLIF interpreter, stopping after `step_limit` instructions.
    Interp {
        /// The most CLIF instructions the run may execute.
        step_limit: u64,
    },
    /// Native code from lathe's x86-64 backend, through the JIT.
    Jit,
}

/// Why a program did not run to the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunError {
    /// What happened, lowercase (`division by zero`).
    pub message: String,
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "runtime error: {}", self.message)
    }
}

impl Engine {
    /// The best engine available on this host: the JIT on x86-64, else
    /// the interpreter (with `step_limit`).
    pub fn host_default(step_limit: u64) -> Self {
        if jit::available() {
            Engine::Jit
        } else {
            Engine::Interp { step_limit }
        }
    }

    /// Runs `program` from `main()`, writing what it prints to `out`:
    /// `main`'s result, or why the program stopped.
    pub fn run(&self, program: &Program, out: &mut dyn Write) -> Result<i64, RunError> {
        match *self {
            Engine::Interp { step_limit } => interpret(program, out, step_limit),
            Engine::Jit => jit::run(program, out),
        }
    }
}

/// Runs `program` on the interpreter.
fn interpret(program: &Program, out: &mut dyn Write, step_limit: u64) -> Result<i64, RunError> {
    let mut store = FunctionStore::new();
    for function in &program.functions {
        store.add(&function.clif);
    }
    let entry = UserExternalName::new(TOY_NAMESPACE, program.main as u32).to_string();
    let print = |args: &[DataValue]| match args {
        [DataValue::I64(x)] => writeln!(out, "{x}")
            .map(|()| Vec::new())
            .map_err(|e| format!("cannot write the output: {e}")),
        _ => Err("takes one i64".to_string()),
    };
    let result = Interpreter::new(&store)
        .with_step_limit(step_limit)
        .with_host_function(&TOY_PRINT.to_string(), print_signature(), print)
        .call_by_name(&entry, &[]);
    match result {
        Ok(values) => match values.as_slice() {
            [DataValue::I64(x)] => Ok(*x),
            other => Err(error(format!(
                "internal error: `main` returned {other:?}, not one i64"
            ))),
        },
        Err(e) => Err(describe(e)),
    }
}

/// The message of an interpreter error, in the language's terms.
fn describe(e: InterpError) -> RunError {
    match e {
        InterpError::Trap(TrapCode::INTEGER_DIVISION_BY_ZERO) => error("division by zero"),
        InterpError::Trap(TrapCode::INTEGER_OVERFLOW) => {
            error("integer overflow: -9223372036854775808 divided by -1")
        }
        InterpError::Trap(TrapCode::STACK_OVERFLOW) => {
            error("stack overflow: calls are nested too deeply")
        }
        InterpError::StepLimit(limit) => error(format!(
            "step limit reached: {limit} instructions executed without finishing \
             (an endless loop? raise the limit with `--step-limit N`)"
        )),
        InterpError::HostFunction { message, .. } => error(message),
        other => error(format!("internal error: {other}")),
    }
}

fn error(message: impl Into<String>) -> RunError {
    RunError {
        message: message.into(),
    }
}

/// The JIT engine.
mod jit {
    use super::{Program, RunError, TOY_NAMESPACE, TOY_PRINT, error};
    use lathe::ir::UserExternalName;
    use std::io::Write;

    /// Whether native execution works here.
    pub fn available() -> bool {
        cfg!(all(
            target_arch = "x86_64",
            feature = "jit",
            feature = "x86"
        ))
    }

    #[cfg(all(target_arch = "x86_64", feature = "jit", feature = "x86"))]
    pub fn run(program: &Program, out: &mut dyn Write) -> Result<i64, RunError> {
        use lathe::isa::{CompileOptions, Isa, compile_function};
        use lathe::jit::{JitModule, Linkage, Module};
        use std::cell::RefCell;

        thread_local! {
            /// What `print` produced during the current run (a host
            /// function called from JIT code cannot capture the writer).
            static PRINTED: RefCell<Vec<i64>> = const { RefCell::new(Vec::new()) };
        }
        extern "C" fn toy_print(x: i64) {
            PRINTED.with(|p| p.borrow_mut().push(x));
        }

        let fail =
            |what: &str, e: &dyn std::fmt::Display| error(format!("internal error: {what}: {e}"));
        let mut module = JitModule::new().map_err(|e| fail("JIT", &e))?;
        module
            .define_host_symbol(&TOY_PRINT.to_string(), toy_print as *const u8)
            .map_err(|e| fail("JIT", &e))?;
        let options = CompileOptions::default();
        for (i, function) in program.functions.iter().enumerate() {
            let name = UserExternalName::new(TOY_NAMESPACE, i as u32).to_string();
            let code = compile_function(&function.clif, Isa::X86_64, &options)
                .map_err(|e| fail(&format!("compiling `{}`", function.name), &e))?;
            let id = module
                .declare_function(&name, Linkage::Export)
                .map_err(|e| fail("JIT", &e))?;
            code.define_in(&mut module, id)
                .map_err(|e| fail("JIT", &e))?;
        }
        let code = module.finish().map_err(|e| fail("JIT", &e))?;
        let entry = UserExternalName::new(TOY_NAMESPACE, program.main as u32).to_string();
        // SAFETY: `main` was compiled from a toy function of no parameters
        // returning one i64, System V.
        let main: extern "C" fn() -> i64 =
            unsafe { code.get_function(&entry) }.map_err(|e| fail("JIT", &e))?;
        PRINTED.with(|p| p.borrow_mut().clear());
        let result = main();
        let printed = PRINTED.with(|p| std::mem::take(&mut *p.borrow_mut()));
        for x in printed {
            writeln!(out, "{x}").map_err(|e| error(format!("cannot write the output: {e}")))?;
        }
        Ok(result)
    }

    #[cfg(not(all(target_arch = "x86_64", feature = "jit", feature = "x86")))]
    pub fn run(_program: &Program, _out: &mut dyn Write) -> Result<i64, RunError> {
        Err(error(
            "the JIT engine needs an x86-64 host and lathe's `jit` and `x86` features",
        ))
    }
}
