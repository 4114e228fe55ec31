// Harness of enums.isle: expressions live in a table indexed by ExprId.
struct Ctx {
    exprs: Vec<Expr>,
}

impl Context for Ctx {
    fn expr_data(&mut self, id: u32) -> Expr {
        self.exprs[id as usize].clone()
    }
    fn id_to_i64(&mut self, id: u32) -> i64 {
        id as i64
    }
    fn plus(&mut self, a: i64, b: i64) -> i64 {
        a + b
    }
}

pub fn run() {
    let mut ctx = Ctx {
        exprs: vec![
            Expr::Const { value: 5 },                                // 0
            Expr::Zero,                                              // 1
            Expr::Bin { op: Op::Add, lhs: 1, rhs: 0 },               // 2: x + 5
            Expr::Bin { op: Op::Add, lhs: 0, rhs: 1 },               // 3: 5 + x
            Expr::Bin { op: Op::Sub, lhs: 0, rhs: 1 },               // 4
            Expr::Bin { op: Op::Add, lhs: 1, rhs: 1 },               // 5
            Expr::Bin { op: Op::Mul, lhs: 0, rhs: 0 },               // 6
            Expr::Neg(3),                                            // 7
            Expr::Const { value: 9 },                                // 8
            Expr::Bin { op: Op::Add, lhs: 0, rhs: 8 },               // 9: 5 + 9
        ],
    };
    let classify = |ctx: &mut Ctx, id: u32| {
        let p = constructor_classify(ctx, id);
        (p.first, p.second)
    };
    assert_eq!(classify(&mut ctx, 2), (1, 5));
    // Commutative: the constant on the left matches too.
    assert_eq!(classify(&mut ctx, 3), (1, 5));
    // Both constant: the operands as written win.
    assert_eq!(classify(&mut ctx, 9), (1, 9));
    assert_eq!(classify(&mut ctx, 4), (2, 0));
    assert_eq!(classify(&mut ctx, 5), (2, 0));
    assert_eq!(classify(&mut ctx, 6), (0, 0));
    assert_eq!(classify(&mut ctx, 7), (3, 3));
    assert_eq!(classify(&mut ctx, 1), (4, 0));
    assert_eq!(classify(&mut ctx, 0), (0, 0));

    assert_eq!(constructor_pair_sum(&mut ctx, Pair { first: 3, second: 4 }), 7);
    assert!(matches!(constructor_negate(&mut ctx, 0), Expr::Zero));
    assert!(matches!(constructor_negate(&mut ctx, 8), Expr::Const { value: 7 }));
}
