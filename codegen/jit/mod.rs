//! The in-process JIT: put machine code in memory, link it, and call it.
//!
//! ```text
//! JitModule::new()
//!   .define_host_symbol("puts", ptr)      host functions or data (inherent)
//!   .declare_function("f", Export) / .declare_data("k", Local, decl)
//!   .define_function(f, &RelocatedBytes { .. }, align)
//!   .define_data(k, &RelocatedBytes { .. })
//!   .finish() ──> JitCode                 one mapping, read + execute
//!        get_function::<extern "C" fn(i64) -> i64>("f") / call_i64("f", &[1])
//! ```
//!
//! Declaring and defining is the [`Module`] trait of [`crate::module`],
//! the same one `ObjectModule` implements, so a front end written against
//! `impl Module` runs here or goes to an object file unchanged.
//!
//! - [`memory`]: the mapping and its write-then-execute life cycle
//!   ([`JitMemory`] → [`ExecutableMemory`]); never writable and executable
//!   at once; the instruction cache is flushed on aarch64.
//! - [`reloc`]: the patching math of each [`RelocKind`], on byte buffers.
//! - [`module`]: [`JitModule`] (definitions, symbol resolution, layout,
//!   veneers) and [`JitCode`] (the finished module, typed calls).
//! - `veneer`: the call stubs that let a call reach a far host function.
//!
//! Relocations name symbols by [`SymbolRef`](crate::machinst::asm_sink::SymbolRef),
//! an index into the symbol-name table given with each definition; a name
//! resolves to a function or data object defined in the module, else to a
//! host symbol (so do names declared as imports). Writable data is not
//! supported in the module (the mapping is read + execute); it is a clear
//! error, and host data serves instead. Every problem is a [`JitError`] value; nothing panics on bad
//! input.

pub mod memory;
pub mod module;
pub mod reloc;
mod veneer;

use core::fmt;

use crate::machinst::asm_sink::RelocKind;

pub use crate::module::{DataDecl, DataId, FuncId, Linkage, Module, RelocatedBytes};
pub use memory::{ExecutableMemory, JitMemory};
pub use module::{JitCode, JitModule};

/// An ISA the JIT can run code of (the host's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JitArch {
    /// x86-64 (System V calls).
    X86_64,
    /// aarch64 (AAPCS64 calls).
    Aarch64,
}

impl JitArch {
    /// The host's ISA, if the JIT supports it.
    pub fn host() -> Option<JitArch> {
        if cfg!(target_arch = "x86_64") {
            Some(JitArch::X86_64)
        } else if cfg!(target_arch = "aarch64") {
            Some(JitArch::Aarch64)
        } else {
            None
        }
    }

    /// Whether code of this ISA may carry relocations of `kind`.
    pub fn accepts(self, kind: RelocKind) -> bool {
        match self {
            JitArch::X86_64 => matches!(
                kind,
                RelocKind::X86PcRel4
                    | RelocKind::X86CallPlt4
                    | RelocKind::X86GotPcRel4
                    | RelocKind::Abs8
            ),
            JitArch::Aarch64 => matches!(
                kind,
                RelocKind::Aarch64Call26
                    | RelocKind::Aarch64Jump26
                    | RelocKind::Aarch64AdrPrelLo21
                    | RelocKind::Aarch64AdrPrelPgHi21
                    | RelocKind::Abs8
            ),
        }
    }
}

impl fmt::Display for JitArch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JitArch::X86_64 => "x86_64",
            JitArch::Aarch64 => "aarch64",
        })
    }
}

/// Where a relocation is: the item (function or data object) that holds
/// it and the field's offset in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelocSite {
    /// Name of the function or data object.
    pub item: String,
    /// Offset of the field within it.
    pub offset: u32,
    /// The relocation kind.
    pub kind: RelocKind,
}

