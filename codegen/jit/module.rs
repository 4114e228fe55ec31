//! A JIT module: several functions (and read-only data objects) linked
//! together and to host symbols, in one mapping.
//!
//! [`JitModule`] implements the [`Module`] trait: declarations follow its
//! rules (one per name, linkage merged), definitions are checked as they
//! come (field inside the item, `SymbolRef` in the item's name table,
//! kind of the host ISA), and host symbols share the namespace (a name
//! declared local or exported is the module's; an import or a name only
//! named by a relocation may be a host symbol). [`Module::finish`] checks
//! that every local and exported item is defined, then:
//!
//! 1. resolves every relocation's name to an item of the module or a host
//!    symbol, reporting every unresolved name;
//! 2. lays out the items in definition order (functions 16-byte aligned,
//!    data at its own alignment), then one call veneer per distinct far
//!    call target (see `veneer.rs`);
//! 3. maps writable memory, copies the items in, writes the veneers and
//!    patches every relocation; then makes the mapping read + execute.
//!
//! # Reach (the ±2 GiB problem)
//!
//! Items of one module share a mapping, so a pc-relative reference between
//! them reaches as long as the module is smaller than the kind's reach
//! (2 GiB on x86-64; 128 MiB for aarch64 branches, 1 MiB for `adr`).
//! Host symbols can be anywhere. A *call* (`X86CallPlt4`, `Aarch64Call26`,
//! `Aarch64Jump26`) to a host symbol goes direct when it reaches, else
//! through a veneer the module reserves for that target; a veneer costs
//! 16 bytes and is reserved whether used or not, so the layout does not
//! depend on where the mapping lands. A pc-relative *data* reference
//! (`X86PcRel4`, `adr`, `adrp`) cannot be redirected, so an unreachable
//! one is a [`JitError::RelocOutOfRange`]; code should reach host data with
//! an absolute `Abs8` relocation, or through the GOT: an `X86GotPcRel4`
//! relocation gets an 8-byte entry (one per target, after the veneers)
//! holding the target's address, and the field reaches the entry.
//!
//! The output is deterministic: layout follows definition order and
//! veneers are ordered by target address.

use std::collections::BTreeMap;

use crate::machinst::asm_sink::{Reloc, RelocKind};
use crate::module::{DataDecl, DataId, DeclKind, FuncId, Linkage, Module, RelocatedBytes};

use super::memory::{ExecutableMemory, JitMemory};
use super::reloc::{PatchError, apply_reloc, field_size};
use super::veneer::{VENEER_SIZE, call_veneer};
use super::{JitArch, JitError, RelocSite};

/// Alignment of every function's first byte.
const FUNCTION_ALIGN: u64 = 16;
/// Largest data alignment (a page, the mapping's own alignment).
const MAX_DATA_ALIGN: u64 = 4096;

/// Whether an item is code or data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ItemKind {
    Function,
    Data,
}

/// One function or data object, as defined.
#[derive(Debug)]
struct Item {
    name: String,
    kind: ItemKind,
    bytes: Vec<u8>,
    align: u64,
    relocs: Vec<Reloc>,
    /// Symbol names by `SymbolRef` index.
    symbol_names: Vec<String>,
}

/// One declared name: [`DeclKind::Function`] or [`DeclKind::Data`] (the
/// JIT resolves names only named by relocations at link time, so it never
/// records [`DeclKind::Referenced`]).
#[derive(Debug)]
struct Decl {
    name: String,
    kind: DeclKind,
    linkage: Linkage,
    /// Index of its item once defined.
    item: Option<usize>,
}

/// What a name is bound to.
#[derive(Clone, Copy, Debug)]
enum Definition {
    /// An item of the module, by index.
    Item(usize),
    /// A host address.
    Host(u64),
}

/// Functions and data being put together; see the module docs. Built
/// through the [`Module`] trait, plus [`JitModule::define_host_symbol`].
#[derive(Debug)]
pub struct JitModule {
    arch: JitArch,
    items: Vec<Item>,
    decls: Vec<Decl>,
    by_name: BTreeMap<String, u32>,
    hosts: BTreeMap<String, u64>,
}

impl JitModule {
    /// An empty module for the host ISA.
    pub fn new() -> Result<Self, JitError> {
        let arch = JitArch::host().ok_or(JitError::UnsupportedHost)?;
        Ok(Self {
            arch,
            items: Vec::new(),
            decls: Vec::new(),
            by_name: BTreeMap::new(),
            hosts: BTreeMap::new(),
        })
    }

