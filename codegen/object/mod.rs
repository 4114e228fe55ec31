//! ELF relocatable object output: [`ObjectModule`] collects functions and
//! data objects and writes one `.o` file that the system linker accepts.
//!
//! ```text
//! declare_function / declare_data  ─> names, linkage, symbols (undefined)
//! define_function / define_data    ─> bytes appended to .text / .rodata /
//!                                      .data.rel.ro / .data / .bss,
//!                                      relocations checked and queued
//! finish                           ─> undefined definitions reported,
//!                                      relocations added (RELA), bytes
//! ```
//!
//! The declare/define/finish contract is the [`Module`] trait of
//! [`crate::module`], which is independent of the output; the JIT
//! implements it too.
//!
//! Invariants:
//! - one declaration per name; its ELF symbol is created at declaration
//!   (undefined, `STT_NOTYPE`) and becomes defined, with its kind and
//!   size, when the item is defined;
//! - a relocation is checked when its definition is given (kind valid for
//!   the target, field inside the bytes, symbol index inside the name
//!   table) and added to the object only in [`ObjectModule::finish`], when
//!   every symbol it may refer to is final;
//! - output is deterministic: symbols, sections and relocations are
//!   written in the order the calls made them (names are looked up in a
//!   `BTreeMap`, never iterated into the output).

pub mod elf_target;
#[cfg(test)]
mod tests;

use core::fmt;
use std::collections::BTreeMap;

use ::object::write::{
    Object, Relocation, SectionId, StandardSection, Symbol, SymbolId, SymbolSection,
};
use ::object::{BinaryFormat, RelocationFlags, SectionKind, SymbolFlags, SymbolKind, SymbolScope};

use crate::machinst::asm_sink::{RelocKind, SymbolRef};

pub use self::elf_target::{ElfReloc, ObjectTarget};
use crate::module::DeclKind;
pub use crate::module::{DataDecl, DataId, FuncId, Linkage, Module, RelocatedBytes};

/// A problem with what a user declared or defined, or with writing the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObjectError {
    /// A name that ELF cannot hold (empty, or containing a NUL byte).
    BadName {
        /// The name, escaped.
        name: String,
    },
    /// A second declaration of a name disagrees with the first.
    IncompatibleDeclaration {
        /// The name.
        name: String,
        /// How they disagree.
        reason: String,
    },
    /// An id that this module did not hand out.
    UnknownId {
        /// "function" or "data".
        what: &'static str,
        /// The id's index.
        index: u32,
    },
    /// A data alignment that is not a power of two.
    BadAlignment {
        /// The name.
        name: String,
        /// The alignment asked for.
        align: u64,
    },
    /// An item defined twice.
    DefinedTwice {
        /// The name.
        name: String,
    },
    /// An item declared as an import was given a definition.
    DefiningImport {
        /// The name.
        name: String,
    },
    /// A relocation kind of another ISA.
    UnsupportedReloc {
        /// The item holding the relocation.
        name: String,
        /// Offset of the field.
        offset: u32,
        /// The kind.
        kind: RelocKind,
        /// The object's target.
        target: ObjectTarget,
    },
    /// A relocated field that does not lie inside the item's bytes.
    RelocOutOfBounds {
        /// The item holding the relocation.
        name: String,
        /// Offset of the field.
        offset: u32,
        /// Size of the field.
        field_size: u32,
        /// Size of the item.
        len: usize,
    },
    /// A relocation whose symbol has no entry in the name table.
    MissingSymbolName {
        /// The item holding the relocation.
        name: String,
        /// Offset of the field.
        offset: u32,
        /// The symbol.
        symbol: SymbolRef,
        /// Entries in the name table.
        table_len: usize,
    },
    /// Items declared local or exported but never defined.
    NotDefined {
        /// Their names, in declaration order.
        names: Vec<String>,
    },
    /// The section or the object grew past what ELF64 offsets hold, or the
    /// `object` crate refused to write the file.
    Write(String),
}

