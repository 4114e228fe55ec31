//! The output-independent half of a module: what a user declares and
//! defines, whether the result is an ELF object (`codegen/object/`,
//! `ObjectModule`) or linked JIT memory (`codegen/jit/`, `JitModule`).
//!
//! A *module* is a set of named functions and data objects. The user
//! first **declares** every name it will define or refer to (with a
//! [`Linkage`] and, for data, a [`DataDecl`]), getting a [`FuncId`] or
//! [`DataId`] back; then **defines** declared items from
//! [`RelocatedBytes`] (code from the MachBuffer, or initial data); then
//! **finishes** the module. The [`Module`] trait states that contract;
//! both outputs implement it, so a front end is written once, generic over
//! `impl Module`, and its code goes to an object file or runs in the JIT.
//!
//! Invariants every implementation upholds:
//! - a name is declared once per module; declaring it again returns the
//!   same id and merges the linkage ([`Linkage::merge`]), or is an error
//!   when the declarations disagree (function vs data, local vs export,
//!   read-only vs writable);
//! - an item is defined at most once, and never when it is an import;
//! - every relocation of a definition names its target by
//!   [`SymbolRef`] index into [`RelocatedBytes::symbol_names`]; a name not
//!   declared is an import of an unknown kind (the linker, or the JIT's
//!   host symbols, resolve it);
//! - a name declared as an import is defined outside the module (by the
//!   linker, or by a JIT host symbol);
//! - every problem is a returned error; nothing panics on bad input.

use crate::machinst::asm_sink::{Reloc, SymbolRef};

/// Who can see a declared name, and where it is defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Linkage {
    /// Defined elsewhere (another object, a shared library, the JIT host).
    Import,
    /// Defined in this module, visible only inside it (ELF `STB_LOCAL`).
    Local,
    /// Defined in this module and visible to the linker (ELF `STB_GLOBAL`,
    /// default visibility).
    Export,
}

impl Linkage {
    /// The linkage of a name declared as `self` and then as `other`: an
    /// import becomes whatever the other declaration says; local and
    /// export do not mix (`None`).
    pub fn merge(self, other: Linkage) -> Option<Linkage> {
        match (self, other) {
            (Linkage::Import, l) | (l, Linkage::Import) => Some(l),
            (a, b) if a == b => Some(a),
            _ => None,
        }
    }

    /// Whether the module must define a name with this linkage.
    pub fn is_definable(self) -> bool {
        self != Linkage::Import
    }
}

/// How a data object is declared: writability and alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DataDecl {
    /// Whether the program may write to it (ELF `.data`/`.bss`) or not
    /// (`.rodata`, or `.data.rel.ro` when it holds relocations).
    pub writable: bool,
    /// Alignment of its start in bytes: a power of two, at least 1.
    pub align: u64,
}

impl DataDecl {
    /// Read-only data aligned to `align` bytes.
    pub fn read_only(align: u64) -> Self {
        DataDecl {
            writable: false,
            align,
        }
    }

    /// Writable data aligned to `align` bytes.
    pub fn writable(align: u64) -> Self {
        DataDecl {
            writable: true,
            align,
        }
    }
}

/// A declared function of a module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FuncId(pub(crate) u32);

/// A declared data object of a module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DataId(pub(crate) u32);

/// Bytes to place in the module (a function's code or a data object's
/// initial value) and the relocations to apply to them.
#[derive(Clone, Copy, Debug)]
pub struct RelocatedBytes<'a> {
    /// The bytes, label fields already patched; relocated fields hold
    /// whatever the encoder left (the addend lives in the relocation).
    pub bytes: &'a [u8],
    /// Relocations by offset into `bytes` (any order).
    pub relocs: &'a [Reloc],
    /// `symbol_names[i]` is the name `SymbolRef(i)` stands for.
    pub symbol_names: &'a [&'a str],
}

impl<'a> RelocatedBytes<'a> {
    /// Bytes without relocations.
    pub fn plain(bytes: &'a [u8]) -> Self {
        RelocatedBytes {
            bytes,
            relocs: &[],
            symbol_names: &[],
        }
    }

    /// The name `symbol` stands for, if the table has it.
    pub fn symbol_name(&self, symbol: SymbolRef) -> Option<&'a str> {
        self.symbol_names.get(symbol.0 as usize).copied()
    }
}

/// What a declared name is, for the declaration tables of the modules.
#[cfg(any(feature = "jit", feature = "object"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DeclKind {
    /// A function.
    Function,
    /// A data object.
    Data(DataDecl),
    /// Only named by a relocation: an import of unknown kind, until a
    /// declaration says what it is. Only the object module records these
    /// (the JIT resolves such names when it links).
    #[cfg_attr(not(feature = "object"), allow(dead_code))]
    Referenced,
}

