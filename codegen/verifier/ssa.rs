//! SSA checks: every value an instruction uses is defined, and its
//! definition dominates the use.
//!
//! A use by a branch (block-call argument) is at the branch. A result
//! dominates a use when its instruction comes first in the same block or
//! its block dominates the use's block; a block parameter when its block
//! dominates the use's block. Uses in unreachable blocks are checked for
//! definition but not for dominance.

use super::Verifier;
use crate::ir::{Block, Inst, Value, ValueDef};

impl Verifier<'_> {
    /// Checks the values `inst` (in `block`) uses. Returns false if some
    /// value is undefined (type checks would then be meaningless).
    pub(crate) fn check_inst_values(&mut self, inst: Inst, block: Block) -> bool {
        let func = self.func;
        let mut all_defined = true;
        for v in func.dfg.inst_values(inst) {
            if !self.check_use(inst, block, v) {
                all_defined = false;
            }
        }
        all_defined
    }

    fn check_use(&mut self, inst: Inst, block: Block, v: Value) -> bool {
        let func = self.func;
        let dfg = &func.dfg;
        if !dfg.value_is_valid(v) {
            // Reported by the entity checks.
            return false;
        }
        let Some(original) = dfg.try_resolve_aliases(v) else {
            self.report(inst, format!("uses {v}, whose aliases form a cycle"));
            return false;
        };
        let reachable = self.domtree.is_reachable(block);
        match dfg.value_def(original) {
            ValueDef::Undefined => {
                self.report(inst, format!("uses {v}, which is never defined"));
                false
            }
            ValueDef::Result(def_inst, _) => {
                if def_inst == inst {
                    self.report(inst, format!("uses its own result {v}"));
                    return true;
                }
                let Some(def_block) = func.layout.inst_block(def_inst) else {
                    self.report(
                        inst,
                        format!("uses {v}, defined by {def_inst}, which is not in the layout"),
                    );
                    return true;
                };
                if !func.layout.is_block_inserted(def_block) {
                    self.report(
                        inst,
                        format!("uses {v}, defined in {def_block}, which is not in the layout"),
                    );
                } else if reachable && !self.domtree.inst_dominates(def_inst, inst, &func.layout) {
                    self.report(inst, format!("uses {v}, whose definition ({def_inst} in {def_block}) does not dominate this use"));
                }
                true
            }
            ValueDef::Param(def_block, _) => {
                if !func.layout.is_block_inserted(def_block) {
                    self.report(
                        inst,
                        format!("uses {v}, a parameter of {def_block}, which is not in the layout"),
                    );
                } else if reachable && !self.domtree.block_dominates(def_block, block) {
                    self.report(
                        inst,
                        format!(
                            "uses {v}, a parameter of {def_block}, which does not dominate this use"
                        ),
                    );
                }
                true
            }
        }
    }
}
