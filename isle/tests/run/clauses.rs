// Harness of clauses.isle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reg(pub u8);

const LIMIT: i64 = 42;

struct Ctx;

impl Context for Ctx {
    fn checked_add(&mut self, a: i64, b: i64) -> Option<i64> {
        a.checked_add(b)
    }
    fn fits_u8(&mut self, x: i64) -> Option<u8> {
        u8::try_from(x).ok()
    }
    fn nonzero(&mut self, x: i64) -> Option<i64> {
        (x != 0).then_some(x)
    }
    fn make_reg(&mut self, n: u8) -> Reg {
        Reg(n)
    }
    fn reg_number(&mut self, r: Reg) -> u8 {
        r.0
    }
    fn small_num(&mut self, n: u8) -> Option<u8> {
        (n < 16).then_some(n)
    }
}

pub fn run() {
    let mut ctx = Ctx;
    assert_eq!(constructor_compute(&mut ctx, LIMIT, 1), Reg(7));
    assert_eq!(constructor_compute(&mut ctx, 100, 55), Reg(155));
    // Sum does not fit in u8: fallback constant.
    assert_eq!(constructor_compute(&mut ctx, 200, 100), Reg(200));
    // checked_add overflows: fallback.
    assert_eq!(constructor_compute(&mut ctx, i64::MAX, 1), Reg(200));

    assert!(constructor_is_nonzero(&mut ctx, 3));
    assert!(!constructor_is_nonzero(&mut ctx, 0));

    assert_eq!(constructor_pick(&mut ctx, 9), Some(9));
    assert_eq!(constructor_pick(&mut ctx, -990), Some(10));
    assert_eq!(constructor_pick(&mut ctx, -5000), None);

    assert!(constructor_same(&mut ctx, 5, 5));
    assert!(!constructor_same(&mut ctx, 5, 6));

    assert_eq!(constructor_reg_class(&mut ctx, Reg(3)), 3);
    assert_eq!(constructor_reg_class(&mut ctx, Reg(30)), 255);

    assert_eq!(constructor_radix(&mut ctx, 16), 1);
    assert_eq!(constructor_radix(&mut ctx, 15), 2);
    assert_eq!(constructor_radix(&mut ctx, 1000), 3);
    assert_eq!(constructor_radix(&mut ctx, 5), 0);
}
