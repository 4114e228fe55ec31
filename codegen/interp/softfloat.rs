//! Software IEEE 754 binary floating point for any interchange format,
//! used for `f16` and `f128` (which Rust has no stable type for) and
//! checked against the host's `f32`/`f64` in the unit tests.
//!
//! Every operation is exact up to one final rounding, to nearest with ties
//! to even: operands are unpacked into integer significands and binary
//! exponents, the exact result (or a result with a sticky bit standing for
//! the discarded low part) is formed in a 256-bit integer, and
//! [`round_pack`] rounds it once into the target format. NaN results are
//! left to the caller: operations return `None` when the IEEE result is an
//! invalid-operation NaN and never look at input NaNs (the caller handles
//! those first).

use core::cmp::Ordering;

/// An IEEE binary interchange format: exponent bits and trailing
/// significand (fraction) bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Format {
    /// Exponent field width.
    pub exp_bits: u32,
    /// Fraction field width (precision minus one).
    pub frac_bits: u32,
}

/// binary16.
pub(crate) const HALF: Format = Format {
    exp_bits: 5,
    frac_bits: 10,
};
/// binary32.
pub(crate) const SINGLE: Format = Format {
    exp_bits: 8,
    frac_bits: 23,
};
/// binary64.
pub(crate) const DOUBLE: Format = Format {
    exp_bits: 11,
    frac_bits: 52,
};
/// binary128.
pub(crate) const QUAD: Format = Format {
    exp_bits: 15,
    frac_bits: 112,
};

impl Format {
    /// Total bits.
    pub fn bits(self) -> u32 {
        1 + self.exp_bits + self.frac_bits
    }
    fn bias(self) -> i32 {
        (1 << (self.exp_bits - 1)) - 1
    }
    fn max_biased_exp(self) -> u128 {
        (1 << self.exp_bits) - 1
    }
    /// The sign bit.
    pub fn sign_bit(self) -> u128 {
        1 << (self.exp_bits + self.frac_bits)
    }
    fn frac_mask(self) -> u128 {
        (1 << self.frac_bits) - 1
    }
    /// The quiet bit of NaNs (the top fraction bit).
    pub fn quiet_bit(self) -> u128 {
        1 << (self.frac_bits - 1)
    }
    fn exp_field(self, bits: u128) -> u128 {
        (bits >> self.frac_bits) & self.max_biased_exp()
    }
    /// Is `bits` a NaN?
    pub fn is_nan(self, bits: u128) -> bool {
        self.exp_field(bits) == self.max_biased_exp() && bits & self.frac_mask() != 0
    }
    /// The canonical NaN: positive, quiet, no payload.
    pub fn canonical_nan(self) -> u128 {
        (self.max_biased_exp() << self.frac_bits) | self.quiet_bit()
    }
    /// Infinity with `negative`'s sign.
    pub fn infinity(self, negative: bool) -> u128 {
        (self.max_biased_exp() << self.frac_bits) | if negative { self.sign_bit() } else { 0 }
    }
    fn zero(self, negative: bool) -> u128 {
        if negative { self.sign_bit() } else { 0 }
    }
    /// Is the sign bit set?
    pub fn is_negative(self, bits: u128) -> bool {
        bits & self.sign_bit() != 0
    }
    /// The smallest unbiased exponent of normal numbers.
    fn emin(self) -> i32 {
        1 - self.bias()
    }
}

/// A 256-bit unsigned integer, high and low halves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct U256 {
    hi: u128,
    lo: u128,
}

impl U256 {
    const ZERO: U256 = U256 { hi: 0, lo: 0 };