#[cfg(any(feature = "jit", feature = "object"))]
impl DeclKind {
    /// The kind, as an error message names it.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            DeclKind::Function => "a function",
            DeclKind::Data(DataDecl { writable: true, .. }) => "writable data",
            DeclKind::Data(DataDecl {
                writable: false, ..
            }) => "read-only data",
            DeclKind::Referenced => "a referenced symbol",
        }
    }

    /// The kind of a name declared as `self` and then as `other`: a
    /// reference takes the other's kind, data keeps its writability and
    /// takes the larger alignment; anything else that differs is an error
    /// whose text says how the declarations disagree.
    pub(crate) fn merge(self, other: DeclKind) -> Result<DeclKind, String> {
        match (self, other) {
            (old, DeclKind::Referenced) => Ok(old),
            (DeclKind::Referenced, new) => Ok(new),
            (DeclKind::Function, DeclKind::Function) => Ok(DeclKind::Function),
            (DeclKind::Data(old), DeclKind::Data(new)) if old.writable == new.writable => {
                Ok(DeclKind::Data(DataDecl {
                    writable: old.writable,
                    align: old.align.max(new.align),
                }))
            }
            (old, new) => Err(format!(
                "first as {}, then as {}",
                old.describe(),
                new.describe()
            )),
        }
    }
}

/// The declare / define / finish contract shared by every kind of module
/// output. `Output` is what finishing produces (object bytes; for a JIT,
/// the finalized code memory); `Error` is the module's error type.
pub trait Module {
    /// What [`Module::finish`] returns.
    type Output;
    /// The error of every operation.
    type Error;

    /// Declares a function, or returns the id of an earlier declaration
    /// of `name` after merging the linkage.
    fn declare_function(&mut self, name: &str, linkage: Linkage) -> Result<FuncId, Self::Error>;

    /// Declares a data object, or returns the id of an earlier declaration
    /// of `name` (the alignment becomes the larger of the two).
    fn declare_data(
        &mut self,
        name: &str,
        linkage: Linkage,
        decl: DataDecl,
    ) -> Result<DataId, Self::Error>;

    /// Defines a declared function from its code. `alignment` is the
    /// alignment the code's start needs (e.g. `MachBufferFinalized::alignment`);
    /// the module may align more.
    fn define_function(
        &mut self,
        func: FuncId,
        code: &RelocatedBytes<'_>,
        alignment: u64,
    ) -> Result<(), Self::Error>;

    /// Defines a declared data object from its initial bytes.
    fn define_data(
        &mut self,
        data: DataId,
        contents: &RelocatedBytes<'_>,
    ) -> Result<(), Self::Error>;

    /// Defines a declared data object as `size` zero bytes.
    fn define_zeroed_data(&mut self, data: DataId, size: u64) -> Result<(), Self::Error>;

    /// Checks that every declared local or exported item was defined,
    /// resolves what the output needs resolved, and returns the output.
    fn finish(self) -> Result<Self::Output, Self::Error>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linkage_merges_imports_and_rejects_local_export_mix() {
        use Linkage::*;
        assert_eq!(Import.merge(Export), Some(Export));
        assert_eq!(Local.merge(Import), Some(Local));
        assert_eq!(Import.merge(Import), Some(Import));
        assert_eq!(Export.merge(Export), Some(Export));
        assert_eq!(Local.merge(Export), None);
        assert_eq!(Export.merge(Local), None);
        assert!(!Import.is_definable());
        assert!(Local.is_definable() && Export.is_definable());
    }

    #[test]
    fn symbol_names_are_looked_up_by_index() {
        let names = ["puts", "abs"];
        let bytes = RelocatedBytes {
            bytes: &[],
            relocs: &[],
            symbol_names: &names,
        };
        assert_eq!(bytes.symbol_name(SymbolRef(1)), Some("abs"));
        assert_eq!(bytes.symbol_name(SymbolRef(2)), None);
        assert_eq!(RelocatedBytes::plain(&[1]).symbol_name(SymbolRef(0)), None);
    }

    #[cfg(any(feature = "jit", feature = "object"))]
    #[test]
    fn declaration_kinds_merge_or_say_how_they_disagree() {
        let ro = |align| DeclKind::Data(DataDecl::read_only(align));
        assert_eq!(DeclKind::Referenced.merge(ro(4)), Ok(ro(4)));
        assert_eq!(ro(4).merge(DeclKind::Referenced), Ok(ro(4)));
        assert_eq!(ro(4).merge(ro(16)), Ok(ro(16)));
        assert_eq!(
            ro(8).merge(DeclKind::Data(DataDecl::writable(8))),
            Err("first as read-only data, then as writable data".to_string())
        );
        assert_eq!(
            DeclKind::Function.merge(ro(1)),
            Err("first as a function, then as read-only data".to_string())
        );
    }
}