impl fmt::Display for ObjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObjectError::BadName { name } => {
                write!(
                    f,
                    "`{name}` is not a valid ELF symbol name (empty or with NUL)"
                )
            }
            ObjectError::IncompatibleDeclaration { name, reason } => {
                write!(f, "`{name}` is declared twice incompatibly: {reason}")
            }
            ObjectError::UnknownId { what, index } => {
                write!(f, "{what} id {index} was not declared in this module")
            }
            ObjectError::BadAlignment { name, align } => {
                write!(f, "`{name}`: alignment {align} is not a power of two")
            }
            ObjectError::DefinedTwice { name } => write!(f, "`{name}` is defined twice"),
            ObjectError::DefiningImport { name } => {
                write!(f, "`{name}` is declared as an import and cannot be defined")
            }
            ObjectError::UnsupportedReloc {
                name,
                offset,
                kind,
                target,
            } => write!(
                f,
                "`{name}`+{offset:#x}: relocation {kind:?} does not exist on {target}"
            ),
            ObjectError::RelocOutOfBounds {
                name,
                offset,
                field_size,
                len,
            } => write!(
                f,
                "`{name}`+{offset:#x}: the {field_size}-byte relocated field lies past the end \
                 of its {len} bytes"
            ),
            ObjectError::MissingSymbolName {
                name,
                offset,
                symbol,
                table_len,
            } => write!(
                f,
                "`{name}`+{offset:#x}: relocation against symbol {} but the name table has \
                 {table_len} entries",
                symbol.0
            ),
            ObjectError::NotDefined { names } => {
                let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                write!(
                    f,
                    "declared but never defined: {} (declare them as imports or define them)",
                    quoted.join(", ")
                )
            }
            ObjectError::Write(message) => write!(f, "cannot write the ELF object: {message}"),
        }
    }
}

impl std::error::Error for ObjectError {}

/// One declared name.
#[derive(Clone, Debug)]
struct Decl {
    name: String,
    kind: DeclKind,
    linkage: Linkage,
    symbol: SymbolId,
    defined: bool,
}

/// A checked relocation waiting for [`ObjectModule::finish`].
#[derive(Clone, Copy, Debug)]
struct PendingReloc {
    section: SectionId,
    offset: u64,
    symbol: SymbolId,
    addend: i64,
    r_type: u32,
}

/// An ELF relocatable object being built: declare, define, finish.
pub struct ObjectModule {
    target: ObjectTarget,
    object: Object<'static>,
    decls: Vec<Decl>,
    by_name: BTreeMap<String, u32>,
    relocs: Vec<PendingReloc>,
}

impl fmt::Debug for ObjectModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectModule")
            .field("target", &self.target)
            .field("decls", &self.decls.len())
            .field("relocs", &self.relocs.len())
            .finish()
    }
}

impl ObjectModule {
    /// An empty object for `target`.
    pub fn new(target: ObjectTarget) -> Self {
        let mut object = Object::new(
            BinaryFormat::Elf,
            target.architecture(),
            target.endianness(),
        );
        // Tell the linker the code does not need an executable stack.
        object.add_section(Vec::new(), b".note.GNU-stack".to_vec(), SectionKind::Other);
        ObjectModule {
            target,
            object,
            decls: Vec::new(),
            by_name: BTreeMap::new(),
            relocs: Vec::new(),
        }
    }

    /// The machine the object is for.
    pub fn target(&self) -> ObjectTarget {
        self.target
    }

    /// The id of `name`, if declared as a function.
    pub fn function_id(&self, name: &str) -> Option<FuncId> {
        let index = *self.by_name.get(name)?;
        (self.decls[index as usize].kind == DeclKind::Function).then_some(FuncId(index))
    }

    /// The id of `name`, if declared as data.
    pub fn data_id(&self, name: &str) -> Option<DataId> {
        let index = *self.by_name.get(name)?;
        matches!(self.decls[index as usize].kind, DeclKind::Data(_)).then_some(DataId(index))
    }

