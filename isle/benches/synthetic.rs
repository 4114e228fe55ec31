//! A synthetic rule set shaped like instruction lowering: `ops` binary
//! opcodes, each with register-register rules per type, immediate rules
//! through a commutative extractor with a partial `if-let`, and
//! zero-immediate rules at a higher priority (20 rules per opcode).
//! Shared by the benchmark and by a test that checks it compiles.

/// The DSL text of the rule set.
pub fn rules(ops: usize) -> String {
    let mut s = String::new();
    s.push_str(
        "(type Value (primitive u32))
(type Imm (primitive u64))
(type Ty (primitive u8))
",
    );
    s.push_str("(type Opcode extern (enum");
    for j in 0..ops {
        s.push_str(&format!(" Op{j}"));
    }
    s.push_str("))\n");
    s.push_str(
        "(type Inst extern (enum (Binary (op Opcode) (a Value) (b Value)) (Const (imm Imm))))
(type MInst extern (enum (Rr (op u32) (a Value) (b Value)) (Ri (op u32) (a Value) (imm Imm)) (Mov (a Value))))
(decl inst_data (Inst) Value)
(extern extractor inst_data inst_data)
(decl has_type (Ty Value) Value)
(extern extractor infallible has_type has_type)
(decl pure partial simm (Imm) Imm)
(extern constructor simm simm)
(decl iconst (Imm) Value)
(extractor (iconst k) (inst_data (Inst.Const k)))
(decl lower (Value) MInst)
",
    );
    for j in 0..ops {
        s.push_str(&format!(
            "(decl commutative op{j} (Value Value) Value)\n(extractor (op{j} a b) (inst_data (Inst.Binary (Opcode.Op{j}) a b)))\n"
        ));
        for t in 0..8 {
            s.push_str(&format!(
                "(rule op{j}_rr_t{t} (lower (has_type {t} (op{j} x y))) (MInst.Rr {j} x y))\n"
            ));
            s.push_str(&format!(
                "(rule op{j}_ri_t{t} 1 (lower (has_type {t} (op{j} x (iconst k)))) (if-let imm (simm k)) (MInst.Ri {j} x imm))\n"
            ));
        }
        for t in 0..4 {
            s.push_str(&format!(
                "(rule op{j}_zero_t{t} 2 (lower (has_type {t} (op{j} x (iconst 0)))) (MInst.Mov x))\n"
            ));
        }
    }
    s
}
