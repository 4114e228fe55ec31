//! The target-independent CLIF instruction set, as data.