impl fmt::Display for RelocSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`+{:#x} ({:?})", self.item, self.offset, self.kind)
    }
}

/// A JIT error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JitError {
    /// The host ISA is not one the JIT supports.
    UnsupportedHost,
    /// A name is defined twice (functions, data and host symbols share one
    /// namespace).
    DuplicateSymbol(String),
    /// A host symbol was given a null address.
    NullHostSymbol(String),
    /// A data object's (or function's) alignment is not a power of two up
    /// to 4096.
    BadAlignment {
        /// "data" or "function".
        what: &'static str,
        /// The item.
        item: String,
        /// The alignment asked for.
        align: u64,
    },
    /// A second declaration of a name disagrees with the first.
    IncompatibleDeclaration {
        /// The name.
        name: String,
        /// How they disagree.
        reason: String,
    },
    /// An id that this module did not hand out (or of the other kind).
    UnknownId {
        /// "function" or "data".
        what: &'static str,
        /// The id's index.
        index: u32,
    },
    /// An item declared as an import was given a definition (imports are
    /// host symbols).
    DefiningImport(String),
    /// Items declared local or exported but never defined.
    NotDefined {
        /// Their names, in declaration order.
        names: Vec<String>,
    },
    /// Several problems found while linking, in the order found.
    Several(Vec<JitError>),
    /// A relocation's field extends past the end of its item.
    RelocOutOfBounds(RelocSite),
    /// A relocation's `SymbolRef` has no entry in the item's symbol-name table.
    UnknownSymbolRef {
        /// The relocation.
        site: RelocSite,
        /// The symbol index.
        symbol: u32,
    },
    /// A relocation kind of another ISA (or one the JIT does not apply).
    UnsupportedReloc {
        /// The relocation.
        site: RelocSite,
        /// The host ISA.
        arch: JitArch,
    },
    /// A relocation names a symbol defined neither in the module nor by
    /// the host.
    UnresolvedSymbol {
        /// The relocation.
        site: RelocSite,
        /// The symbol name.
        name: String,
    },
    /// A pc-relative relocation cannot reach its target, and the kind has
    /// no veneer (data references) or the target is inside the module.
    RelocOutOfRange {
        /// The relocation.
        site: RelocSite,
        /// The symbol name.
        name: String,
        /// The distance that did not fit (bytes, or pages for `adrp`).
        distance: i64,
    },
    /// An aarch64 branch target that is not a multiple of 4 bytes away.
    MisalignedReloc {
        /// The relocation.
        site: RelocSite,
        /// The symbol name.
        name: String,
        /// The distance in bytes.
        distance: i64,
    },
    /// The module does not fit the address space or a `usize`.
    ModuleTooLarge,
    /// Mapping or protecting memory failed.
    Memory {
        /// What was being done.
        operation: &'static str,
        /// The system's message.
        message: String,
    },
    /// No function or data object of this name in the module.
    NotFound(String),
    /// The name is a data object, not a function.
    NotAFunction(String),
    /// `get_function`'s type is not the size of a code pointer.
    NotPointerSized {
        /// Size of the requested type.
        size: usize,
    },
    /// `call_i64` supports 0 to 8 arguments.
    TooManyArguments(usize),
    /// Something the JIT does not do (yet), named.
    Unsupported(String),
    /// A bug in lathe (an ISA's own veneer failing to encode).
    Internal(String),
}

impl fmt::Display for JitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JitError::UnsupportedHost => {
                f.write_str("unsupported: the JIT runs code on x86_64 and aarch64 hosts only")
            }
            JitError::DuplicateSymbol(name) => write!(f, "symbol `{name}` is defined twice"),
            JitError::NullHostSymbol(name) => {
                write!(f, "host symbol `{name}` is given a null address")
            }
            JitError::BadAlignment { what, item, align } => write!(
                f,
                "{what} `{item}`: alignment {align} is not a power of two up to 4096"
            ),
            JitError::IncompatibleDeclaration { name, reason } => {
                write!(f, "`{name}` is declared twice incompatibly: {reason}")
            }
            JitError::UnknownId { what, index } => {
                write!(f, "{what} id {index} was not declared in this module")
            }
            JitError::DefiningImport(name) => {
                write!(f, "`{name}` is declared as an import and cannot be defined")
            }
            JitError::NotDefined { names } => {
                let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                write!(
                    f,
                    "declared but never defined: {} (declare them as imports or define them)",
                    quoted.join(", ")
                )
            }
            JitError::Several(errors) => {
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{error}")?;
                }
                Ok(())
            }
            JitError::RelocOutOfBounds(site) => {
                write!(
                    f,
                    "relocation at {site}: the field extends past the end of the code"
                )
            }
            JitError::UnknownSymbolRef { site, symbol } => write!(
                f,
                "relocation at {site}: symbol {symbol} is not in the symbol-name table"
            ),
            JitError::UnsupportedReloc { site, arch } => {
                write!(f, "unsupported: relocation at {site} on an {arch} host")
            }
            JitError::UnresolvedSymbol { site, name } => write!(
                f,
                "relocation at {site}: unresolved symbol `{name}` (define it in the module or with `define_host_symbol`)"
            ),
            JitError::RelocOutOfRange {
                site,
                name,
                distance,
            } => write!(
                f,
                "relocation at {site}: `{name}` is out of range (distance {distance:#x}); \
                 reach far host data with an absolute (`Abs8`) relocation"
            ),
            JitError::MisalignedReloc {
                site,
                name,
                distance,
            } => write!(
                f,
                "relocation at {site}: `{name}` is {distance:#x} bytes away, not a multiple of 4"
            ),
            JitError::ModuleTooLarge => f.write_str("the module is too large to map"),
            JitError::Memory { operation, message } => {
                write!(f, "cannot {operation} JIT memory: {message}")
            }
            JitError::NotFound(name) => write!(f, "no function or data `{name}` in the module"),
            JitError::NotAFunction(name) => write!(f, "`{name}` is data, not a function"),
            JitError::NotPointerSized { size } => write!(
                f,
                "a {size}-byte type cannot hold a function pointer (expected an `extern \"C\" fn`)"
            ),
            JitError::TooManyArguments(n) => {
                write!(f, "`call_i64` takes 0 to 8 arguments, not {n}")
            }
            JitError::Unsupported(what) => write!(f, "unsupported: {what}"),
            JitError::Internal(what) => write!(f, "internal error: {what}"),
        }
    }
}

impl std::error::Error for JitError {}

impl JitError {
    /// The individual problems: those of [`JitError::Several`], or this one.
    pub fn errors(&self) -> &[JitError] {
        match self {
            JitError::Several(errors) => errors,
            one => core::slice::from_ref(one),
        }
    }
}
