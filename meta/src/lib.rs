//! `lathe-meta`: turns the declarations of `lathe-isa-defs` into Rust code.
//!
//! The root `build.rs` calls [`generate_all`], which writes one file per
//! generated concern into `$OUT_DIR`; the library `include!`s them. Set
//! `LATHE_DUMP_GENERATED=<dir>` to also copy every generated file to `<dir>`
//! for review.
//!
//! - [`asm`]: the ISA-independent machine-instruction generator;
//! - [`x64`], [`x64_opcode`]: x86-64 encodings (Intel SDM notation);
//! - [`s390x`], [`s390x_format`]: s390x encodings (z/Architecture formats);
//! - [`aarch64`], [`aarch64_notation`]: aarch64 encodings (Arm ARM bit patterns).

pub mod aarch64;
pub mod aarch64_notation;
pub mod asm;
pub mod s390x;
pub mod s390x_format;
pub mod x64;
pub mod x64_opcode;

pub mod ir;

use std::io;
use std::path::Path;

/// Generates every file the `lathe` library includes, into `out_dir`.
///
/// Backends are generated only when the `lathe` feature that enables them
/// is on (Cargo passes `CARGO_FEATURE_<NAME>` to the build script).
pub fn generate_all(out_dir: &Path) -> io::Result<()> {
    ir::generate(out_dir)?;
    if std::env::var_os("CARGO_FEATURE_X86").is_some() {
        asm::generate(&x64::X64Gen::new(), out_dir)?;
    }
    if std::env::var_os("CARGO_FEATURE_S390X").is_some() {
        asm::generate(&s390x::S390xGen::new(), out_dir)?;
        s390x::generate_formats(out_dir)?;
    }
    if std::env::var_os("CARGO_FEATURE_ARM64").is_some() {
        asm::generate(&aarch64::Aarch64Gen::new(), out_dir)?;
    }
    Ok(())
}

/// Writes `contents` to `out_dir/name`, and to `$LATHE_DUMP_GENERATED/name` when set.
pub fn write_generated(out_dir: &Path, name: &str, contents: &str) -> io::Result<()> {
    std::fs::write(out_dir.join(name), contents)?;
    if let Some(dump) = std::env::var_os("LATHE_DUMP_GENERATED") {
        let dump = Path::new(&dump);
        std::fs::create_dir_all(dump)?;
        std::fs::write(dump.join(name), contents)?;
    }
    Ok(())
}
