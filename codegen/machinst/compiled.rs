//! The result of compiling one function, whatever the target.

use super::asm_sink::Reloc;
use super::buffer::MachTrap;
use super::timing::PassTimes;

/// How hard the backend works.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OptLevel {
    /// Fast compilation: the single-pass register allocator.
    None,
    /// Good code: the backtracking register allocator.
    #[default]
    Speed,
}

/// A compiled function: machine code and what is needed to place it.
#[derive(Clone, Debug)]
pub struct CompiledCode {
    /// The machine code; label fields patched, relocated fields holding
    /// what the encoder left (the addend lives in the relocation).
    pub bytes: Vec<u8>,
    /// Relocations by offset; `SymbolRef(i)` names `symbols[i]`.
    pub relocs: Vec<Reloc>,
    /// Trap sites by offset.
    pub traps: Vec<MachTrap>,
    /// Byte ranges `start..end` of `bytes` that are data (pool constants,
    /// jump tables), not instructions.
    pub data_ranges: Vec<(u32, u32)>,
    /// Bytes of stack the function uses below its return address.
    pub frame_size: u32,
    /// The alignment the code's start needs.
    pub alignment: u32,
    /// The names relocations refer to.
    pub symbols: Vec<String>,
    /// The final instructions as our printer shows them, if asked for.
    pub disassembly: Option<String>,
    /// The lowered code before register allocation, if asked for.
    pub vcode: Option<String>,
    /// The target's name.
    pub target: &'static str,
    /// Time spent in each phase of compiling this function.
    pub timing: PassTimes,
}

impl CompiledCode {
    /// The symbol names as the module API takes them.
    pub fn symbol_names(&self) -> Vec<&str> {
        self.symbols.iter().map(String::as_str).collect()
    }

    /// Defines this code as function `id` of `module`.
    pub fn define_in<M: crate::module::Module>(
        &self,
        module: &mut M,
        id: crate::module::FuncId,
    ) -> Result<(), M::Error> {
        let names = self.symbol_names();
        let bytes = crate::module::RelocatedBytes {
            bytes: &self.bytes,
            relocs: &self.relocs,
            symbol_names: &names,
        };
        module.define_function(id, &bytes, u64::from(self.alignment))
    }
}