    /// The ISA the module's code must be for.
    pub fn arch(&self) -> JitArch {
        self.arch
    }

    /// Binds the names of lathe's runtime library ([`crate::runtime`]:
    /// `__divti3`, `fma`, `__extendhfsf2`, `__addtf3`, ...) to their host
    /// implementations, so code using 128-bit division, `fma`, `f16` or
    /// `f128` links. Fails like [`define_host_symbol`](Self::define_host_symbol)
    /// if one of the names is already bound or declared here.
    #[cfg(feature = "interpreter")]
    pub fn define_runtime_symbols(&mut self) -> Result<(), JitError> {
        for (name, address) in crate::runtime::symbols() {
            self.define_host_symbol(name, address)?;
        }
        Ok(())
    }

    /// Binds `name` to a host address (an `extern "C"` function, or data):
    /// relocations naming it, and items declared as [`Linkage::Import`]
    /// under it, resolve there. A name declared local or exported is the
    /// module's own and cannot also be a host symbol.
    pub fn define_host_symbol(&mut self, name: &str, address: *const u8) -> Result<(), JitError> {
        if address.is_null() {
            return Err(JitError::NullHostSymbol(name.to_string()));
        }
        let declared_here = self
            .by_name
            .get(name)
            .is_some_and(|&i| self.decls[i as usize].linkage.is_definable());
        if declared_here || self.hosts.contains_key(name) {
            return Err(JitError::DuplicateSymbol(name.to_string()));
        }
        self.hosts.insert(name.to_string(), address as u64);
        Ok(())
    }

