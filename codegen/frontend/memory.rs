//! Memory helpers: copying and filling memory, inline when small, through
//! the C library otherwise.
//!
//! `emit_small_memory_copy` and `emit_small_memset` take a size known at
//! compile time. When it splits into at most [`MAX_INLINE_ACCESSES`]
//! naturally aligned integer accesses, they emit loads and stores; else a
//! call to `memcpy`/`memmove`/`memset`. The split is greedy: at each offset
//! the widest power-of-two chunk that fits the remaining size, the known
//! alignment of the pointers and the pointer width (the widest integer
//! every backend loads in one instruction). Because chunks shrink
//! monotonically and start at offset 0, every chunk is naturally aligned
//! when the pointer has the stated alignment, so the accesses carry the
//! `aligned` flag. An inline copy loads every chunk before storing any, so
//! it is also correct for overlapping buffers.
//!
//! The `call_*` helpers call the routines of the C library, imported as
//! external functions named by [`LibCall`] (`%Memcpy`, …; object output
//! maps them to `memcpy`, …) with their C signatures, once per function.

use super::{FrontendError, FunctionBuilder};
use crate::ir::types::{self, Type};
use crate::ir::{
    AbiParam, CallConv, ExtFuncData, ExternalName, FuncRef, Inst, InstBuilder, LibCall, MemFlags,
    Signature, Value,
};
use smallvec::SmallVec;

/// What the helpers need to know about the target: the calling convention
/// of library calls and the type of a pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TargetFrontendConfig {
    /// The calling convention of calls the helpers emit.
    pub default_call_conv: CallConv,
    /// The type of an address: `i64` or `i32`.
    pub pointer_type: Type,
}

impl TargetFrontendConfig {
    /// The size of a pointer in bytes.
    pub fn pointer_bytes(&self) -> u32 {
        self.pointer_type.bytes()
    }

    fn check(&self) -> Result<(), FrontendError> {
        match self.pointer_type {
            types::I32 | types::I64 => Ok(()),
            other => Err(FrontendError::Unsupported(format!(
                "pointer type `{other}` (expected `i32` or `i64`)"
            ))),
        }
    }
}

/// The most loads (and as many stores) an inline copy uses, or stores an
/// inline fill; larger sizes become library calls.
pub const MAX_INLINE_ACCESSES: usize = 4;

/// One access of an inline copy or fill: its offset and integer type.
type Chunk = (i32, Type);

/// Splits `size` bytes into naturally aligned chunks no wider than
/// `max_width` (a power of two), or `None` if that takes more than
/// [`MAX_INLINE_ACCESSES`] accesses.
fn plan_chunks(size: u64, max_width: u64) -> Option<SmallVec<[Chunk; MAX_INLINE_ACCESSES]>> {
    let mut chunks = SmallVec::new();
    let mut offset = 0u64;
    let mut width = max_width;
    while offset < size {
        while width > size - offset {
            width /= 2;
        }
        if chunks.len() == MAX_INLINE_ACCESSES {
            return None;
        }
        let ty = Type::int_with_byte_size(u32::try_from(width).ok()?)?;
        chunks.push((i32::try_from(offset).ok()?, ty));
        offset += width;
    }
    Some(chunks)
}

/// The largest power of two dividing `align` (1 for 0): the alignment a
/// pointer stated to be `align`-aligned certainly has.
fn effective_align(align: u8) -> u64 {
    if align == 0 {
        1
    } else {
        u64::from(align & align.wrapping_neg())
    }
}

/// `byte` repeated over `width` bytes, as an `iconst` immediate.
fn splat_byte(byte: u8, width: u32) -> i64 {
    let mut pattern = 0u64;
    for _ in 0..width {
        pattern = pattern << 8 | u64::from(byte);
    }
    pattern as i64
}

