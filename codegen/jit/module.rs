//! A JIT module: several functions (and read-only data objects) linked
//! together and to host symbols, in one mapping.
//!
//! [`JitModule`] collects definitions and checks each relocation as it
//! comes (field inside the item, `SymbolRef` in the item's name table,
//! kind of the host ISA). [`JitModule::finalize`] then:
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
//! an absolute `Abs8` relocation.
//!
//! The output is deterministic: layout follows definition order and
//! veneers are ordered by target address.

use std::collections::BTreeMap;

use crate::machinst::asm_sink::{Reloc, RelocKind};

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

/// What a name is bound to.
#[derive(Clone, Copy, Debug)]
enum Definition {
    /// An item of the module, by index.
    Item(usize),
    /// A host address.
    Host(u64),
}

/// Functions and data being put together; see the module docs.
#[derive(Debug)]
pub struct JitModule {
    arch: JitArch,
    items: Vec<Item>,
    names: BTreeMap<String, Definition>,
}

impl JitModule {
    /// An empty module for the host ISA.
    pub fn new() -> Result<Self, JitError> {
        let arch = JitArch::host().ok_or(JitError::UnsupportedHost)?;
        Ok(Self {
            arch,
            items: Vec::new(),
            names: BTreeMap::new(),
        })
    }

    /// The ISA the module's code must be for.
    pub fn arch(&self) -> JitArch {
        self.arch
    }

    /// Binds `name` to a host address (an `extern "C"` function, or data).
    pub fn define_host_symbol(&mut self, name: &str, address: *const u8) -> Result<(), JitError> {
        if address.is_null() {
            return Err(JitError::NullHostSymbol(name.to_string()));
        }
        self.bind(name, Definition::Host(address as u64))
    }

    /// Adds a function: its machine code, its relocations, and the names of
    /// the symbols its relocations refer to (`symbol_names[r.symbol.0]`).
    pub fn define_function(
        &mut self,
        name: &str,
        code: &[u8],
        relocs: &[Reloc],
        symbol_names: &[&str],
    ) -> Result<(), JitError> {
        self.define_item(
            name,
            ItemKind::Function,
            code,
            FUNCTION_ALIGN,
            relocs,
            symbol_names,
        )
    }

    /// Adds a read-only data object (constants, jump tables), aligned to
    /// `align` (a power of two up to 4096), with its relocations.
    pub fn define_data(
        &mut self,
        name: &str,
        bytes: &[u8],
        align: u64,
        relocs: &[Reloc],
        symbol_names: &[&str],
    ) -> Result<(), JitError> {
        if !align.is_power_of_two() || align > MAX_DATA_ALIGN {
            return Err(JitError::BadAlignment {
                item: name.to_string(),
                align,
            });
        }
        self.define_item(name, ItemKind::Data, bytes, align, relocs, symbol_names)
    }

