//! The rule DSL compiler.