    fn from_u128(x: u128) -> Self {
        U256 { hi: 0, lo: x }
    }
    fn is_zero(self) -> bool {
        self.hi == 0 && self.lo == 0
    }
    /// Number of significant bits.
    fn bit_len(self) -> u32 {
        if self.hi != 0 {
            256 - self.hi.leading_zeros()
        } else {
            128 - self.lo.leading_zeros()
        }
    }
    fn bit(self, i: u32) -> bool {
        if i >= 128 {
            (self.hi >> (i - 128)) & 1 != 0
        } else {
            (self.lo >> i) & 1 != 0
        }
    }
    fn set_bit(&mut self, i: u32) {
        if i >= 128 {
            self.hi |= 1 << (i - 128);
        } else {
            self.lo |= 1 << i;
        }
    }
    fn shl(self, n: u32) -> Self {
        match n {
            0 => self,
            1..=127 => U256 {
                hi: (self.hi << n) | (self.lo >> (128 - n)),
                lo: self.lo << n,
            },
            128..=255 => U256 {
                hi: self.lo << (n - 128),
                lo: 0,
            },
            _ => U256::ZERO,
        }
    }
    fn shr(self, n: u32) -> Self {
        match n {
            0 => self,
            1..=127 => U256 {
                hi: self.hi >> n,
                lo: (self.lo >> n) | (self.hi << (128 - n)),
            },
            128..=255 => U256 {
                hi: 0,
                lo: self.hi >> (n - 128),
            },
            _ => U256::ZERO,
        }
    }
    /// Shifts right, and reports whether any 1 bit was shifted out.
    fn shr_sticky(self, n: u32) -> (Self, bool) {
        let kept = self.shr(n);
        let lost = !kept.shl(n).eq(&self) || (n >= 256 && !self.is_zero());
        (kept, lost)
    }
    fn add(self, o: Self) -> Self {
        let (lo, carry) = self.lo.overflowing_add(o.lo);
        U256 {
            hi: self.hi.wrapping_add(o.hi).wrapping_add(u128::from(carry)),
            lo,
        }
    }
    fn sub(self, o: Self) -> Self {
        let (lo, borrow) = self.lo.overflowing_sub(o.lo);
        U256 {
            hi: self.hi.wrapping_sub(o.hi).wrapping_sub(u128::from(borrow)),
            lo,
        }
    }
    fn cmp_u(self, o: Self) -> Ordering {
        self.hi.cmp(&o.hi).then(self.lo.cmp(&o.lo))
    }
    fn mul_u128(a: u128, b: u128) -> Self {
        let (hi, lo) = super::int_ops::wide_mul_u128(a, b);
        U256 { hi, lo }
    }
    /// Quotient and "remainder is non-zero" of `self / d`, `d` non-zero
    /// and below 2^126 (bit-serial long division).
    fn div_small(self, d: u128) -> (Self, bool) {
        let mut q = U256::ZERO;
        let mut r: u128 = 0;
        for i in (0..self.bit_len()).rev() {
            r = (r << 1) | u128::from(self.bit(i));
            if r >= d {
                r -= d;
                q.set_bit(i);
            }
        }
        (q, r != 0)
    }
    /// Integer square root and "not exact", bit by bit.
    fn isqrt(self) -> (Self, bool) {
        let mut rem = self;
        let mut root = U256::ZERO;
        let mut bit_pos = self.bit_len().saturating_sub(1) & !1;
        loop {
            let bit = U256::ZERO.with_bit(bit_pos);
            let trial = root.add(bit);
            if rem.cmp_u(trial) != Ordering::Less {
                rem = rem.sub(trial);
                root = root.shr(1).add(bit);
            } else {
                root = root.shr(1);
            }
            if bit_pos < 2 {
                break;
            }
            bit_pos -= 2;
        }
        (root, !rem.is_zero())
    }
    fn with_bit(mut self, i: u32) -> Self {
        self.set_bit(i);
        self
    }
}

/// A finite non-zero number: `sig * 2^exp`, with a sign.
#[derive(Clone, Copy, Debug)]
struct Finite {
    negative: bool,
    sig: u128,
    exp: i32,
}

/// An unpacked operand.
#[derive(Clone, Copy, Debug)]
enum Unpacked {
    Nan,
    Infinity(bool),
    Zero(bool),
    Finite(Finite),
}

fn unpack(fmt: Format, bits: u128) -> Unpacked {
    let negative = fmt.is_negative(bits);
    let e = fmt.exp_field(bits);
    let frac = bits & fmt.frac_mask();
    if e == fmt.max_biased_exp() {
        return if frac == 0 {
            Unpacked::Infinity(negative)
        } else {
            Unpacked::Nan
        };
    }
    if e == 0 {
        if frac == 0 {
            return Unpacked::Zero(negative);
        }
        return Unpacked::Finite(Finite {
            negative,
            sig: frac,
            exp: fmt.emin() - fmt.frac_bits as i32,
        });
    }
    Unpacked::Finite(Finite {
        negative,
        sig: frac | (1 << fmt.frac_bits),
        exp: e as i32 - fmt.bias() - fmt.frac_bits as i32,
    })
}

