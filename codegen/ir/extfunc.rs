//! Signatures, calling conventions and names of external functions.
//!
//! Text forms as CLIF prints them:
//! - signature: `(i64, i32 uext) -> i64 system_v` (the calling convention is
//!   always printed);
//! - parameter: `i32 sext vmctx` (type, extension, purpose);
//! - external function: `colocated patchable %name sig0` or `u0:1 sig0`.
//!
//! User names (`u0:1`) are stored once per function, in
//! [`FunctionParameters`]; an [`ExternalName::User`] refers to one by
//! [`UserExternalNameRef`], so printing it needs the function's parameters
//! ([`ExternalName::display`]).

use super::entities::{SigRef, UserExternalNameRef};
use super::types::Type;
use crate::entity::PrimaryMap;
use core::fmt;
use core::str::FromStr;

/// A calling convention.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub enum CallConv {
    /// lathe's fast internal convention (the default in CLIF text).
    #[default]
    Fast,
    /// For rarely called functions (treated like `fast` by backends).
    Cold,
    /// Callee pops stack arguments; the only convention allowing `return_call`.
    Tail,
    /// System V (x86-64 SysV, AAPCS64 on Linux, the s390x ELF ABI).
    SystemV,
    /// Windows x64 `fastcall`.
    WindowsFastcall,
    /// Apple's variant of AAPCS64.
    AppleAarch64,
    /// The stack probe helper's convention.
    Probestack,
    /// Winch's baseline convention.
    Winch,
    /// Every register is callee-saved.
    PreserveAll,
}

const CALL_CONV_NAMES: [(CallConv, &str); 9] = [
    (CallConv::Fast, "fast"),
    (CallConv::Cold, "cold"),
    (CallConv::Tail, "tail"),
    (CallConv::SystemV, "system_v"),
    (CallConv::WindowsFastcall, "windows_fastcall"),
    (CallConv::AppleAarch64, "apple_aarch64"),
    (CallConv::Probestack, "probestack"),
    (CallConv::Winch, "winch"),
    (CallConv::PreserveAll, "preserve_all"),
];

impl CallConv {
    /// The CLIF name.
    pub fn name(self) -> &'static str {
        CALL_CONV_NAMES
            .iter()
            .find(|&&(c, _)| c == self)
            .map_or("fast", |&(_, n)| n)
    }
}

impl fmt::Display for CallConv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for CallConv {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        CALL_CONV_NAMES
            .iter()
            .find(|&&(_, n)| n == s)
            .map(|&(c, _)| c)
            .ok_or_else(|| format!("unknown calling convention `{s}`"))
    }
}

/// How a narrow integer argument is widened to its register.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum ArgumentExtension {
    /// No extension: the high bits are undefined.
    #[default]
    None,
    /// Zero-extend (`uext`).
    Uext,
    /// Sign-extend (`sext`).
    Sext,
}

/// The special role of a parameter or return value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum ArgumentPurpose {
    /// An ordinary value.
    #[default]
    Normal,
    /// A struct passed by value on the stack, of this many bytes (`sarg(N)`).
    StructArgument(u32),
    /// The address where a struct return value goes (`sret`).
    StructReturn,
    /// The VM context pointer (`vmctx`).
    VMContext,
    /// The stack limit for stack-overflow checks (`stack_limit`).
    StackLimit,
}

impl fmt::Display for ArgumentPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgumentPurpose::Normal => f.write_str("normal"),
            ArgumentPurpose::StructArgument(size) => write!(f, "sarg({size})"),
            ArgumentPurpose::StructReturn => f.write_str("sret"),
            ArgumentPurpose::VMContext => f.write_str("vmctx"),
            ArgumentPurpose::StackLimit => f.write_str("stack_limit"),
        }
    }
}

impl FromStr for ArgumentPurpose {
    type Err = String;
    /// Parses `normal`, `sret`, `vmctx`, `stack_limit` and `sarg(N)`.
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "normal" => Ok(ArgumentPurpose::Normal),
            "sret" => Ok(ArgumentPurpose::StructReturn),
            "vmctx" => Ok(ArgumentPurpose::VMContext),
            "stack_limit" => Ok(ArgumentPurpose::StackLimit),
            _ => {
                let size = s
                    .strip_prefix("sarg(")
                    .and_then(|r| r.strip_suffix(')'))
                    .ok_or_else(|| format!("unknown argument purpose `{s}`"))?;
                super::immediates::parse_u64(size)
                    .ok()
                    .and_then(|v| u32::try_from(v).ok())
                    .map(ArgumentPurpose::StructArgument)
                    .ok_or_else(|| format!("invalid struct argument size in `{s}`"))
            }
        }
    }
}

