//! Type constraints of opcodes, as the verifier and the reader use them.
//!
//! Every opcode has an [`OpcodeConstraints`] table generated from
//! `isa-defs/ir/opcodes.rs`. An instruction's *controlling type* is the type
//! its `.i32` suffix names: taken from the type-variable operand when
//! [`OpcodeConstraints::typevar_operand`] is `Some`, otherwise written
//! explicitly (the first result then has that type). Operand and result
//! constraints are relative to it ([`OperandConstraint`]).

use super::types::{self, Type};
use core::fmt;

/// A set of value types (lane counts × lane types), as generated from
/// `isa-defs/ir/typesets.rs`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ValueTypeSet {
    /// Bit `i`: 2^i lanes (bit 0: scalars).
    pub(crate) lanes: u16,
    /// Bit `i`: dynamic vectors with a base of 2^i lanes.
    pub(crate) dynamic_lanes: u16,
    /// Bit `i`: integer lanes of `8 << i` bits.
    pub(crate) ints: u8,
    /// Bit `i`: float lanes of `16 << i` bits.
    pub(crate) floats: u8,
}

impl ValueTypeSet {
    /// Is `ty` in the set?
    pub fn contains(self, ty: Type) -> bool {
        let lane = ty.lane_type();
        let lane_ok = if lane.is_int() {
            self.ints & (1 << (lane.bits().trailing_zeros() - 3)) != 0
        } else if lane.is_float() {
            self.floats & (1 << (lane.bits().trailing_zeros() - 4)) != 0
        } else {
            false
        };
        let lanes = if ty.is_dynamic_vector() {
            self.dynamic_lanes
        } else {
            self.lanes
        };
        lane_ok && lanes & (1 << ty.log2_lane_count()) != 0
    }

    /// The only type of the set, if it has exactly one (`uload32` can only
    /// be `i64`: CLIF text may then omit the type suffix).
    pub fn singleton(self) -> Option<Type> {
        if self.lanes.count_ones() + self.dynamic_lanes.count_ones() != 1
            || self.ints.count_ones() + self.floats.count_ones() != 1
        {
            return None;
        }
        let lane = if self.ints != 0 {
            Type::int(8 << self.ints.trailing_zeros())
        } else {
            Type::float(16 << self.floats.trailing_zeros())
        }?;
        let ty = lane.by(1 << (self.lanes | self.dynamic_lanes).trailing_zeros())?;
        if self.dynamic_lanes != 0 {
            ty.vector_to_dynamic()
        } else {
            Some(ty)
        }
    }

    /// Every type of the set, in type-code order (for messages and tests).
    pub fn types(self) -> impl Iterator<Item = Type> {
        let mut all = Vec::new();
        for lane in [
            types::I8,
            types::I16,
            types::I32,
            types::I64,
            types::I128,
            types::F16,
            types::F32,
            types::F64,
            types::F128,
        ] {
            for log2 in 0..=u32::from(types::MAX_LOG2_LANES) {
                if let Some(ty) = lane.by(1 << log2) {
                    if self.contains(ty) {
                        all.push(ty);
                    }
                    if let Some(d) = ty.vector_to_dynamic()
                        && self.contains(d)
                    {
                        all.push(d);
                    }
                }
            }
        }
        all.into_iter()
    }
}

impl fmt::Display for ValueTypeSet {
    /// A short description: lane kinds and widths, and lane counts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        for i in 0..5 {
            if self.ints & (1 << i) != 0 {
                parts.push(format!("i{}", 8 << i));
            }
        }
        for i in 0..4 {
            if self.floats & (1 << i) != 0 {
                parts.push(format!("f{}", 16 << i));
            }
        }
        let lanes: Vec<String> = (0..=8)
            .filter(|i| self.lanes & (1 << i) != 0)
            .map(|i| (1u32 << i).to_string())
            .collect();
        write!(
            f,
            "{{{}}} with {{{}}} lanes",
            parts.join(", "),
            lanes.join(", ")
        )?;
        if self.dynamic_lanes != 0 {
            f.write_str(" or dynamic")?;
        }
        Ok(())
    }
}

/// A type computed from the controlling type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum DerivedType {
    /// The lane type.
    LaneOf,
    /// `i8` for scalars, the same-width integer vector for vectors.
    AsTruthy,
    /// The same-width integer type.
    AsInt,
    /// Lanes half as wide.
    HalfWidth,
    /// Lanes twice as wide.
    DoubleWidth,
    /// Half the lanes.
    HalfVector,
    /// Twice the lanes.
    DoubleVector,
    /// Half-width lanes, twice as many.
    SplitLanes,
    /// Double-width lanes, half as many.
    MergeLanes,
    /// The base vector of a dynamic vector.
    DynamicToVector,
}