/// Rounds `sig * 2^exp` (plus less than one unit of `sig`'s last place
/// when `sticky`) to nearest-even in `fmt`. `sig` must be non-zero.
fn round_pack(fmt: Format, negative: bool, sig: U256, exp: i32, sticky: bool) -> u128 {
    let t = fmt.frac_bits as i32;
    let len = sig.bit_len() as i32;
    // Exponent of the leading bit, and of the last place kept.
    let top = exp + len - 1;
    let quantum = if top < fmt.emin() {
        fmt.emin() - t
    } else {
        top - t
    };
    let shift = quantum - exp;
    let mut kept: u128;
    if shift <= 0 {
        // Exact: fewer significant bits than the format holds.
        kept = sig.shl((-shift) as u32).lo;
    } else {
        let shift = shift as u32;
        let (q, lost_below_half) = sig.shr_sticky(shift.saturating_sub(1));
        let half = q.bit(0);
        let q = q.shr(1);
        kept = q.lo;
        let rest = lost_below_half || sticky;
        if half && (rest || kept & 1 == 1) {
            kept += 1;
        }
    }
    // `kept` has at most t+2 bits; its position is `quantum`.
    let mut quantum = quantum;
    if kept >> (t + 1) != 0 {
        kept >>= 1;
        quantum += 1;
    }
    if kept == 0 {
        return fmt.zero(negative);
    }
    let sign = if negative { fmt.sign_bit() } else { 0 };
    if kept >> t == 0 {
        // Subnormal (quantum is emin - t).
        return sign | kept;
    }
    let biased = (quantum + t + fmt.bias()) as u128;
    if biased >= fmt.max_biased_exp() {
        return fmt.infinity(negative);
    }
    sign | (biased << fmt.frac_bits) | (kept & fmt.frac_mask())
}

/// Position of the leading bit that operands are aligned to before an
/// addition (room above it for a carry).
const ALIGN_TOP: u32 = 253;

/// Exact `a + b` of two unpacked finite values (`sig` up to 226 bits),
/// rounded once; `None` never (kept for symmetry).
fn add_finite(fmt: Format, a: (bool, U256, i32), b: (bool, U256, i32)) -> u128 {
    // Place both leading bits at ALIGN_TOP, then align the smaller exponent
    // to the larger, jamming shifted-out bits into a sticky bit.
    let norm = |(neg, sig, exp): (bool, U256, i32)| {
        let up = ALIGN_TOP + 1 - sig.bit_len();
        (neg, sig.shl(up), exp - up as i32)
    };
    let (mut a, mut b) = (norm(a), norm(b));
    if a.2 < b.2 {
        core::mem::swap(&mut a, &mut b);
    }
    let diff = (a.2 - b.2) as u32;
    let (b_sig, lost) = b.1.shr_sticky(diff.min(256));
    // Jam: the lost bits are far below the rounding position.
    let b_sig = if lost { b_sig.with_bit(0) } else { b_sig };
    let exp = a.2;
    if a.0 == b.0 {
        return round_pack(fmt, a.0, a.1.add(b_sig), exp, false);
    }
    match a.1.cmp_u(b_sig) {
        Ordering::Equal => fmt.zero(false),
        Ordering::Greater => round_pack(fmt, a.0, a.1.sub(b_sig), exp, false),
        Ordering::Less => round_pack(fmt, b.0, b_sig.sub(a.1), exp, false),
    }
}

/// `a + b` (or `a - b` with `subtract`); `None` for an invalid operation
/// (∞ − ∞). Operands must not be NaN.
pub(crate) fn add(fmt: Format, a: u128, b: u128, subtract: bool) -> Option<u128> {
    let b = if subtract { b ^ fmt.sign_bit() } else { b };
    Some(match (unpack(fmt, a), unpack(fmt, b)) {
        (Unpacked::Nan, _) | (_, Unpacked::Nan) => return None,
        (Unpacked::Infinity(x), Unpacked::Infinity(y)) => {
            if x != y {
                return None;
            }
            fmt.infinity(x)
        }
        (Unpacked::Infinity(x), _) | (_, Unpacked::Infinity(x)) => fmt.infinity(x),
        (Unpacked::Zero(x), Unpacked::Zero(y)) => fmt.zero(x && y),
        (Unpacked::Zero(_), Unpacked::Finite(_)) => b,
        (Unpacked::Finite(_), Unpacked::Zero(_)) => a,
        (Unpacked::Finite(x), Unpacked::Finite(y)) => add_finite(
            fmt,
            (x.negative, U256::from_u128(x.sig), x.exp),
            (y.negative, U256::from_u128(y.sig), y.exp),
        ),
    })
}

