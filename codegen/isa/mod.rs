//! Target ISAs: the glue between the shared backend core and each
//! machine's generated instruction set, and [`compile_function`], the
//! target-independent entry point of code generation.

use crate::ir::Function;
use crate::machinst::compiled::{CompiledCode, OptLevel};
use crate::machinst::error::CodegenError;

#[cfg(feature = "s390x")]
pub mod s390x;
#[cfg(feature = "x86")]
pub mod x64;

#[cfg(feature = "arm64")]
pub mod aarch64;

/// A target instruction set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Isa {
    /// x86-64 (System V).
    X86_64,
    /// AArch64.
    Aarch64,
    /// s390x.
    S390x,
}

impl Isa {
    /// The ISA named `name` (`x86_64`, `aarch64`, `s390x`; a target triple's
    /// first component works too).
    pub fn from_name(name: &str) -> Option<Isa> {
        match name.split('-').next().unwrap_or(name) {
            "x86_64" | "x64" | "amd64" => Some(Isa::X86_64),
            "aarch64" | "arm64" => Some(Isa::Aarch64),
            "s390x" => Some(Isa::S390x),
            _ => None,
        }
    }

    /// The ISA's name.
    pub fn name(self) -> &'static str {
        match self {
            Isa::X86_64 => "x86_64",
            Isa::Aarch64 => "aarch64",
            Isa::S390x => "s390x",
        }
    }

    /// The machine this program runs on, if it is one of ours.
    pub fn host() -> Option<Isa> {
        if cfg!(target_arch = "x86_64") {
            Some(Isa::X86_64)
        } else if cfg!(target_arch = "aarch64") {
            Some(Isa::Aarch64)
        } else if cfg!(target_arch = "s390x") {
            Some(Isa::S390x)
        } else {
            None
        }
    }
}

/// What to compile and what to keep besides the code.
#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    /// How hard to work.
    pub opt_level: OptLevel,
    /// Keep the final instructions as text.
    pub want_disasm: bool,
    /// Keep the lowered code (before register allocation) as text.
    pub want_vcode: bool,
    /// Do not run regalloc2's checker, even in a debug build (it runs on
    /// every allocation of a debug build otherwise; very large functions
    /// take long to check).
    pub skip_regalloc_checker: bool,
    /// x86-64 extensions to use (`None`: what the host has).
    #[cfg(feature = "x86")]
    pub x64_features: Option<x64::lower::X64Features>,
}

/// Compiles `func` for `isa`. The function is verified first; a function
/// that does not verify is rejected with the verifier's errors.
pub fn compile_function(
    func: &Function,
    isa: Isa,
    options: &CompileOptions,
) -> Result<CompiledCode, CodegenError> {
    let start = std::time::Instant::now();
    if let Err(errors) = crate::verifier::verify_function(func) {
        return Err(CodegenError::InvalidIr(errors.to_string()));
    }
    let verify_time = start.elapsed();
    match isa {
        #[cfg(feature = "x86")]
        Isa::X86_64 => {
            let mut code = x64::compile::compile_function(func, options)?;
            code.timing
                .record(crate::machinst::timing::Pass::Verify, verify_time);
            Ok(code)
        }
        other => {
            let _ = (options, verify_time);
            Err(CodegenError::UnsupportedFeature(format!(
                "no code generator for target `{}` yet",
                other.name()
            )))
        }
    }
}