    /// Declares `name` as `kind` with `linkage`, merging with an earlier
    /// declaration; returns its index.
    fn declare(&mut self, name: &str, kind: DeclKind, linkage: Linkage) -> Result<u32, JitError> {
        if let DeclKind::Data(DataDecl { align, .. }) = kind
            && (!align.is_power_of_two() || align > MAX_DATA_ALIGN)
        {
            return Err(JitError::BadAlignment {
                what: "data",
                item: name.to_string(),
                align,
            });
        }
        let is_host = self.hosts.contains_key(name);
        let Some(&index) = self.by_name.get(name) else {
            if linkage.is_definable() && is_host {
                return Err(JitError::DuplicateSymbol(name.to_string()));
            }
            let index = self.decls.len() as u32;
            self.decls.push(Decl {
                name: name.to_string(),
                kind,
                linkage,
                item: None,
            });
            self.by_name.insert(name.to_string(), index);
            return Ok(index);
        };
        let decl = &mut self.decls[index as usize];
        let incompatible = |reason: String| JitError::IncompatibleDeclaration {
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
        if decl.item.is_some() && merged_kind != decl.kind {
            // The alignment of defined data cannot grow after it is copied.
            return Err(incompatible(format!(
                "it is already defined as {}",
                decl.kind.describe()
            )));
        }
        if merged_linkage.is_definable() && is_host {
            return Err(JitError::DuplicateSymbol(name.to_string()));
        }
        decl.kind = merged_kind;
        decl.linkage = merged_linkage;
        Ok(index)
    }

    /// Checks that `index` is a definable, not yet defined item of the
    /// expected kind and returns its declaration.
    fn definable(&self, index: u32, what: &'static str) -> Result<&Decl, JitError> {
        let decl = self
            .decls
            .get(index as usize)
            .filter(|d| match d.kind {
                DeclKind::Function => what == "function",
                DeclKind::Data(_) => what == "data",
                DeclKind::Referenced => false,
            })
            .ok_or(JitError::UnknownId { what, index })?;
        if decl.item.is_some() {
            return Err(JitError::DuplicateSymbol(decl.name.clone()));
        }
        if !decl.linkage.is_definable() {
            return Err(JitError::DefiningImport(decl.name.clone()));
        }
        Ok(decl)
    }

    /// The read-only data declaration of definable item `data`.
    fn definable_data(&self, data: DataId) -> Result<DataDecl, JitError> {
        let decl = self.definable(data.0, "data")?;
        match decl.kind {
            DeclKind::Data(d) if d.writable => Err(JitError::Unsupported(format!(
                "writable data `{}`: the JIT maps the module read + execute (W^X); \
                 give writable data a host address with `define_host_symbol`",
                decl.name
            ))),
            DeclKind::Data(d) => Ok(d),
            _ => Err(JitError::UnknownId {
                what: "data",
                index: data.0,
            }),
        }
    }

    /// Checks the relocations of `contents` and records it as the
    /// definition of declaration `index`.
    fn define_item(
        &mut self,
        index: u32,
        kind: ItemKind,
        contents: &RelocatedBytes<'_>,
        align: u64,
    ) -> Result<(), JitError> {
        let name = self.decls[index as usize].name.clone();
        for r in contents.relocs {
            let site = RelocSite {
                item: name.clone(),
                offset: r.offset,
                kind: r.kind,
            };
            if !self.arch.accepts(r.kind) {
                return Err(JitError::UnsupportedReloc {
                    site,
                    arch: self.arch,
                });
            }
            let end = u64::from(r.offset) + u64::from(field_size(r.kind));
            if end > contents.bytes.len() as u64 {
                return Err(JitError::RelocOutOfBounds(site));
            }
            if contents.symbol_name(r.symbol).is_none() {
                return Err(JitError::UnknownSymbolRef {
                    site,
                    symbol: r.symbol.0,
                });
            }
        }
        self.decls[index as usize].item = Some(self.items.len());
        self.items.push(Item {
            name,
            kind,
            bytes: contents.bytes.to_vec(),
            align,
            relocs: contents.relocs.to_vec(),
            symbol_names: contents
                .symbol_names
                .iter()
                .map(|s| s.to_string())
                .collect(),
        });
        Ok(())
    }

    /// What a relocation's `name` binds to: an item of the module defined
    /// under it, else a host symbol.
    fn resolve(&self, name: &str) -> Option<Definition> {
        let item = self
            .by_name
            .get(name)
            .and_then(|&i| self.decls[i as usize].item);
        match item {
            Some(item) => Some(Definition::Item(item)),
            None => self.hosts.get(name).map(|&a| Definition::Host(a)),
        }
    }

    /// Links the module into executable memory; returns every problem
    /// found (unresolved names, relocations out of range) otherwise.
    fn link(self) -> Result<JitCode, Vec<JitError>> {
        let mut errors = Vec::new();

        // 1. Resolve names; reserve a veneer per far call target and a GOT
        //    entry per target reached through the GOT.
        let mut veneers: BTreeMap<u64, usize> = BTreeMap::new();
        let mut got: BTreeMap<GotKey, usize> = BTreeMap::new();
        let mut resolved: Vec<Vec<Option<Definition>>> = Vec::with_capacity(self.items.len());
        for item in &self.items {
            let mut targets = Vec::with_capacity(item.relocs.len());
            for r in &item.relocs {
                let name = &item.symbol_names[r.symbol.0 as usize];
                let definition = self.resolve(name);
                match definition {
                    None => errors.push(JitError::UnresolvedSymbol {
                        site: site(item, r),
                        name: name.clone(),
                    }),
                    Some(Definition::Host(address)) => {
                        if let Some(plain) = call_addend(r.kind) {
                            let target = address.wrapping_add(r.addend.wrapping_sub(plain) as u64);
                            let next = veneers.len();
                            veneers.entry(target).or_insert(next);
                        }
                    }
                    Some(Definition::Item(_)) => {}
                }
                if let (RelocKind::X86GotPcRel4, Some(d)) = (r.kind, definition) {
                    let next = got.len();
                    got.entry(GotKey::of(d)).or_insert(next);
                }
                targets.push(definition);
            }
            resolved.push(targets);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Veneer slots in target-address order, for determinism.
        for (slot, index) in veneers.values_mut().enumerate() {
            *index = slot;
        }
        for (slot, index) in got.values_mut().enumerate() {
            *index = slot;
        }

        // 2. Layout.
        let layout = match self.layout(veneers.len(), got.len()) {
            Some(layout) => layout,
            None => return Err(vec![JitError::ModuleTooLarge]),
        };
        let template = if veneers.is_empty() {
            None
        } else {
            match call_veneer(self.arch) {
                Ok(t) => Some(t),
                Err(e) => return Err(vec![e]),
            }
        };

        // 3. Copy, write veneers, patch.
        let mut memory = JitMemory::new(layout.total).map_err(|e| vec![e])?;
        let base = memory.base();
        let bytes = memory.bytes_mut();
        for (item, &offset) in self.items.iter().zip(&layout.item_offsets) {
            bytes[offset..offset + item.bytes.len()].copy_from_slice(&item.bytes);
        }
        if let Some(template) = &template {
            for (&target, &slot) in &veneers {
                let at = layout.veneer_start + slot * VENEER_SIZE;
                template.write(&mut bytes[at..at + VENEER_SIZE], target);
            }
        }
        for (&key, &slot) in &got {
            let address = match key {
                GotKey::Item(i) => base + layout.item_offsets[i] as u64,
                GotKey::Host(address) => address,
            };
            let at = layout.got_start + slot * 8;
            bytes[at..at + 8].copy_from_slice(&address.to_le_bytes());
        }
        for ((item, &offset), targets) in self.items.iter().zip(&layout.item_offsets).zip(&resolved)
        {
            for (r, definition) in item.relocs.iter().zip(targets) {
                let symbol_address = match definition {
                    Some(Definition::Item(i)) => base + layout.item_offsets[*i] as u64,
                    Some(Definition::Host(address)) => *address,
                    None => continue,
                };
                let at = offset + r.offset as usize;
                let place = base + at as u64;
                let value = match (r.kind, definition) {
                    (RelocKind::X86GotPcRel4, Some(d)) => {
                        let slot = got.get(&GotKey::of(*d)).copied().unwrap_or(0);
                        (base + (layout.got_start + slot * 8) as u64).wrapping_add(r.addend as u64)
                    }
                    _ => symbol_address.wrapping_add(r.addend as u64),
                };
                let mut result = apply_reloc(r.kind, &mut bytes[at..], place, value);
                if let (Err(PatchError::OutOfRange { .. }), Some(Definition::Host(address))) =
                    (result, definition)
                    && let Some(plain) = call_addend(r.kind)
                {
                    let target = address.wrapping_add(r.addend.wrapping_sub(plain) as u64);
                    if let Some(&slot) = veneers.get(&target) {
                        let veneer = base + (layout.veneer_start + slot * VENEER_SIZE) as u64;
                        let via = veneer.wrapping_add(plain as u64);
                        result = apply_reloc(r.kind, &mut bytes[at..], place, via);
                    }
                }
                if let Err(e) = result {
                    errors.push(patch_error(item, r, e));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let memory = memory.make_executable().map_err(|e| vec![e])?;
        let symbols = self
            .items
            .iter()
            .zip(&layout.item_offsets)
            .map(|(item, &offset)| (item.name.clone(), (offset, item.kind)))
            .collect();
        Ok(JitCode { memory, symbols })
    }

    /// Offsets of the items and of the veneer area, and the total size;
    /// `None` when the sizes overflow.
    fn layout(&self, veneer_count: usize, got_count: usize) -> Option<Layout> {
        let mut offset = 0usize;
        let mut item_offsets = Vec::with_capacity(self.items.len());
        for item in &self.items {
            offset = offset.checked_next_multiple_of(item.align as usize)?;
            item_offsets.push(offset);
            offset = offset.checked_add(item.bytes.len())?;
        }
        let veneer_start = offset.checked_next_multiple_of(VENEER_SIZE)?;
        let got_start = veneer_start.checked_add(veneer_count.checked_mul(VENEER_SIZE)?)?;
        let total = got_start.checked_add(got_count.checked_mul(8)?)?;
        // Keep every offset a non-negative `isize` (pointer arithmetic).
        isize::try_from(total).ok()?;
        Some(Layout {
            item_offsets,
            veneer_start,
            got_start,
            total,
        })
    }
}

impl Module for JitModule {
    type Output = JitCode;
    type Error = JitError;

    fn declare_function(&mut self, name: &str, linkage: Linkage) -> Result<FuncId, JitError> {
        self.declare(name, DeclKind::Function, linkage).map(FuncId)
    }

    fn declare_data(
        &mut self,
        name: &str,
        linkage: Linkage,
        decl: DataDecl,
    ) -> Result<DataId, JitError> {
        self.declare(name, DeclKind::Data(decl), linkage)
            .map(DataId)
    }

    /// Functions start at least 16-byte aligned; `alignment` may ask for
    /// more, up to a page.
    fn define_function(
        &mut self,
        func: FuncId,
        code: &RelocatedBytes<'_>,
        alignment: u64,
    ) -> Result<(), JitError> {
        let name = &self.definable(func.0, "function")?.name;
        if !alignment.is_power_of_two() || alignment > MAX_DATA_ALIGN {
            return Err(JitError::BadAlignment {
                what: "function",
                item: name.clone(),
                align: alignment,
            });
        }
        let align = alignment.max(FUNCTION_ALIGN);
        self.define_item(func.0, ItemKind::Function, code, align)
    }

    /// Read-only data only: writable data is [`JitError::Unsupported`].
    fn define_data(&mut self, data: DataId, contents: &RelocatedBytes<'_>) -> Result<(), JitError> {
        let decl = self.definable_data(data)?;
        self.define_item(data.0, ItemKind::Data, contents, decl.align)
    }

    /// Read-only data only, as [`JitModule::define_data`](Module::define_data).
    fn define_zeroed_data(&mut self, data: DataId, size: u64) -> Result<(), JitError> {
        self.definable_data(data)?;
        let len = usize::try_from(size)
            .ok()
            .filter(|&n| n <= isize::MAX as usize)
            .ok_or(JitError::ModuleTooLarge)?;
        self.define_data(data, &RelocatedBytes::plain(&vec![0; len]))
    }

    /// Checks that every local or exported item was defined, then links:
    /// resolves every relocation, lays out and copies the items, patches,
    /// and makes the mapping read + execute. Every unresolved name and
    /// unreachable reference is reported, in one [`JitError::Several`]
    /// when there is more than one.
    fn finish(self) -> Result<JitCode, JitError> {
        let names: Vec<String> = self
            .decls
            .iter()
            .filter(|d| d.linkage.is_definable() && d.item.is_none())
            .map(|d| d.name.clone())
            .collect();
        if !names.is_empty() {
            return Err(JitError::NotDefined { names });
        }
        self.link().map_err(|mut errors| {
            if errors.len() == 1 {
                errors.remove(0)
            } else {
                JitError::Several(errors)
            }
        })
    }
}

/// Where everything goes in the mapping.
struct Layout {
    item_offsets: Vec<usize>,
    veneer_start: usize,
    /// Start of the GOT entries (8 bytes each, 8-aligned).
    got_start: usize,
    total: usize,
}

/// What a GOT entry holds the address of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum GotKey {
    Item(usize),
    Host(u64),
}

impl GotKey {
    fn of(d: Definition) -> GotKey {
        match d {
            Definition::Item(i) => GotKey::Item(i),
            Definition::Host(a) => GotKey::Host(a),
        }
    }
}

/// For call kinds (which may go through a veneer), the addend of a plain
/// call to the symbol itself: the target is `S + (A - plain)`.
fn call_addend(kind: RelocKind) -> Option<i64> {
    match kind {
        // The field is 4 bytes before the end of the `call`, where rel32 counts from.
        RelocKind::X86CallPlt4 => Some(-4),
        RelocKind::Aarch64Call26 | RelocKind::Aarch64Jump26 => Some(0),
        _ => None,
    }
}

fn site(item: &Item, r: &Reloc) -> RelocSite {
    RelocSite {
        item: item.name.clone(),
        offset: r.offset,
        kind: r.kind,
    }
}

fn patch_error(item: &Item, r: &Reloc, error: PatchError) -> JitError {
    let site = site(item, r);
    let name = item.symbol_names[r.symbol.0 as usize].clone();
    match error {
        PatchError::FieldOutOfBounds => JitError::RelocOutOfBounds(site),
        PatchError::OutOfRange { distance } => JitError::RelocOutOfRange {
            site,
            name,
            distance,
        },
        PatchError::Misaligned { distance } => JitError::MisalignedReloc {
            site,
            name,
            distance,
        },
        PatchError::UnsupportedKind => {
            JitError::Unsupported(format!("relocation kind {:?} at {site}", r.kind))
        }
    }
}

/// A finalized module: its code, read + execute, and its symbols. The
/// mapping is unmapped when this is dropped; function pointers taken from
/// it must not be used after that.
#[derive(Debug)]
pub struct JitCode {
    memory: ExecutableMemory,
    symbols: BTreeMap<String, (usize, ItemKind)>,
}

impl JitCode {
    /// The runtime address of a function or data object.
    pub fn address(&self, name: &str) -> Option<*const u8> {
        let &(offset, _) = self.symbols.get(name)?;
        Some(self.memory.as_ptr().wrapping_add(offset))
    }

    /// The whole mapping (code, data, veneers).
    pub fn memory(&self) -> &ExecutableMemory {
        &self.memory
    }

    /// The function `name` as a function pointer of type `F`.
    ///
    /// # Safety
    ///
    /// `F` must be an `extern "C" fn` type (or another pointer-sized `Copy`
    /// type a code address may be transmuted to) whose signature is the
    /// one the code was compiled for, under the host's C calling
    /// convention. The pointer must not be called after this `JitCode` is
    /// dropped. Calling it runs arbitrary machine code: the caller vouches
    /// for what the code does.
    pub unsafe fn get_function<F: Copy>(&self, name: &str) -> Result<F, JitError> {
        let size = size_of::<F>();
        if size != size_of::<*const u8>() {
            return Err(JitError::NotPointerSized { size });
        }
        match self.symbols.get(name) {
            None => Err(JitError::NotFound(name.to_string())),
            Some((_, ItemKind::Data)) => Err(JitError::NotAFunction(name.to_string())),
            Some(&(offset, ItemKind::Function)) => {
                let pointer = self.memory.as_ptr().wrapping_add(offset);
                // SAFETY: `F` is pointer-sized (checked above); that it is a
                // function pointer of the right signature is the caller's
                // contract.
                Ok(unsafe { core::mem::transmute_copy::<*const u8, F>(&pointer) })
            }
        }
    }

    /// Calls `name` as an `extern "C" fn(i64, ...) -> i64` with 0 to 8
    /// arguments: the shape of most run tests.
    ///
    /// # Safety
    ///
    /// The function must have been compiled for exactly `args.len()`
    /// 64-bit integer arguments and a 64-bit integer result (or fewer
    /// result bits, read as the low bits), under the host's C calling
    /// convention; the same contract as [`JitCode::get_function`] otherwise.
    pub unsafe fn call_i64(&self, name: &str, args: &[i64]) -> Result<i64, JitError> {
        type F0 = extern "C" fn() -> i64;
        type F1 = extern "C" fn(i64) -> i64;
        type F2 = extern "C" fn(i64, i64) -> i64;
        type F3 = extern "C" fn(i64, i64, i64) -> i64;
        type F4 = extern "C" fn(i64, i64, i64, i64) -> i64;
        type F5 = extern "C" fn(i64, i64, i64, i64, i64) -> i64;
        type F6 = extern "C" fn(i64, i64, i64, i64, i64, i64) -> i64;
        type F7 = extern "C" fn(i64, i64, i64, i64, i64, i64, i64) -> i64;
        type F8 = extern "C" fn(i64, i64, i64, i64, i64, i64, i64, i64) -> i64;
        // SAFETY: each arm's signature matches the argument count; the
        // code's signature is the caller's contract.
        unsafe {
            Ok(match *args {
                [] => self.get_function::<F0>(name)?(),
                [a] => self.get_function::<F1>(name)?(a),
                [a, b] => self.get_function::<F2>(name)?(a, b),
                [a, b, c] => self.get_function::<F3>(name)?(a, b, c),
                [a, b, c, d] => self.get_function::<F4>(name)?(a, b, c, d),
                [a, b, c, d, e] => self.get_function::<F5>(name)?(a, b, c, d, e),
                [a, b, c, d, e, f] => self.get_function::<F6>(name)?(a, b, c, d, e, f),
                [a, b, c, d, e, f, g] => self.get_function::<F7>(name)?(a, b, c, d, e, f, g),
                [a, b, c, d, e, f, g, h] => self.get_function::<F8>(name)?(a, b, c, d, e, f, g, h),
                _ => return Err(JitError::TooManyArguments(args.len())),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machinst::asm_sink::SymbolRef;

    fn reloc(offset: u32, kind: RelocKind, symbol: u32, addend: i64) -> Reloc {
        Reloc {
            offset,
            kind,
            symbol: SymbolRef(symbol),
            addend,
        }
    }

    /// Declares (exported) and defines a function.
    fn function(
        m: &mut JitModule,
        name: &str,
        bytes: &[u8],
        relocs: &[Reloc],
        names: &[&str],
    ) -> Result<FuncId, JitError> {
        let id = m.declare_function(name, Linkage::Export)?;
        let code = RelocatedBytes {
            bytes,
            relocs,
            symbol_names: names,
        };
        m.define_function(id, &code, 1).map(|()| id)
    }

    /// Declares (local, read-only) and defines a data object.
    fn data(
        m: &mut JitModule,
        name: &str,
        bytes: &[u8],
        align: u64,
        relocs: &[Reloc],
        names: &[&str],
    ) -> Result<DataId, JitError> {
        let id = m.declare_data(name, Linkage::Local, DataDecl::read_only(align))?;
        let contents = RelocatedBytes {
            bytes,
            relocs,
            symbol_names: names,
        };
        m.define_data(id, &contents).map(|()| id)
    }

    #[test]
    fn definitions_are_checked_as_they_come() {
        let mut m = JitModule::new().expect("host");
        let kind = match m.arch() {
            JitArch::X86_64 => RelocKind::X86PcRel4,
            JitArch::Aarch64 => RelocKind::Aarch64Call26,
        };
        let f = function(&mut m, "f", &[0; 8], &[], &[]).expect("defines");
        assert_eq!(
            m.define_function(f, &RelocatedBytes::plain(&[0; 8]), 1),
            Err(JitError::DuplicateSymbol("f".into()))
        );
        assert_eq!(
            m.define_host_symbol("f", 8 as *const u8),
            Err(JitError::DuplicateSymbol("f".into()))
        );
        assert!(matches!(
            m.define_host_symbol("h", core::ptr::null()),
            Err(JitError::NullHostSymbol(_))
        ));
        assert!(matches!(
            function(&mut m, "g", &[0; 8], &[reloc(6, kind, 0, 0)], &["f"]),
            Err(JitError::RelocOutOfBounds(_))
        ));
        assert!(matches!(
            function(&mut m, "g", &[0; 8], &[reloc(0, kind, 1, 0)], &["f"]),
            Err(JitError::UnknownSymbolRef { symbol: 1, .. })
        ));
        let err = function(
            &mut m,
            "g",
            &[0; 8],
            &[reloc(0, RelocKind::S390xPlt32Dbl, 0, 0)],
            &["f"],
        )
        .expect_err("foreign kind");
        assert!(
            err.to_string()
                .starts_with("unsupported: relocation at `g`+0x0"),
            "{err}"
        );
        assert!(matches!(
            data(&mut m, "d", &[0; 8], 3, &[], &[]),
            Err(JitError::BadAlignment { align: 3, .. })
        ));
        let g = m.declare_function("g", Linkage::Export).expect("declares");
        let err = m
            .define_function(g, &RelocatedBytes::plain(&[0; 8]), 24)
            .expect_err("alignment");
        assert_eq!(
            err.to_string(),
            "function `g`: alignment 24 is not a power of two up to 4096"
        );
        // A failed definition binds nothing.
        function(&mut m, "g", &[0; 8], &[], &[]).expect("defines");
    }

    #[test]
    fn declarations_follow_the_module_rules() {
        let mut m = JitModule::new().expect("host");
        let f = m.declare_function("f", Linkage::Import).expect("declares");
        assert_eq!(m.declare_function("f", Linkage::Local), Ok(f));
        let err = m
            .declare_function("f", Linkage::Export)
            .expect_err("local then export");
        assert_eq!(
            err.to_string(),
            "`f` is declared twice incompatibly: first with Local linkage, then with Export"
        );
        let err = m
            .declare_data("f", Linkage::Local, DataDecl::read_only(8))
            .expect_err("function then data");
        assert_eq!(
            err.to_string(),
            "`f` is declared twice incompatibly: first as a function, then as read-only data"
        );
        let k = m
            .declare_data("k", Linkage::Local, DataDecl::read_only(8))
            .expect("declares");
        assert_eq!(
            m.define_function(FuncId(k.0), &RelocatedBytes::plain(&[0]), 1),
            Err(JitError::UnknownId {
                what: "function",
                index: k.0
            })
        );
        assert_eq!(
            m.define_data(DataId(99), &RelocatedBytes::plain(&[0])),
            Err(JitError::UnknownId {
                what: "data",
                index: 99
            })
        );
        // An import is a host symbol: it cannot be defined in the module,
        // and a host symbol cannot take a name the module defines.
        let puts = m
            .declare_function("puts", Linkage::Import)
            .expect("declares");
        assert_eq!(
            m.define_function(puts, &RelocatedBytes::plain(&[0]), 1),
            Err(JitError::DefiningImport("puts".into()))
        );
        m.define_host_symbol("puts", 8 as *const u8)
            .expect("imports are host symbols");
        assert_eq!(
            m.declare_function("puts", Linkage::Export),
            Err(JitError::DuplicateSymbol("puts".into()))
        );
        assert_eq!(
            m.define_host_symbol("k", 8 as *const u8),
            Err(JitError::DuplicateSymbol("k".into()))
        );
        // Writable data is refused with a way out.
        let w = m
            .declare_data("w", Linkage::Local, DataDecl::writable(8))
            .expect("declares");
        let err = m.define_zeroed_data(w, 8).expect_err("writable");
        assert!(
            err.to_string()
                .starts_with("unsupported: writable data `w`"),
            "{err}"
        );
        // `f`, `k` and `w` are local and still undefined.
        let err = m.finish().expect_err("undefined");
        assert_eq!(
            err.to_string(),
            "declared but never defined: `f`, `k`, `w` (declare them as imports or define them)"
        );
    }

    #[test]
    fn layout_aligns_items_and_appends_veneers_then_got_entries() {
        let mut m = JitModule::new().expect("host");
        function(&mut m, "a", &[0; 3], &[], &[]).expect("defines");
        data(&mut m, "b", &[0; 5], 64, &[], &[]).expect("defines");
        function(&mut m, "c", &[0; 1], &[], &[]).expect("defines");
        let layout = m.layout(2, 3).expect("fits");
        assert_eq!(layout.item_offsets, [0, 64, 80]);
        assert_eq!(layout.veneer_start, 96);
        assert_eq!(layout.got_start, 96 + 2 * VENEER_SIZE);
        assert_eq!(layout.total, 96 + 2 * VENEER_SIZE + 3 * 8);
    }

    #[test]
    fn every_unresolved_symbol_is_reported() {
        let mut m = JitModule::new().expect("host");
        let kind = RelocKind::Abs8;
        data(
            &mut m,
            "d",
            &[0; 16],
            8,
            &[reloc(0, kind, 0, 0), reloc(8, kind, 1, 0)],
            &["missing1", "missing2"],
        )
        .expect("defines");
        // Declared as an import but given no host address: unresolved too.
        m.declare_data("missing2", Linkage::Import, DataDecl::read_only(8))
            .expect("declares");
        let error = m.finish().expect_err("unresolved");
        let errors = error.errors();
        assert_eq!(errors.len(), 2);
        assert!(
            errors[1]
                .to_string()
                .contains("unresolved symbol `missing2`"),
            "{}",
            errors[1]
        );
        assert_eq!(
            error.to_string(),
            format!("{}\n{}", errors[0], errors[1]),
            "one line per problem"
        );
    }

    #[test]
    fn abs8_data_links_to_module_imported_and_host_symbols() {
        static HOST: u64 = 7;
        static IMPORTED: u64 = 9;
        let mut m = JitModule::new().expect("host");
        let kind = RelocKind::Abs8;
        data(
            &mut m,
            "table",
            &[0; 24],
            8,
            &[
                reloc(0, kind, 0, 4),
                reloc(8, kind, 1, 0),
                reloc(16, kind, 2, 0),
            ],
            &["other", "host", "imported"],
        )
        .expect("defines");
        let other = m
            .declare_data("other", Linkage::Export, DataDecl::read_only(1))
            .expect("declares");
        m.define_data(other, &RelocatedBytes::plain(&[1, 2, 3, 4, 5]))
            .expect("defines");
        m.define_host_symbol("host", (&raw const HOST).cast())
            .expect("defines");
        m.declare_data("imported", Linkage::Import, DataDecl::read_only(8))
            .expect("declares");
        m.define_host_symbol("imported", (&raw const IMPORTED).cast())
            .expect("defines");
        let code = m.finish().expect("links");
        let table = code.address("table").expect("defined");
        let other = code.address("other").expect("defined") as u64;
        // SAFETY: `table` is 24 readable bytes of the live mapping.
        let words: [u8; 24] = unsafe { *table.cast::<[u8; 24]>() };
        let word = |i: usize| u64::from_le_bytes(words[i * 8..i * 8 + 8].try_into().expect("8"));
        assert_eq!(word(0), other + 4);
        assert_eq!(word(1), (&raw const HOST) as u64);
        assert_eq!(word(2), (&raw const IMPORTED) as u64);
        // SAFETY: the type is pointer-sized; it is never called.
        let data = unsafe { code.get_function::<extern "C" fn()>("table") };
        assert_eq!(data.err(), Some(JitError::NotAFunction("table".into())));
        let missing = unsafe { code.get_function::<extern "C" fn()>("nope") };
        assert_eq!(missing.err(), Some(JitError::NotFound("nope".into())));
    }
}
