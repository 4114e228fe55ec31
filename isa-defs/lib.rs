//! Declarations as plain Rust data, one line per item.
//!
//! Everything that lathe knows about an instruction — a CLIF opcode or a
//! machine instruction form — is written here exactly once. The `lathe-meta`
//! crate reads these tables at build time and generates the Rust code (and
//! rule-DSL declarations) that the `lathe` library includes from `$OUT_DIR`.
//!
//! - [`ir`]: the CLIF opcodes, instruction formats and value types.
//! - [`asm`]: the ISA-independent vocabulary for machine instruction forms.
//! - [`x64`]: the x86-64 registers and instruction forms.
//! - [`s390x`]: the s390x (z/Architecture) registers and instruction forms.
//! - [`aarch64`]: the aarch64 registers and instruction forms.

pub mod aarch64;
pub mod asm;
pub mod ir;
pub mod s390x;
pub mod x64;
