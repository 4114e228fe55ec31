//! Code memory with a write-then-execute life cycle.
//!
//! [`JitMemory`] is an anonymous private mapping, readable and writable,
//! never executable: code is copied in and patched there.
//! [`JitMemory::make_executable`] consumes it and turns the same pages
//! read + execute (one `mprotect`), never writable again, and flushes the
//! instruction cache where the ISA needs it. So no page is ever writable
//! and executable at once (W^X). [`ExecutableMemory`] unmaps on drop.
//!
//! Mapping goes through `memmap2`; this module is the only one that
//! touches page protections.

use memmap2::{Mmap, MmapMut};

use super::JitError;

/// Writable, non-executable code memory.
#[derive(Debug)]
pub struct JitMemory {
    map: MmapMut,
}

impl JitMemory {
    /// Maps `len` bytes (at least one; rounded up to whole pages by the
    /// system) of zeroed read + write memory.
    pub fn new(len: usize) -> Result<Self, JitError> {
        let map = MmapMut::map_anon(len.max(1)).map_err(|e| JitError::Memory {
            operation: "map",
            message: e.to_string(),
        })?;
        Ok(Self { map })
    }

    /// Runtime address of the first byte.
    pub fn base(&self) -> u64 {
        self.map.as_ptr() as u64
    }

    /// The bytes, to copy code in and patch it.
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.map
    }

    /// Makes the memory read + execute (dropping write access) and flushes
    /// the instruction cache over it.
    pub fn make_executable(self) -> Result<ExecutableMemory, JitError> {
        let map = self.map.make_exec().map_err(|e| JitError::Memory {
            operation: "make executable",
            message: e.to_string(),
        })?;
        flush_instruction_cache(map.as_ptr(), map.len());
        Ok(ExecutableMemory { map })
    }
}

/// Read + execute code memory, unmapped on drop.
#[derive(Debug)]
pub struct ExecutableMemory {
    map: Mmap,
}

impl ExecutableMemory {
    /// Runtime address of the first byte.
    pub fn as_ptr(&self) -> *const u8 {
        self.map.as_ptr()
    }

    /// Length of the mapping as requested (the system maps whole pages).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the mapping is empty (never: at least one byte is mapped).
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The code, for inspection.
    pub fn bytes(&self) -> &[u8] {
        &self.map
    }
}

/// x86-64 keeps instruction fetch coherent with data writes: nothing to do.
#[cfg(not(target_arch = "aarch64"))]
fn flush_instruction_cache(_start: *const u8, _len: usize) {}

/// aarch64 does not: clean the data cache to the point of unification,
/// invalidate the instruction cache over the range, then synchronize
/// (Arm ARM B2.4.4, "Concurrent modification and execution of
/// instructions"). Line sizes come from `CTR_EL0`, readable at EL0 on Linux.
///
/// Other threads that already run in this range would also need a context
/// synchronization event; fresh JIT code has none running there yet.
#[cfg(target_arch = "aarch64")]
fn flush_instruction_cache(start: *const u8, len: usize) {
    use core::arch::asm;
    let start = start as usize;
    let end = start + len;
    let ctr: u64;
    // SAFETY: reading CTR_EL0 has no side effects; Linux enables EL0 access.
    unsafe { asm!("mrs {}, ctr_el0", out(reg) ctr, options(nomem, nostack, preserves_flags)) };
    let dline = 4usize << ((ctr >> 16) & 0xf);
    let iline = 4usize << (ctr & 0xf);
    let mut addr = start & !(dline - 1);
    while addr < end {
        // SAFETY: the range is mapped and readable; `dc cvau` only cleans.
        unsafe { asm!("dc cvau, {}", in(reg) addr, options(nostack, preserves_flags)) };
        addr += dline;
    }
    // SAFETY: barriers have no operands.
    unsafe { asm!("dsb ish", options(nostack, preserves_flags)) };
    let mut addr = start & !(iline - 1);
    while addr < end {
        // SAFETY: the range is mapped; `ic ivau` only invalidates.
        unsafe { asm!("ic ivau, {}", in(reg) addr, options(nostack, preserves_flags)) };
        addr += iline;
    }
    // SAFETY: barriers have no operands.
    unsafe { asm!("dsb ish", "isb", options(nostack, preserves_flags)) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_survive_the_protection_change() {
        let mut memory = JitMemory::new(100).expect("maps");
        let base = memory.base();
        memory.bytes_mut()[..3].copy_from_slice(&[1, 2, 3]);
        let exec = memory.make_executable().expect("mprotect");
        assert_eq!(exec.as_ptr() as u64, base);
        assert_eq!(&exec.bytes()[..4], &[1, 2, 3, 0]);
        assert_eq!(exec.len(), 100);
    }

    #[test]
    fn zero_length_maps_one_byte() {
        let exec = JitMemory::new(0)
            .and_then(JitMemory::make_executable)
            .expect("maps");
        assert!(!exec.is_empty());
    }
}
