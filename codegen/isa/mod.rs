//! Target ISAs: the glue between the shared backend core and each
//! machine's generated instruction set.

#[cfg(feature = "s390x")]
pub mod s390x;
#[cfg(feature = "x86")]
pub mod x64;

#[cfg(feature = "arm64")]
pub mod aarch64;