/// One parameter or return value of a signature.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct AbiParam {
    /// The value's type.
    pub value_type: Type,
    /// Its special role, if any.
    pub purpose: ArgumentPurpose,
    /// How it is widened, for narrow integers.
    pub extension: ArgumentExtension,
}

impl AbiParam {
    /// An ordinary parameter of type `value_type`.
    pub fn new(value_type: Type) -> Self {
        Self {
            value_type,
            purpose: ArgumentPurpose::Normal,
            extension: ArgumentExtension::None,
        }
    }

    /// A parameter with a special purpose.
    pub fn special(value_type: Type, purpose: ArgumentPurpose) -> Self {
        Self {
            purpose,
            ..Self::new(value_type)
        }
    }

    /// This parameter, zero-extended.
    pub fn uext(self) -> Self {
        Self {
            extension: ArgumentExtension::Uext,
            ..self
        }
    }

    /// This parameter, sign-extended.
    pub fn sext(self) -> Self {
        Self {
            extension: ArgumentExtension::Sext,
            ..self
        }
    }
}

impl fmt::Display for AbiParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value_type)?;
        match self.extension {
            ArgumentExtension::None => {}
            ArgumentExtension::Uext => f.write_str(" uext")?,
            ArgumentExtension::Sext => f.write_str(" sext")?,
        }
        if self.purpose != ArgumentPurpose::Normal {
            write!(f, " {}", self.purpose)?;
        }
        Ok(())
    }
}

/// The parameters, returns and calling convention of a function.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Signature {
    /// Parameters, in order.
    pub params: Vec<AbiParam>,
    /// Return values, in order.
    pub returns: Vec<AbiParam>,
    /// The calling convention.
    pub call_conv: CallConv,
}

impl Signature {
    /// An empty signature with calling convention `call_conv`.
    pub fn new(call_conv: CallConv) -> Self {
        Self {
            params: Vec::new(),
            returns: Vec::new(),
            call_conv,
        }
    }

    /// The index of the parameter with `purpose`, if any.
    pub fn special_param_index(&self, purpose: ArgumentPurpose) -> Option<usize> {
        self.params.iter().rposition(|p| p.purpose == purpose)
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, params: &[AbiParam]) -> fmt::Result {
    for (i, p) in params.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{p}")?;
    }
    Ok(())
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        write_list(f, &self.params)?;
        f.write_str(")")?;
        if !self.returns.is_empty() {
            f.write_str(" -> ")?;
            write_list(f, &self.returns)?;
        }
        write!(f, " {}", self.call_conv)
    }
}

/// A user-defined name: a namespace and an index (`u0:1`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct UserExternalName {
    /// The namespace (`0` in `u0:1`).
    pub namespace: u32,
    /// The index within the namespace (`1` in `u0:1`).
    pub index: u32,
}

impl UserExternalName {
    /// `u{namespace}:{index}`.
    pub fn new(namespace: u32, index: u32) -> Self {
        Self { namespace, index }
    }
}

impl fmt::Display for UserExternalName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "u{}:{}", self.namespace, self.index)
    }
}

impl FromStr for UserExternalName {
    type Err = String;
    /// Parses `u0:1`.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("invalid user name `{s}` (expected `uN:M`)");
        let (ns, idx) = s
            .strip_prefix('u')
            .and_then(|r| r.split_once(':'))
            .ok_or_else(bad)?;
        let num = |t: &str| {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            t.parse::<u32>()
                .map_err(|_| format!("number out of range in user name `{s}`"))
        };
        Ok(Self {
            namespace: num(ns)?,
            index: num(idx)?,
        })
    }
}

/// A test-case name: `%name` in CLIF text (stored without the `%`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct TestcaseName(String);

impl TestcaseName {
    /// The name `name` (without `%`).
    pub fn new(name: impl Into<String>) -> Self {
        Self(name.into())
    }

    /// The name without `%`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TestcaseName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "%{}", self.0)
    }
}

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every variant.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The name as written after `%` in CLIF.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant),)*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "%{}", self.name())
            }
        }

        impl FromStr for $name {
            type Err = String;
            /// Parses the name without `%`.
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $(stringify!($variant) => Ok($name::$variant),)*
                    _ => Err(format!(concat!("unknown ", stringify!($name), " `{}`"), s)),
                }
            }
        }
    };
}