impl DerivedType {
    /// The derived type of `ctrl`, or `None` if it has none (`half_width` of `i8`).
    pub fn apply(self, ctrl: Type) -> Option<Type> {
        match self {
            DerivedType::LaneOf => Some(ctrl.lane_type()),
            DerivedType::AsTruthy => Some(ctrl.as_truthy()),
            DerivedType::AsInt => Some(ctrl.as_int()),
            DerivedType::HalfWidth => ctrl.half_width(),
            DerivedType::DoubleWidth => ctrl.double_width(),
            DerivedType::HalfVector => ctrl.half_vector(),
            DerivedType::DoubleVector => ctrl.double_vector(),
            DerivedType::SplitLanes => ctrl.split_lanes(),
            DerivedType::MergeLanes => ctrl.merge_lanes(),
            DerivedType::DynamicToVector => ctrl.dynamic_to_vector(),
        }
        .filter(|t| !t.is_invalid())
    }
}

/// How a free operand type must relate to the controlling type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum FreeRelation {
    /// No relation.
    Any,
    /// Same lane count, narrower lanes (`uextend` input).
    Narrower,
    /// Same lane count, wider lanes (`ireduce` input).
    Wider,
    /// Same lane count (conversions between ints and floats).
    SameLanes,
    /// Same total width (`bitcast`).
    SameBits,
}

impl FreeRelation {
    /// Does `ty` stand in this relation to `ctrl`?
    pub fn holds(self, ty: Type, ctrl: Type) -> bool {
        let same_lanes = ty.lane_count() == ctrl.lane_count()
            && ty.is_dynamic_vector() == ctrl.is_dynamic_vector();
        match self {
            FreeRelation::Any => true,
            FreeRelation::Narrower => same_lanes && ty.lane_bits() < ctrl.lane_bits(),
            FreeRelation::Wider => same_lanes && ty.lane_bits() > ctrl.lane_bits(),
            FreeRelation::SameLanes => same_lanes,
            FreeRelation::SameBits => ty.bits() == ctrl.bits(),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            FreeRelation::Any => "",
            FreeRelation::Narrower => ", with narrower lanes than the controlling type",
            FreeRelation::Wider => ", with wider lanes than the controlling type",
            FreeRelation::SameLanes => ", with as many lanes as the controlling type",
            FreeRelation::SameBits => ", as wide as the controlling type",
        }
    }
}

/// The type constraint of one operand or result.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum OperandConstraint {
    /// The controlling type.
    Same,
    /// This type.
    Fixed(Type),
    /// A type derived from the controlling type.
    Derived(DerivedType),
    /// Any type of the set, related to the controlling type as stated.
    Free(ValueTypeSet, FreeRelation),
}

impl OperandConstraint {
    /// The single type this constraint allows given `ctrl`, if it fixes one.
    pub fn resolve(self, ctrl: Type) -> Option<Type> {
        match self {
            OperandConstraint::Same => Some(ctrl).filter(|t| !t.is_invalid()),
            OperandConstraint::Fixed(t) => Some(t),
            OperandConstraint::Derived(d) => d.apply(ctrl),
            OperandConstraint::Free(..) => None,
        }
    }

    /// Checks `ty` against the constraint given controlling type `ctrl`;
    /// the error describes what was expected.
    pub fn check(self, ty: Type, ctrl: Type) -> Result<(), String> {
        match self {
            OperandConstraint::Free(set, rel) => {
                if set.contains(ty) && rel.holds(ty, ctrl) {
                    Ok(())
                } else {
                    Err(format!("a type in {set}{}", rel.describe()))
                }
            }
            _ => match self.resolve(ctrl) {
                Some(expected) if expected == ty => Ok(()),
                Some(expected) => Err(format!("`{expected}`")),
                None => Err(format!("a type derived from `{ctrl}`, which has none")),
            },
        }
    }
}

/// The type constraints of an opcode.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct OpcodeConstraints {
    /// Types the controlling type may take; `None` if not polymorphic.
    pub(crate) ctrl_typeset: Option<ValueTypeSet>,
    /// The value operand whose type is the controlling type, if inferred.
    pub(crate) typevar_operand: Option<u8>,
    /// Constraints of the fixed results.
    pub(crate) results: &'static [OperandConstraint],
    /// Constraints of the fixed value operands.
    pub(crate) value_args: &'static [OperandConstraint],
    /// Does a variable list of values follow the fixed operands?
    pub(crate) variable_args: bool,
}