impl FunctionBuilder<'_> {
    /// Copies `size` bytes from `src` to `dest`: inline loads and stores
    /// when `size` splits into at most [`MAX_INLINE_ACCESSES`] naturally
    /// aligned chunks no wider than a pointer (all loads come before the
    /// stores, so overlap is fine), else a call to `memcpy`
    /// (`non_overlapping`) or `memmove`. `dest_align` and `src_align` are
    /// alignments the pointers are known to have (0 counts as 1).
    #[allow(clippy::too_many_arguments)]
    pub fn emit_small_memory_copy(
        &mut self,
        config: TargetFrontendConfig,
        dest: Value,
        src: Value,
        size: u64,
        dest_align: u8,
        src_align: u8,
        non_overlapping: bool,
        flags: MemFlags,
    ) -> Result<(), FrontendError> {
        config.check()?;
        self.check_pointer(config, "copy destination", dest)?;
        self.check_pointer(config, "copy source", src)?;
        self.try_ins()?;
        let align = effective_align(dest_align).min(effective_align(src_align));
        let max_width = align.min(u64::from(config.pointer_bytes()));
        let Some(chunks) = plan_chunks(size, max_width) else {
            let size = self.size_const(config, size)?;
            if non_overlapping {
                self.call_memcpy(config, dest, src, size)?;
            } else {
                self.call_memmove(config, dest, src, size)?;
            }
            return Ok(());
        };
        let mut flags = flags;
        flags.set_aligned();
        let loaded: SmallVec<[Value; MAX_INLINE_ACCESSES]> = chunks
            .iter()
            .map(|&(offset, ty)| self.ins().load(ty, flags, src, offset))
            .collect();
        for (&(offset, _), value) in chunks.iter().zip(loaded) {
            self.ins().store(flags, value, dest, offset);
        }
        Ok(())
    }

    /// Fills `size` bytes at `buffer` with `byte`: inline stores when
    /// `size` splits into at most [`MAX_INLINE_ACCESSES`] naturally aligned
    /// chunks no wider than a pointer, else a call to `memset`.
    /// `buffer_align` is an alignment the pointer is known to have.
    pub fn emit_small_memset(
        &mut self,
        config: TargetFrontendConfig,
        buffer: Value,
        byte: u8,
        size: u64,
        buffer_align: u8,
        flags: MemFlags,
    ) -> Result<(), FrontendError> {
        config.check()?;
        self.check_pointer(config, "memset buffer", buffer)?;
        self.try_ins()?;
        let max_width = effective_align(buffer_align).min(u64::from(config.pointer_bytes()));
        let Some(chunks) = plan_chunks(size, max_width) else {
            let size = self.size_const(config, size)?;
            let fill = self.ins().iconst(types::I32, i64::from(byte));
            self.call_memset(config, buffer, fill, size)?;
            return Ok(());
        };
        let mut flags = flags;
        flags.set_aligned();
        // One constant per chunk width, made on first use.
        let mut patterns: SmallVec<[(Type, Value); 4]> = SmallVec::new();
        for (offset, ty) in chunks {
            let pattern = match patterns.iter().find(|(t, _)| *t == ty) {
                Some(&(_, v)) => v,
                None => {
                    let v = self.ins().iconst(ty, splat_byte(byte, ty.bytes()));
                    patterns.push((ty, v));
                    v
                }
            };
            self.ins().store(flags, pattern, buffer, offset);
        }
        Ok(())
    }

    /// Calls `memcpy(dest, src, size)`. `size` is an integer no wider than
    /// a pointer (zero-extended).
    pub fn call_memcpy(
        &mut self,
        config: TargetFrontendConfig,
        dest: Value,
        src: Value,
        size: Value,
    ) -> Result<Inst, FrontendError> {
        self.call_copy_routine(config, LibCall::Memcpy, dest, src, size)
    }

    /// Calls `memmove(dest, src, size)`: like `memcpy`, for buffers that
    /// may overlap.
    pub fn call_memmove(
        &mut self,
        config: TargetFrontendConfig,
        dest: Value,
        src: Value,
        size: Value,
    ) -> Result<Inst, FrontendError> {
        self.call_copy_routine(config, LibCall::Memmove, dest, src, size)
    }

    /// Calls `memset(buffer, byte, size)`. `byte` is an integer of at most
    /// 64 bits (its low byte is stored), `size` an integer no wider than a
    /// pointer.
    pub fn call_memset(
        &mut self,
        config: TargetFrontendConfig,
        buffer: Value,
        byte: Value,
        size: Value,
    ) -> Result<Inst, FrontendError> {
        config.check()?;
        self.check_pointer(config, "memset buffer", buffer)?;
        let byte_ty = self.func.dfg.value_type(byte);
        let byte = match byte_ty {
            types::I32 => byte,
            types::I8 | types::I16 => self.try_ins()?.uextend(types::I32, byte),
            types::I64 => self.try_ins()?.ireduce(types::I32, byte),
            found => {
                return Err(FrontendError::OperandType {
                    what: "memset byte",
                    value: byte,
                    found,
                    expected: "an integer of at most 64 bits",
                });
            }
        };
        let size = self.size_operand(config, "memset size", size)?;
        let ptr = config.pointer_type;
        let callee = self.import_libcall(config, LibCall::Memset, &[ptr, types::I32, ptr]);
        Ok(self.try_ins()?.call(callee, &[buffer, byte, size]))
    }

    fn call_copy_routine(
        &mut self,
        config: TargetFrontendConfig,
        routine: LibCall,
        dest: Value,
        src: Value,
        size: Value,
    ) -> Result<Inst, FrontendError> {
        config.check()?;
        self.check_pointer(config, "copy destination", dest)?;
        self.check_pointer(config, "copy source", src)?;
        let size = self.size_operand(config, "copy size", size)?;
        let ptr = config.pointer_type;
        let callee = self.import_libcall(config, routine, &[ptr, ptr, ptr]);
        Ok(self.try_ins()?.call(callee, &[dest, src, size]))
    }

    fn check_pointer(
        &self,
        config: TargetFrontendConfig,
        what: &'static str,
        value: Value,
    ) -> Result<(), FrontendError> {
        let found = self.func.dfg.value_type(value);
        if found == config.pointer_type {
            Ok(())
        } else {
            Err(FrontendError::OperandType {
                what,
                value,
                found,
                expected: "the pointer type",
            })
        }
    }

    /// `size` as a pointer-sized integer (zero-extended if narrower).
    fn size_operand(
        &mut self,
        config: TargetFrontendConfig,
        what: &'static str,
        size: Value,
    ) -> Result<Value, FrontendError> {
        let found = self.func.dfg.value_type(size);
        if found == config.pointer_type {
            return Ok(size);
        }
        if found.is_lane() && found.is_int() && found.bits() < config.pointer_type.bits() {
            return Ok(self.try_ins()?.uextend(config.pointer_type, size));
        }
        Err(FrontendError::OperandType {
            what,
            value: size,
            found,
            expected: "an integer no wider than a pointer",
        })
    }

    /// A pointer-sized constant `size`.
    fn size_const(
        &mut self,
        config: TargetFrontendConfig,
        size: u64,
    ) -> Result<Value, FrontendError> {
        if config.pointer_type.bits() < 64 && size >> config.pointer_type.bits() != 0 {
            return Err(FrontendError::Unsupported(format!(
                "a size of {size} bytes with `{}` pointers",
                config.pointer_type
            )));
        }
        Ok(self.try_ins()?.iconst(config.pointer_type, size as i64))
    }

    /// The external function `routine` with C signature `params -> pointer`
    /// (what `memcpy`, `memmove` and `memset` return), imported once, with
    /// an equal signature reused if the function has one.
    fn import_libcall(
        &mut self,
        config: TargetFrontendConfig,
        routine: LibCall,
        params: &[Type],
    ) -> FuncRef {
        let mut signature = Signature::new(config.default_call_conv);
        signature
            .params
            .extend(params.iter().map(|&ty| AbiParam::new(ty)));
        signature.returns.push(AbiParam::new(config.pointer_type));
        let name = ExternalName::LibCall(routine);
        let dfg = &self.func.dfg;
        let existing = dfg.ext_funcs.iter().find(|(_, data)| {
            data.name == name && dfg.signatures.get(data.signature) == Some(&signature)
        });
        if let Some((callee, _)) = existing {
            return callee;
        }
        let known = self
            .func
            .dfg
            .signatures
            .iter()
            .find(|(_, s)| **s == signature);
        let signature = match known {
            Some((sig_ref, _)) => sig_ref,
            None => self.func.import_signature(signature),
        };
        self.func.import_function(ExtFuncData {
            name,
            signature,
            colocated: false,
            patchable: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_widest_aligned_and_bounded() {
        let widths = |size, max| {
            plan_chunks(size, max)
                .map(|c| c.iter().map(|&(o, t)| (o, t.bytes())).collect::<Vec<_>>())
        };
        assert_eq!(widths(0, 8), Some(vec![]));
        assert_eq!(widths(16, 8), Some(vec![(0, 8), (8, 8)]));
        assert_eq!(widths(15, 8), Some(vec![(0, 8), (8, 4), (12, 2), (14, 1)]));
        assert_eq!(widths(9, 2), None, "four 2-byte chunks and a byte");
        assert_eq!(widths(7, 2), Some(vec![(0, 2), (2, 2), (4, 2), (6, 1)]));
        assert_eq!(widths(6, 2), Some(vec![(0, 2), (2, 2), (4, 2)]));
        assert_eq!(widths(32, 8).map(|c| c.len()), Some(4));
        assert_eq!(widths(33, 8), None);
        assert_eq!(widths(3, 1), Some(vec![(0, 1), (1, 1), (2, 1)]));
        assert_eq!(widths(u64::MAX, 8), None);
    }

    #[test]
    fn alignment_and_byte_patterns() {
        assert_eq!(effective_align(0), 1);
        assert_eq!(effective_align(8), 8);
        assert_eq!(effective_align(12), 4);
        assert_eq!(splat_byte(0xab, 1), 0xab);
        assert_eq!(splat_byte(0x01, 4), 0x0101_0101);
        assert_eq!(splat_byte(0xff, 8), -1);
    }
}