named_enum!(
    /// Runtime library functions the backends may call.
    LibCall {
        /// Stack probe.
        Probestack,
        /// `ceilf`.
        CeilF32,
        /// `ceil`.
        CeilF64,
        /// `floorf`.
        FloorF32,
        /// `floor`.
        FloorF64,
        /// `truncf`.
        TruncF32,
        /// `trunc`.
        TruncF64,
        /// `nearbyintf`.
        NearestF32,
        /// `nearbyint`.
        NearestF64,
        /// `fmaf`.
        FmaF32,
        /// `fma`.
        FmaF64,
        /// `memcpy`.
        Memcpy,
        /// `memset`.
        Memset,
        /// `memmove`.
        Memmove,
        /// `memcmp`.
        Memcmp,
        /// `__tls_get_addr`.
        ElfTlsGetAddr,
        /// `__tls_get_offset` (s390x).
        ElfTlsGetOffset,
        /// Software `pshufb`.
        X86Pshufb,
    }
);

named_enum!(
    /// Symbols the linker knows.
    KnownSymbol {
        /// The ELF global offset table.
        ElfGlobalOffsetTable,
        /// The COFF TLS index.
        CoffTlsIndex,
    }
);

/// The name of something outside the function: a callee or a symbol.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum ExternalName {
    /// A user name (`u0:1`), stored in the function's [`FunctionParameters`].
    User(UserExternalNameRef),
    /// A test-case name (`%foo`).
    TestCase(TestcaseName),
    /// A runtime library function (`%Memcpy`).
    LibCall(LibCall),
    /// A linker-known symbol (`%ElfGlobalOffsetTable`).
    KnownSymbol(KnownSymbol),
}

impl ExternalName {
    /// The name written `%text` in CLIF: a library call or known symbol when
    /// `text` names one, else a test-case name.
    pub fn from_percent_name(text: &str) -> Self {
        if let Ok(lc) = text.parse::<LibCall>() {
            ExternalName::LibCall(lc)
        } else if let Ok(ks) = text.parse::<KnownSymbol>() {
            ExternalName::KnownSymbol(ks)
        } else {
            ExternalName::TestCase(TestcaseName::new(text))
        }
    }

    /// A printable form; user names print as `uN:M` when `params` is given,
    /// else as their reference (`userextname0`).
    pub fn display<'a>(
        &'a self,
        params: Option<&'a FunctionParameters>,
    ) -> DisplayableExternalName<'a> {
        DisplayableExternalName { name: self, params }
    }
}

impl Default for ExternalName {
    fn default() -> Self {
        ExternalName::TestCase(TestcaseName::default())
    }
}

impl fmt::Display for ExternalName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display(None).fmt(f)
    }
}

/// An [`ExternalName`] with the function parameters needed to print it.
pub struct DisplayableExternalName<'a> {
    name: &'a ExternalName,
    params: Option<&'a FunctionParameters>,
}

impl fmt::Display for DisplayableExternalName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name {
            ExternalName::User(r) => match self.params.and_then(|p| p.user_named_funcs.get(*r)) {
                Some(name) => write!(f, "{name}"),
                None => write!(f, "{r}"),
            },
            ExternalName::TestCase(t) => write!(f, "{t}"),
            ExternalName::LibCall(l) => write!(f, "{l}"),
            ExternalName::KnownSymbol(k) => write!(f, "{k}"),
        }
    }
}

/// Per-function tables that names refer to.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct FunctionParameters {
    /// The user names used by the function, each stored once.
    pub user_named_funcs: PrimaryMap<UserExternalNameRef, UserExternalName>,
}

impl FunctionParameters {
    /// The reference of `name`, adding it if new.
    pub fn ensure_user_func_name(&mut self, name: UserExternalName) -> UserExternalNameRef {
        let existing = self
            .user_named_funcs
            .iter()
            .find(|&(_, n)| *n == name)
            .map(|(r, _)| r);
        existing.unwrap_or_else(|| self.user_named_funcs.push(name))
    }
}

/// An external function the function calls (`fn0 = colocated %f sig0`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ExtFuncData {
    /// The callee's name.
    pub name: ExternalName,
    /// The callee's signature.
    pub signature: SigRef,
    /// Is the callee in the same compilation unit (near calls allowed)?
    pub colocated: bool,
    /// May calls to it be patched at run time (`patchable`)?
    pub patchable: bool,
}