    fn define_item(
        &mut self,
        name: &str,
        kind: ItemKind,
        bytes: &[u8],
        align: u64,
        relocs: &[Reloc],
        symbol_names: &[&str],
    ) -> Result<(), JitError> {
        if self.names.contains_key(name) {
            return Err(JitError::DuplicateSymbol(name.to_string()));
        }
        for r in relocs {
            let site = RelocSite {
                item: name.to_string(),
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
            if end > bytes.len() as u64 {
                return Err(JitError::RelocOutOfBounds(site));
            }
            if r.symbol.0 as usize >= symbol_names.len() {
                return Err(JitError::UnknownSymbolRef {
                    site,
                    symbol: r.symbol.0,
                });
            }
        }
        self.bind(name, Definition::Item(self.items.len()))?;
        self.items.push(Item {
            name: name.to_string(),
            kind,
            bytes: bytes.to_vec(),
            align,
            relocs: relocs.to_vec(),
            symbol_names: symbol_names.iter().map(|s| s.to_string()).collect(),
        });
        Ok(())
    }

    fn bind(&mut self, name: &str, definition: Definition) -> Result<(), JitError> {
        if self.names.contains_key(name) {
            return Err(JitError::DuplicateSymbol(name.to_string()));
        }
        self.names.insert(name.to_string(), definition);
        Ok(())
    }

    /// Links the module into executable memory; returns every problem
    /// found (unresolved names, relocations out of range) otherwise.
    pub fn finalize(self) -> Result<JitCode, Vec<JitError>> {
        let mut errors = Vec::new();

        // 1. Resolve names; reserve a veneer per far call target.
        let mut veneers: BTreeMap<u64, usize> = BTreeMap::new();
        let mut resolved: Vec<Vec<Option<Definition>>> = Vec::with_capacity(self.items.len());
        for item in &self.items {
            let mut targets = Vec::with_capacity(item.relocs.len());
            for r in &item.relocs {
                let name = &item.symbol_names[r.symbol.0 as usize];
                let definition = self.names.get(name).copied();
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

        // 2. Layout.
        let layout = match self.layout(veneers.len()) {
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
                let value = symbol_address.wrapping_add(r.addend as u64);
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
    fn layout(&self, veneer_count: usize) -> Option<Layout> {
        let mut offset = 0usize;
        let mut item_offsets = Vec::with_capacity(self.items.len());
        for item in &self.items {
            offset = offset.checked_next_multiple_of(item.align as usize)?;
            item_offsets.push(offset);
            offset = offset.checked_add(item.bytes.len())?;
        }
        let veneer_start = offset.checked_next_multiple_of(VENEER_SIZE)?;
        let total = veneer_start.checked_add(veneer_count.checked_mul(VENEER_SIZE)?)?;
        // Keep every offset a non-negative `isize` (pointer arithmetic).
        isize::try_from(total).ok()?;
        Some(Layout {
            item_offsets,
            veneer_start,
            total,
        })
    }
}

/// Where everything goes in the mapping.
struct Layout {
    item_offsets: Vec<usize>,
    veneer_start: usize,
    total: usize,
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

    #[test]
    fn definitions_are_checked_as_they_come() {
        let mut m = JitModule::new().expect("host");
        let kind = match m.arch() {
            JitArch::X86_64 => RelocKind::X86PcRel4,
            JitArch::Aarch64 => RelocKind::Aarch64Call26,
        };
        m.define_function("f", &[0; 8], &[], &[]).expect("defines");
        assert_eq!(
            m.define_function("f", &[0; 8], &[], &[]),
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
            m.define_function("g", &[0; 8], &[reloc(6, kind, 0, 0)], &["f"]),
            Err(JitError::RelocOutOfBounds(_))
        ));
        assert!(matches!(
            m.define_function("g", &[0; 8], &[reloc(0, kind, 1, 0)], &["f"]),
            Err(JitError::UnknownSymbolRef { symbol: 1, .. })
        ));
        let err = m
            .define_function(
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
            m.define_data("d", &[0; 8], 3, &[], &[]),
            Err(JitError::BadAlignment { align: 3, .. })
        ));
        // A failed definition binds nothing.
        m.define_function("g", &[0; 8], &[], &[]).expect("defines");
    }

    #[test]
    fn layout_aligns_items_and_appends_veneers() {
        let mut m = JitModule::new().expect("host");
        m.define_function("a", &[0; 3], &[], &[]).expect("defines");
        m.define_data("b", &[0; 5], 64, &[], &[]).expect("defines");
        m.define_function("c", &[0; 1], &[], &[]).expect("defines");
        let layout = m.layout(2).expect("fits");
        assert_eq!(layout.item_offsets, [0, 64, 80]);
        assert_eq!(layout.veneer_start, 96);
        assert_eq!(layout.total, 96 + 2 * VENEER_SIZE);
    }

    #[test]
    fn every_unresolved_symbol_is_reported() {
        let mut m = JitModule::new().expect("host");
        let kind = RelocKind::Abs8;
        m.define_data(
            "d",
            &[0; 16],
            8,
            &[reloc(0, kind, 0, 0), reloc(8, kind, 1, 0)],
            &["missing1", "missing2"],
        )
        .expect("defines");
        let errors = m.finalize().expect_err("unresolved");
        assert_eq!(errors.len(), 2);
        assert!(
            errors[1]
                .to_string()
                .contains("unresolved symbol `missing2`"),
            "{}",
            errors[1]
        );
    }

    #[test]
    fn abs8_data_links_to_module_and_host_symbols() {
        static HOST: u64 = 7;
        let mut m = JitModule::new().expect("host");
        let kind = RelocKind::Abs8;
        m.define_data(
            "table",
            &[0; 16],
            8,
            &[reloc(0, kind, 0, 4), reloc(8, kind, 1, 0)],
            &["other", "host"],
        )
        .expect("defines");
        m.define_data("other", &[1, 2, 3, 4, 5], 1, &[], &[])
            .expect("defines");
        m.define_host_symbol("host", (&raw const HOST).cast())
            .expect("defines");
        let code = m.finalize().expect("links");
        let table = code.address("table").expect("defined");
        let other = code.address("other").expect("defined") as u64;
        // SAFETY: `table` is 16 readable bytes of the live mapping.
        let words: [u8; 16] = unsafe { *table.cast::<[u8; 16]>() };
        assert_eq!(
            u64::from_le_bytes(words[..8].try_into().expect("8")),
            other + 4
        );
        assert_eq!(
            u64::from_le_bytes(words[8..].try_into().expect("8")),
            (&raw const HOST) as u64
        );
        // SAFETY: the type is pointer-sized; it is never called.
        let data = unsafe { code.get_function::<extern "C" fn()>("table") };
        assert_eq!(data.err(), Some(JitError::NotAFunction("table".into())));
        let missing = unsafe { code.get_function::<extern "C" fn()>("nope") };
        assert_eq!(missing.err(), Some(JitError::NotFound("nope".into())));
    }
}