/// `a * b`; `None` for 0 × ∞.
pub(crate) fn mul(fmt: Format, a: u128, b: u128) -> Option<u128> {
    let negative = fmt.is_negative(a) != fmt.is_negative(b);
    Some(match (unpack(fmt, a), unpack(fmt, b)) {
        (Unpacked::Nan, _) | (_, Unpacked::Nan) => return None,
        (Unpacked::Infinity(_), Unpacked::Zero(_)) | (Unpacked::Zero(_), Unpacked::Infinity(_)) => {
            return None;
        }
        (Unpacked::Infinity(_), _) | (_, Unpacked::Infinity(_)) => fmt.infinity(negative),
        (Unpacked::Zero(_), _) | (_, Unpacked::Zero(_)) => fmt.zero(negative),
        (Unpacked::Finite(x), Unpacked::Finite(y)) => round_pack(
            fmt,
            negative,
            U256::mul_u128(x.sig, y.sig),
            x.exp + y.exp,
            false,
        ),
    })
}

/// `a / b`; `None` for 0/0 and ∞/∞.
pub(crate) fn div(fmt: Format, a: u128, b: u128) -> Option<u128> {
    let negative = fmt.is_negative(a) != fmt.is_negative(b);
    Some(match (unpack(fmt, a), unpack(fmt, b)) {
        (Unpacked::Nan, _) | (_, Unpacked::Nan) => return None,
        (Unpacked::Infinity(_), Unpacked::Infinity(_)) | (Unpacked::Zero(_), Unpacked::Zero(_)) => {
            return None;
        }
        (Unpacked::Infinity(_), _) | (_, Unpacked::Zero(_)) => fmt.infinity(negative),
        (Unpacked::Zero(_), _) | (_, Unpacked::Infinity(_)) => fmt.zero(negative),
        (Unpacked::Finite(x), Unpacked::Finite(y)) => {
            // Normalize both significands to 113 bits, then take a quotient
            // of at least 116 bits; a non-zero remainder is the sticky bit.
            let xs = 113 - (128 - x.sig.leading_zeros());
            let ys = 113 - (128 - y.sig.leading_zeros());
            let num = U256::from_u128(x.sig << xs).shl(116);
            let (q, inexact) = num.div_small(y.sig << ys);
            let exp = x.exp - xs as i32 - 116 - (y.exp - ys as i32);
            round_pack(fmt, negative, q, exp, inexact)
        }
    })
}

/// `sqrt(a)`; `None` for negative non-zero operands.
pub(crate) fn sqrt(fmt: Format, a: u128) -> Option<u128> {
    Some(match unpack(fmt, a) {
        Unpacked::Nan => return None,
        Unpacked::Infinity(false) => a,
        Unpacked::Infinity(true) => return None,
        Unpacked::Zero(_) => a,
        Unpacked::Finite(x) if x.negative => return None,
        Unpacked::Finite(x) => {
            // Scale to about 240 bits with an even exponent, so the root has
            // about 120 bits; an inexact root gives the sticky bit.
            let len = 128 - x.sig.leading_zeros();
            let mut up = 240 - len;
            if (x.exp - up as i32) % 2 != 0 {
                up += 1;
            }
            let (root, inexact) = U256::from_u128(x.sig).shl(up).isqrt();
            round_pack(fmt, false, root, (x.exp - up as i32) / 2, inexact)
        }
    })
}

/// Fused `a * b + c` with one rounding; `None` for invalid operations.
pub(crate) fn fma(fmt: Format, a: u128, b: u128, c: u128) -> Option<u128> {
    let (ua, ub, uc) = (unpack(fmt, a), unpack(fmt, b), unpack(fmt, c));
    let product_negative = fmt.is_negative(a) != fmt.is_negative(b);
    let product = match (ua, ub) {
        (Unpacked::Nan, _) | (_, Unpacked::Nan) => return None,
        (Unpacked::Infinity(_), Unpacked::Zero(_)) | (Unpacked::Zero(_), Unpacked::Infinity(_)) => {
            return None;
        }
        (Unpacked::Infinity(_), _) | (_, Unpacked::Infinity(_)) => {
            return add(fmt, fmt.infinity(product_negative), c, false);
        }
        (Unpacked::Zero(_), _) | (_, Unpacked::Zero(_)) => {
            return add(fmt, fmt.zero(product_negative), c, false);
        }
        (Unpacked::Finite(x), Unpacked::Finite(y)) => (
            product_negative,
            U256::mul_u128(x.sig, y.sig),
            x.exp + y.exp,
        ),
    };
    Some(match uc {
        Unpacked::Nan => return None,
        Unpacked::Infinity(n) => fmt.infinity(n),
        Unpacked::Zero(_) => round_pack(fmt, product.0, product.1, product.2, false),
        Unpacked::Finite(z) => {
            add_finite(fmt, product, (z.negative, U256::from_u128(z.sig), z.exp))
        }
    })
}