impl ExtFuncData {
    /// A printable form (`colocated %f sig0`).
    pub fn display<'a>(&'a self, params: Option<&'a FunctionParameters>) -> impl fmt::Display + 'a {
        DisplayExtFunc { data: self, params }
    }
}

struct DisplayExtFunc<'a> {
    data: &'a ExtFuncData,
    params: Option<&'a FunctionParameters>,
}

impl fmt::Display for DisplayExtFunc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.data.colocated {
            f.write_str("colocated ")?;
        }
        if self.data.patchable {
            f.write_str("patchable ")?;
        }
        write!(
            f,
            "{} {}",
            self.data.name.display(self.params),
            self.data.signature
        )
    }
}

/// The name of a function being defined: `%name` or `u0:1`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum UserFuncName {
    /// A user name.
    User(UserExternalName),
    /// A test-case name.
    Testcase(TestcaseName),
}

impl UserFuncName {
    /// `%name`.
    pub fn testcase(name: impl Into<String>) -> Self {
        UserFuncName::Testcase(TestcaseName::new(name))
    }

    /// `u{namespace}:{index}`.
    pub fn user(namespace: u32, index: u32) -> Self {
        UserFuncName::User(UserExternalName::new(namespace, index))
    }
}

impl Default for UserFuncName {
    fn default() -> Self {
        UserFuncName::User(UserExternalName::default())
    }
}

impl fmt::Display for UserFuncName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UserFuncName::User(u) => write!(f, "{u}"),
            UserFuncName::Testcase(t) => write!(f, "{t}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityRef;
    use crate::ir::types::{I8, I32, I64};

    #[test]
    fn signature_text() {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(I64));
        sig.params.push(AbiParam::new(I32).uext());
        sig.params
            .push(AbiParam::special(I64, ArgumentPurpose::VMContext));
        sig.returns.push(AbiParam::new(I8).sext());
        assert_eq!(
            sig.to_string(),
            "(i64, i32 uext, i64 vmctx) -> i8 sext system_v"
        );
        assert_eq!(Signature::new(CallConv::Fast).to_string(), "() fast");
        assert_eq!(sig.special_param_index(ArgumentPurpose::VMContext), Some(2));
        assert_eq!(
            AbiParam::special(I64, ArgumentPurpose::StructArgument(24)).to_string(),
            "i64 sarg(24)"
        );
    }

    #[test]
    fn names_parse_and_print() {
        for &(cc, name) in &CALL_CONV_NAMES {
            assert_eq!(name.parse::<CallConv>(), Ok(cc));
            assert_eq!(cc.to_string(), name);
        }
        assert!("sysv".parse::<CallConv>().is_err());
        for p in ["sret", "vmctx", "stack_limit", "normal", "sarg(16)"] {
            assert_eq!(
                p.parse::<ArgumentPurpose>().map(|p| p.to_string()),
                Ok(p.to_string())
            );
        }
        assert!("sarg(x)".parse::<ArgumentPurpose>().is_err());
        assert_eq!(
            "u0:1".parse::<UserExternalName>().map(|n| n.to_string()),
            Ok("u0:1".into())
        );
        for bad in ["u0", "u:1", "0:1", "u0:", "u0:x", "u99999999999:0"] {
            assert!(bad.parse::<UserExternalName>().is_err(), "{bad}");
        }
        assert_eq!(UserFuncName::testcase("f").to_string(), "%f");
        assert_eq!(UserFuncName::user(1, 2).to_string(), "u1:2");
        assert_eq!(
            ExternalName::from_percent_name("Memcpy"),
            ExternalName::LibCall(LibCall::Memcpy)
        );
        assert_eq!(
            ExternalName::from_percent_name("callee").to_string(),
            "%callee"
        );
    }

    #[test]
    fn user_names_print_through_parameters() {
        let mut params = FunctionParameters::default();
        let r = params.ensure_user_func_name(UserExternalName::new(0, 7));
        assert_eq!(params.ensure_user_func_name(UserExternalName::new(0, 7)), r);
        let data = ExtFuncData {
            name: ExternalName::User(r),
            signature: SigRef::new(1),
            colocated: true,
            patchable: true,
        };
        assert_eq!(
            data.display(Some(&params)).to_string(),
            "colocated patchable u0:7 sig1"
        );
        assert_eq!(data.name.to_string(), "userextname0");
    }
}