    /// Declares `name` as `kind` with `linkage`, merging with an earlier
    /// declaration; returns its index.
    fn declare(
        &mut self,
        name: &str,
        kind: DeclKind,
        linkage: Linkage,
    ) -> Result<u32, ObjectError> {
        if name.is_empty() || name.contains('\0') {
            return Err(ObjectError::BadName {
                name: name.escape_default().to_string(),
            });
        }
        if let DeclKind::Data(DataDecl { align, .. }) = kind
            && !align.is_power_of_two()
        {
            return Err(ObjectError::BadAlignment {
                name: name.to_string(),
                align,
            });
        }
        let Some(&index) = self.by_name.get(name) else {
            let symbol = self.object.add_symbol(Symbol {
                name: name.as_bytes().to_vec(),
                value: 0,
                size: 0,
                kind: SymbolKind::Unknown,
                scope: scope_of(linkage),
                weak: false,
                section: SymbolSection::Undefined,
                flags: SymbolFlags::None,
            });
            let index = self.decls.len() as u32;
            self.decls.push(Decl {
                name: name.to_string(),
                kind,
                linkage,
                symbol,
                defined: false,
            });
            self.by_name.insert(name.to_string(), index);
            return Ok(index);
        };
        let decl = &mut self.decls[index as usize];
        let incompatible = |reason: String| ObjectError::IncompatibleDeclaration {
            name: name.to_string(),
            reason,
        };
        let merged_kind = decl.kind.merge(kind).map_err(incompatible)?;
        let Some(merged_linkage) = decl.linkage.merge(linkage) else {
            return Err(incompatible(format!(
                "first with {:?} linkage, then with {linkage:?}",
                decl.linkage
            )));
        };
        if decl.defined && merged_kind != decl.kind {
            // The alignment of defined data cannot grow after placement.
            return Err(incompatible(format!(
                "it is already defined as {}",
                decl.kind.describe()
            )));
        }
        decl.kind = merged_kind;
        decl.linkage = merged_linkage;
        self.object.symbol_mut(decl.symbol).scope = scope_of(merged_linkage);
        Ok(index)
    }

    /// Checks that `index` is a definable, not yet defined item of the
    /// expected kind and returns its declaration.
    fn definable(&self, index: u32, what: &'static str) -> Result<&Decl, ObjectError> {
        let decl = self
            .decls
            .get(index as usize)
            .filter(|d| match d.kind {
                DeclKind::Function => what == "function",
                DeclKind::Data(_) => what == "data",
                DeclKind::Referenced => false,
            })
            .ok_or(ObjectError::UnknownId { what, index })?;
        if decl.defined {
            return Err(ObjectError::DefinedTwice {
                name: decl.name.clone(),
            });
        }
        if !decl.linkage.is_definable() {
            return Err(ObjectError::DefiningImport {
                name: decl.name.clone(),
            });
        }
        Ok(decl)
    }

    /// Checks every relocation of `contents` (defined as `name`) and
    /// resolves its symbol, declaring names not seen before as imports.
    fn check_relocs(
        &mut self,
        name: &str,
        contents: &RelocatedBytes<'_>,
    ) -> Result<Vec<(u64, SymbolId, i64, u32)>, ObjectError> {
        let mut checked = Vec::with_capacity(contents.relocs.len());
        for reloc in contents.relocs {
            let elf =
                self.target
                    .elf_reloc(reloc.kind)
                    .ok_or_else(|| ObjectError::UnsupportedReloc {
                        name: name.to_string(),
                        offset: reloc.offset,
                        kind: reloc.kind,
                        target: self.target,
                    })?;
            let end = u64::from(reloc.offset) + u64::from(elf.field_size);
            if end > contents.bytes.len() as u64 {
                return Err(ObjectError::RelocOutOfBounds {
                    name: name.to_string(),
                    offset: reloc.offset,
                    field_size: elf.field_size,
                    len: contents.bytes.len(),
                });
            }
            let target_name = contents.symbol_name(reloc.symbol).ok_or_else(|| {
                ObjectError::MissingSymbolName {
                    name: name.to_string(),
                    offset: reloc.offset,
                    symbol: reloc.symbol,
                    table_len: contents.symbol_names.len(),
                }
            })?;
            checked.push((
                u64::from(reloc.offset),
                target_name,
                reloc.addend,
                elf.r_type,
            ));
        }
        // Names are declared only once every relocation checked out, so a
        // rejected definition leaves no trace.
        checked
            .into_iter()
            .map(|(offset, target_name, addend, r_type)| {
                let index = self.declare(target_name, DeclKind::Referenced, Linkage::Import)?;
                Ok((offset, self.decls[index as usize].symbol, addend, r_type))
            })
            .collect()
    }

    /// Places `contents` of item `index` in `section` and queues its
    /// relocations.
    fn place(
        &mut self,
        index: u32,
        section: StandardSection,
        kind: SymbolKind,
        contents: &RelocatedBytes<'_>,
        align: u64,
    ) -> Result<(), ObjectError> {
        let name = self.decls[index as usize].name.clone();
        let relocs = self.check_relocs(&name, contents)?;
        let section = self.object.section_id(section);
        let symbol = self.decls[index as usize].symbol;
        self.object.symbol_mut(symbol).kind = kind;
        let start = self
            .object
            .add_symbol_data(symbol, section, contents.bytes, align);
        for (offset, symbol, addend, r_type) in relocs {
            self.relocs.push(PendingReloc {
                section,
                offset: start + offset,
                symbol,
                addend,
                r_type,
            });
        }
        self.decls[index as usize].defined = true;
        Ok(())
    }
}