/// How [`round_to_integral`] rounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RoundMode {
    /// Toward +∞ (`ceil`).
    Up,
    /// Toward −∞ (`floor`).
    Down,
    /// Toward zero (`trunc`).
    TowardZero,
    /// To nearest, ties to even (`nearest`).
    NearestEven,
}

/// Rounds a non-NaN `a` to an integral value in its own format.
pub(crate) fn round_to_integral(fmt: Format, a: u128, mode: RoundMode) -> u128 {
    let Unpacked::Finite(x) = unpack(fmt, a) else {
        return a;
    };
    if x.exp >= 0 {
        return a;
    }
    let shift = (-x.exp) as u32;
    let (int, frac_nonzero, half, above_half) = if shift >= 128 {
        (0, true, false, false)
    } else {
        let int = x.sig >> shift;
        let frac = x.sig & ((1u128 << shift) - 1);
        let half_point = 1u128 << (shift - 1);
        (int, frac != 0, frac == half_point, frac > half_point)
    };
    let round_up = match mode {
        RoundMode::TowardZero => false,
        RoundMode::Up => frac_nonzero && !x.negative,
        RoundMode::Down => frac_nonzero && x.negative,
        RoundMode::NearestEven => above_half || (half && int & 1 == 1),
    };
    let int = int + u128::from(round_up);
    if int == 0 {
        return fmt.zero(x.negative);
    }
    round_pack(fmt, x.negative, U256::from_u128(int), 0, false)
}

/// Compares two non-NaN values (−0 equals +0).
pub(crate) fn compare(fmt: Format, a: u128, b: u128) -> Ordering {
    let key = |bits: u128| -> i128 {
        let magnitude = (bits & !fmt.sign_bit()) as i128;
        if fmt.is_negative(bits) {
            -magnitude
        } else {
            magnitude
        }
    };
    key(a).cmp(&key(b))
}

/// Converts a non-NaN value between formats, rounding once.
pub(crate) fn convert(from: Format, to: Format, a: u128) -> u128 {
    match unpack(from, a) {
        Unpacked::Nan => to.canonical_nan(),
        Unpacked::Infinity(n) => to.infinity(n),
        Unpacked::Zero(n) => to.zero(n),
        Unpacked::Finite(x) => round_pack(to, x.negative, U256::from_u128(x.sig), x.exp, false),
    }
}

/// A NaN of format `from` as a NaN of format `to`: sign kept, the payload's
/// top bits kept (truncated or zero-extended on the right), quietened.
pub(crate) fn convert_nan(from: Format, to: Format, a: u128) -> u128 {
    let sign = if from.is_negative(a) {
        to.sign_bit()
    } else {
        0
    };
    let payload = a & from.frac_mask();
    let payload = if to.frac_bits >= from.frac_bits {
        payload << (to.frac_bits - from.frac_bits)
    } else {
        payload >> (from.frac_bits - to.frac_bits)
    };
    sign | (to.max_biased_exp() << to.frac_bits) | payload | to.quiet_bit()
}

/// The integer `magnitude` (negated when `negative`) rounded into `to`.
pub(crate) fn from_integer(to: Format, negative: bool, magnitude: u128) -> u128 {
    if magnitude == 0 {
        return 0;
    }
    round_pack(to, negative, U256::from_u128(magnitude), 0, false)
}

/// A non-NaN value truncated toward zero: its sign and magnitude, or
/// `None` if the magnitude is 2^128 or more (or infinite).
pub(crate) fn to_integer_toward_zero(fmt: Format, a: u128) -> Option<(bool, u128)> {
    match unpack(fmt, a) {
        Unpacked::Nan | Unpacked::Infinity(_) => None,
        Unpacked::Zero(n) => Some((n, 0)),
        Unpacked::Finite(x) => {
            if x.exp >= 0 {
                let len = 128 - x.sig.leading_zeros();
                if len as i32 + x.exp > 128 {
                    return None;
                }
                Some((x.negative, x.sig << x.exp))
            } else if x.exp <= -128 {
                Some((x.negative, 0))
            } else {
                Some((x.negative, x.sig >> (-x.exp)))
            }
        }
    }
}
