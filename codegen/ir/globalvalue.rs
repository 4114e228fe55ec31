//! Global values: addresses computed once per function from the VM context
//! or from symbols.
//!
//! Text forms: `vmctx`, `load.i64 notrap aligned gv0+8`,
//! `iadd_imm.i64 gv0, 16`, `symbol colocated tls %name+8`,
//! `dyn_scale_target_const.i32x4`.

use super::entities::GlobalValue;
use super::extfunc::{ExternalName, FunctionParameters};
use super::immediates::{Imm64, Offset32};
use super::memflags::MemFlags;
use super::types::Type;
use core::fmt;

/// How a global value is computed.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum GlobalValueData {
    /// The VM context parameter of the function.
    VMContext,
    /// A load from `base + offset`.
    Load {
        /// The address global value.
        base: GlobalValue,
        /// Byte offset added to `base`.
        offset: Offset32,
        /// Type loaded.
        global_type: Type,
        /// Flags of the load.
        flags: MemFlags,
    },
    /// `base + offset`.
    IAddImm {
        /// The global value added to.
        base: GlobalValue,
        /// The constant added.
        offset: Imm64,
        /// Result type.
        global_type: Type,
    },
    /// The address of a symbol plus an offset.
    Symbol {
        /// The symbol.
        name: ExternalName,
        /// Byte offset.
        offset: Imm64,
        /// Is the symbol in the same compilation unit?
        colocated: bool,
        /// Is it a thread-local symbol?
        tls: bool,
    },
    /// The target's scale of a dynamic vector type.
    DynScaleTargetConst {
        /// The base vector type.
        vector_type: Type,
    },
}

impl GlobalValueData {
    /// The type of the value, given the pointer type of the target.
    pub fn global_type(&self, pointer_type: Type) -> Type {
        match self {
            GlobalValueData::VMContext
            | GlobalValueData::Symbol { .. }
            | GlobalValueData::DynScaleTargetConst { .. } => pointer_type,
            GlobalValueData::Load { global_type, .. }
            | GlobalValueData::IAddImm { global_type, .. } => *global_type,
        }
    }

    /// A printable form; user names print as `uN:M` when `params` is given.
    pub fn display<'a>(&'a self, params: Option<&'a FunctionParameters>) -> impl fmt::Display + 'a {
        DisplayGlobalValue { data: self, params }
    }
}

struct DisplayGlobalValue<'a> {
    data: &'a GlobalValueData,
    params: Option<&'a FunctionParameters>,
}

impl fmt::Display for DisplayGlobalValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.data {
            GlobalValueData::VMContext => f.write_str("vmctx"),
            GlobalValueData::Load {
                base,
                offset,
                global_type,
                flags,
            } => {
                write!(f, "load.{global_type}{flags} {base}{offset}")
            }
            GlobalValueData::IAddImm {
                base,
                offset,
                global_type,
            } => {
                write!(f, "iadd_imm.{global_type} {base}, {offset}")
            }
            GlobalValueData::Symbol {
                name,
                offset,
                colocated,
                tls,
            } => {
                f.write_str("symbol ")?;
                if *colocated {
                    f.write_str("colocated ")?;
                }
                if *tls {
                    f.write_str("tls ")?;
                }
                write!(f, "{}", name.display(self.params))?;
                let off = offset.bits();
                if off > 0 {
                    write!(f, "+{offset}")?;
                } else if off < 0 {
                    write!(f, "{offset}")?;
                }
                Ok(())
            }
            GlobalValueData::DynScaleTargetConst { vector_type } => {
                write!(f, "dyn_scale_target_const.{vector_type}")
            }
        }
    }
}

impl fmt::Display for GlobalValueData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display(None).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityRef;
    use crate::ir::types::{I32X4, I64};

    #[test]
    fn text_forms() {
        let gv0 = GlobalValue::new(0);
        assert_eq!(GlobalValueData::VMContext.to_string(), "vmctx");
        let load = GlobalValueData::Load {
            base: gv0,
            offset: Offset32::new(8),
            global_type: I64,
            flags: MemFlags::trusted(),
        };
        assert_eq!(load.to_string(), "load.i64 notrap aligned gv0+8");
        let add = GlobalValueData::IAddImm {
            base: gv0,
            offset: Imm64::new(-16),
            global_type: I64,
        };
        assert_eq!(add.to_string(), "iadd_imm.i64 gv0, -16");
        let sym = GlobalValueData::Symbol {
            name: ExternalName::from_percent_name("x"),
            offset: Imm64::new(-4),
            colocated: true,
            tls: true,
        };
        assert_eq!(sym.to_string(), "symbol colocated tls %x-4");
        let sym0 = GlobalValueData::Symbol {
            name: ExternalName::from_percent_name("x"),
            offset: Imm64::new(0),
            colocated: false,
            tls: false,
        };
        assert_eq!(sym0.to_string(), "symbol %x");
        assert_eq!(
            GlobalValueData::DynScaleTargetConst { vector_type: I32X4 }.to_string(),
            "dyn_scale_target_const.i32x4"
        );
    }
}