/// The ELF scope of a linkage: imports and exports are global with
/// default visibility, locals are `STB_LOCAL`.
fn scope_of(linkage: Linkage) -> SymbolScope {
    match linkage {
        Linkage::Import | Linkage::Export => SymbolScope::Dynamic,
        Linkage::Local => SymbolScope::Compilation,
    }
}

impl Module for ObjectModule {
    type Output = Vec<u8>;
    type Error = ObjectError;

    fn declare_function(&mut self, name: &str, linkage: Linkage) -> Result<FuncId, ObjectError> {
        self.declare(name, DeclKind::Function, linkage).map(FuncId)
    }

    fn declare_data(
        &mut self,
        name: &str,
        linkage: Linkage,
        decl: DataDecl,
    ) -> Result<DataId, ObjectError> {
        self.declare(name, DeclKind::Data(decl), linkage)
            .map(DataId)
    }

    fn define_function(
        &mut self,
        func: FuncId,
        code: &RelocatedBytes<'_>,
        alignment: u64,
    ) -> Result<(), ObjectError> {
        let name = &self.definable(func.0, "function")?.name;
        if !alignment.is_power_of_two() {
            return Err(ObjectError::BadAlignment {
                name: name.clone(),
                align: alignment,
            });
        }
        let align = alignment.max(self.target.function_alignment());
        self.place(func.0, StandardSection::Text, SymbolKind::Text, code, align)
    }

    fn define_data(
        &mut self,
        data: DataId,
        contents: &RelocatedBytes<'_>,
    ) -> Result<(), ObjectError> {
        let DeclKind::Data(decl) = self.definable(data.0, "data")?.kind else {
            return Err(ObjectError::UnknownId {
                what: "data",
                index: data.0,
            });
        };
        let section = match (decl.writable, contents.relocs.is_empty()) {
            (true, _) => StandardSection::Data,
            (false, true) => StandardSection::ReadOnlyData,
            // The dynamic linker may write these relocations, then the
            // loader makes the page read-only (RELRO).
            (false, false) => StandardSection::ReadOnlyDataWithRel,
        };
        self.place(data.0, section, SymbolKind::Data, contents, decl.align)
    }

    fn define_zeroed_data(&mut self, data: DataId, size: u64) -> Result<(), ObjectError> {
        let DeclKind::Data(decl) = self.definable(data.0, "data")?.kind else {
            return Err(ObjectError::UnknownId {
                what: "data",
                index: data.0,
            });
        };
        if !decl.writable {
            // Read-only zeros still need file bytes in .rodata.
            let zeros = usize::try_from(size)
                .ok()
                .filter(|&n| n <= isize::MAX as usize)
                .ok_or_else(|| ObjectError::Write(format!("{size} bytes of read-only zeros")))?;
            return self.define_data(data, &RelocatedBytes::plain(&vec![0; zeros]));
        }
        let section = self.object.section_id(StandardSection::UninitializedData);
        let decl_index = data.0 as usize;
        let symbol = self.decls[decl_index].symbol;
        self.object.symbol_mut(symbol).kind = SymbolKind::Data;
        self.object
            .add_symbol_bss(symbol, section, size, decl.align);
        self.decls[decl_index].defined = true;
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<u8>, ObjectError> {
        let names: Vec<String> = self
            .decls
            .iter()
            .filter(|d| d.linkage.is_definable() && !d.defined)
            .map(|d| d.name.clone())
            .collect();
        if !names.is_empty() {
            return Err(ObjectError::NotDefined { names });
        }
        for reloc in std::mem::take(&mut self.relocs) {
            self.object
                .add_relocation(
                    reloc.section,
                    Relocation {
                        offset: reloc.offset,
                        symbol: reloc.symbol,
                        addend: reloc.addend,
                        flags: RelocationFlags::Elf {
                            r_type: reloc.r_type,
                        },
                    },
                )
                .map_err(|e| ObjectError::Write(e.to_string()))?;
        }
        self.object
            .write()
            .map_err(|e| ObjectError::Write(e.to_string()))
    }
}