impl OpcodeConstraints {
    /// Is the opcode polymorphic (does it have a controlling type)?
    pub fn has_ctrl_typevar(self) -> bool {
        self.ctrl_typeset.is_some()
    }

    /// Same as [`Self::has_ctrl_typevar`].
    pub fn is_polymorphic(self) -> bool {
        self.has_ctrl_typevar()
    }

    /// The types the controlling type may take.
    pub fn ctrl_typeset(self) -> Option<ValueTypeSet> {
        self.ctrl_typeset
    }

    /// Index among the value operands of the operand whose type is the
    /// controlling type, when the opcode infers it (no `.type` suffix needed).
    pub fn typevar_operand(self) -> Option<usize> {
        self.typevar_operand.map(usize::from)
    }

    /// Does the controlling type come from the type-variable operand?
    pub fn use_typevar_operand(self) -> bool {
        self.typevar_operand.is_some()
    }

    /// Must the controlling type be read from the type-variable operand
    /// because the first result does not have it (`store`, `brif`, `icmp`)?
    pub fn requires_typevar_operand(self) -> bool {
        self.use_typevar_operand() && self.results.first() != Some(&OperandConstraint::Same)
    }

    /// Number of results the opcode always has (calls add their signature's).
    pub fn num_fixed_results(self) -> usize {
        self.results.len()
    }

    /// The type of result `i` given the controlling type (`INVALID` if `i`
    /// is out of range or the constraint gives none).
    pub fn result_type(self, i: usize, ctrl: Type) -> Type {
        self.results
            .get(i)
            .and_then(|c| c.resolve(ctrl))
            .unwrap_or(types::INVALID)
    }

    /// The constraint of result `i`.
    pub fn result_constraint(self, i: usize) -> Option<OperandConstraint> {
        self.results.get(i).copied()
    }

    /// Number of value operands with their own constraints.
    pub fn num_fixed_value_args(self) -> usize {
        self.value_args.len()
    }

    /// The constraint of fixed value operand `i`.
    pub fn value_arg_constraint(self, i: usize) -> Option<OperandConstraint> {
        self.value_args.get(i).copied()
    }

    /// Does a variable list of values follow the fixed operands?
    pub fn has_variable_args(self) -> bool {
        self.variable_args
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::types::*;

    const INTS: ValueTypeSet = ValueTypeSet {
        lanes: 0x1ff,
        dynamic_lanes: 0,
        ints: 0x1f,
        floats: 0,
    };

    #[test]
    fn typeset_membership() {
        assert!(INTS.contains(I8));
        assert!(INTS.contains(I32X4));
        assert!(!INTS.contains(F32));
        assert!(!INTS.contains(INVALID));
        assert!(!INTS.contains(I32X4.vector_to_dynamic().unwrap_or(INVALID)));
        assert_eq!(INTS.types().count(), 45);
        assert_eq!(INTS.singleton(), None);
        let only = |lanes: u16, ints: u8, floats: u8| ValueTypeSet {
            lanes,
            dynamic_lanes: 0,
            ints,
            floats,
        };
        assert_eq!(only(1, 0b1000, 0).singleton(), Some(I64));
        assert_eq!(only(0b1000, 0b10, 0).singleton(), Some(I16X8));
        assert_eq!(only(0b10, 0, 0b100).singleton(), Some(F64X2));
        assert_eq!(only(0b11, 0b1000, 0).singleton(), None);
        assert_eq!(
            INTS.to_string(),
            "{i8, i16, i32, i64, i128} with {1, 2, 4, 8, 16, 32, 64, 128, 256} lanes"
        );
    }

    #[test]
    fn constraints_check_types() {
        assert_eq!(OperandConstraint::Same.check(I32, I32), Ok(()));
        assert_eq!(OperandConstraint::Same.check(I64, I32), Err("`i32`".into()));
        assert_eq!(
            OperandConstraint::Derived(DerivedType::AsTruthy).resolve(F32X4),
            Some(I32X4)
        );
        assert!(
            OperandConstraint::Derived(DerivedType::HalfWidth)
                .check(I8, I8)
                .is_err()
        );
        let narrower = OperandConstraint::Free(INTS, FreeRelation::Narrower);
        assert_eq!(narrower.check(I8, I32), Ok(()));
        assert!(narrower.check(I64, I32).is_err());
        assert!(narrower.check(I8X16, I32).is_err());
        assert!(FreeRelation::SameBits.holds(F64, I64));
        assert!(!FreeRelation::SameBits.holds(F32, I64));
    }
}
